CREATE TABLE `import_mappings` (
	`partnership_id` integer NOT NULL,
	`survey_id` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`partnership_id`, `survey_id`),
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY NOT NULL,
	`institution_id` integer NOT NULL,
	`round_id` integer NOT NULL,
	`survey_id` text NOT NULL,
	`year` text NOT NULL,
	`file_hash` text NOT NULL,
	`format` text NOT NULL,
	`responses` integer NOT NULL,
	`first_response_id` integer NOT NULL,
	`last_response_id` integer NOT NULL,
	`round_created` integer NOT NULL,
	`tallies` text NOT NULL,
	`profiles` text NOT NULL,
	`imported_on` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `imports_institution` ON `imports` (`institution_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `imports_round_file` ON `imports` (`round_id`,`file_hash`);