CREATE TABLE `event_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`round_id` integer NOT NULL,
	`label` text NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_codes_round` ON `event_codes` (`round_id`);