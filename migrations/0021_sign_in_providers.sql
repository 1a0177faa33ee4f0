CREATE TABLE `sign_in_providers` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`issuer` text NOT NULL,
	`client_id` text NOT NULL,
	`client_secret_sealed` text NOT NULL,
	`allowed` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sso_logins` (
	`state_hash` text PRIMARY KEY NOT NULL,
	`provider_id` integer NOT NULL,
	`sealed` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `sign_in_providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sso_sessions` (
	`session_id_hash` text PRIMARY KEY NOT NULL,
	`provider_id` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `invitations` ADD `email` text;