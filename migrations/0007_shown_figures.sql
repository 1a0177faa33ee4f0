-- Figures of an open round move only in steps of the minimum cohort: the tallies keep, beside
-- their running count n, the count the figures show (`shown`), brought up to date only when
-- minCohort more responses have arrived, and in full when the round closes. What existed before
-- this migration is shown as it stands: it becomes every round's first step.
ALTER TABLE `answer_tallies` ADD `shown` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `profile_tallies` ADD `shown` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rounds` ADD `shown_respondents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `answer_tallies` SET `shown` = `n`;--> statement-breakpoint
UPDATE `profile_tallies` SET `shown` = `n`;--> statement-breakpoint
UPDATE `rounds` SET `shown_respondents` = (SELECT count(*) FROM `responses` WHERE `responses`.`round_id` = `rounds`.`id`);
