CREATE TABLE `import_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`started_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `import_staged_answers` (
	`import_id` text NOT NULL,
	`question_key` text NOT NULL,
	`response_id` integer NOT NULL,
	`value` text NOT NULL,
	`scale` integer,
	PRIMARY KEY(`import_id`, `question_key`, `response_id`, `value`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `import_staged_responses` (
	`import_id` text NOT NULL,
	`response_id` integer NOT NULL,
	`submission_id` text NOT NULL,
	`submitted_on` text NOT NULL,
	`language` text NOT NULL,
	PRIMARY KEY(`import_id`, `response_id`)
) WITHOUT ROWID;
