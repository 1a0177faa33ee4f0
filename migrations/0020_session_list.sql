ALTER TABLE `sessions` ADD `created_at` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `browser` text;