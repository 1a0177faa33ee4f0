CREATE TABLE `framework_criteria` (
	`partnership_id` integer NOT NULL,
	`year` text NOT NULL,
	`criteria` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	PRIMARY KEY(`partnership_id`, `year`),
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `framework_entries` (
	`institution_id` integer NOT NULL,
	`year` text NOT NULL,
	`destination_ks4` real,
	`destination_post16` real,
	`y11_eet` real,
	`quality_award` text,
	`staffing` text,
	`actions` text DEFAULT '{}' NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	PRIMARY KEY(`institution_id`, `year`),
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `you_said_we_did` (
	`round_id` integer PRIMARY KEY NOT NULL,
	`items` text NOT NULL,
	`published_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
);
