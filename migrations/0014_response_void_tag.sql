ALTER TABLE `responses` ADD `void_tag` integer;--> statement-breakpoint
CREATE INDEX `responses_void_tag` ON `responses` (`round_id`,`void_tag`) WHERE void_tag IS NOT NULL;