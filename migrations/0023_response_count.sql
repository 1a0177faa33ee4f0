-- Each round's number of responses, kept by triggers in the statement that inserts, deletes or
-- moves a response, so that every writer keeps it exact. A group commit read count(*) over the
-- whole round up to five times (its plan and the figures' catch-up): linear in the round's size.
ALTER TABLE `rounds` ADD `response_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `rounds` SET `response_count` = (SELECT count(*) FROM `responses` WHERE `round_id` = `rounds`.`id`);--> statement-breakpoint
CREATE TRIGGER `responses_counted` AFTER INSERT ON `responses` BEGIN UPDATE `rounds` SET `response_count` = `response_count` + 1 WHERE `id` = NEW.`round_id`; END;--> statement-breakpoint
CREATE TRIGGER `responses_uncounted` AFTER DELETE ON `responses` BEGIN UPDATE `rounds` SET `response_count` = `response_count` - 1 WHERE `id` = OLD.`round_id`; END;--> statement-breakpoint
CREATE TRIGGER `responses_recounted` AFTER UPDATE OF `round_id` ON `responses` WHEN NEW.`round_id` IS NOT OLD.`round_id` BEGIN UPDATE `rounds` SET `response_count` = `response_count` - 1 WHERE `id` = OLD.`round_id`; UPDATE `rounds` SET `response_count` = `response_count` + 1 WHERE `id` = NEW.`round_id`; END;
