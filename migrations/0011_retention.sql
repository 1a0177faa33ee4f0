-- Retention that keeps the trend (issue 19): the day a round's individual answers were deleted, and how many responses went.
ALTER TABLE `rounds` ADD `answers_deleted_on` text;--> statement-breakpoint
ALTER TABLE `rounds` ADD `deleted_responses` integer DEFAULT 0 NOT NULL;