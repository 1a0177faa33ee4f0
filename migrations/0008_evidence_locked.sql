-- The evidence is locked (issue 21): rounds say whether Signpost collected their responses or
-- they were imported; code-only rounds keep how their responses arrived (per 10-minute window,
-- never per response); an action plan records a change made after the next year's round opened.
ALTER TABLE `action_plans` ADD `changed_after_opening_on` text;--> statement-breakpoint
ALTER TABLE `action_plans` ADD `changed_after_opening_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `rounds` ADD `source` text DEFAULT 'collected' NOT NULL;--> statement-breakpoint
ALTER TABLE `rounds` ADD `arrival_window_start` integer;--> statement-breakpoint
ALTER TABLE `rounds` ADD `arrival_window_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rounds` ADD `busiest_window_count` integer DEFAULT 0 NOT NULL;;--> statement-breakpoint
-- Rounds from before: a round is imported when every response it holds came from a file.
UPDATE `rounds` SET `source` = 'imported' WHERE EXISTS (SELECT 1 FROM `responses` WHERE `responses`.`round_id` = `rounds`.`id`) AND NOT EXISTS (SELECT 1 FROM `responses` WHERE `responses`.`round_id` = `rounds`.`id` AND `responses`.`submission_id` NOT LIKE 'import-%');
