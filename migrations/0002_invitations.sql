CREATE TABLE `invitations` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`partnership_id` integer,
	`institution_id` integer,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
