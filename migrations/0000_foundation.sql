CREATE TABLE `access_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`round_id` integer NOT NULL,
	`label` text,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_tokens_round` ON `access_tokens` (`round_id`);--> statement-breakpoint
CREATE TABLE `action_plans` (
	`round_id` integer PRIMARY KEY NOT NULL,
	`development_keys` text NOT NULL,
	`actions` text DEFAULT '{}' NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `answer_tallies` (
	`round_id` integer NOT NULL,
	`question_key` text NOT NULL,
	`value` text NOT NULL,
	`scale` integer,
	`n` integer NOT NULL,
	PRIMARY KEY(`round_id`, `question_key`, `value`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `answers` (
	`response_id` integer NOT NULL,
	`round_id` integer NOT NULL,
	`question_key` text NOT NULL,
	`value` text NOT NULL,
	`scale` integer,
	PRIMARY KEY(`round_id`, `question_key`, `response_id`, `value`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `institutions` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `institutions_slug_unique` ON `institutions` (`slug`);--> statement-breakpoint
CREATE INDEX `institutions_partnership` ON `institutions` (`partnership_id`);--> statement-breakpoint
CREATE TABLE `partnerships` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partnerships_slug_unique` ON `partnerships` (`slug`);--> statement-breakpoint
CREATE TABLE `profile_tallies` (
	`round_id` integer NOT NULL,
	`profile_key` text NOT NULL,
	`group_value` text NOT NULL,
	`question_key` text NOT NULL,
	`point` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`round_id`, `profile_key`, `group_value`, `question_key`, `point`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `responses` (
	`id` integer PRIMARY KEY NOT NULL,
	`round_id` integer NOT NULL,
	`submission_id` text NOT NULL,
	`submitted_on` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_round_submission` ON `responses` (`round_id`,`submission_id`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY NOT NULL,
	`institution_id` integer NOT NULL,
	`survey_id` text NOT NULL,
	`audience` text NOT NULL,
	`year` text NOT NULL,
	`code` text NOT NULL,
	`tokens_required` integer DEFAULT false NOT NULL,
	`opens_on` text,
	`closes_on` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_code_unique` ON `rounds` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_institution_survey_year` ON `rounds` (`institution_id`,`survey_id`,`year`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `used_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`partnership_id` integer NOT NULL,
	`institution_id` integer,
	`password_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_institution` ON `users` (`institution_id`);