-- How many one-time codes of each class label have been used, as a counter stepped in the batch
-- that stores the response (collect/group-write.ts). WITHOUT ROWID: no rowid in the order classes
-- first answered, and no time or response id, so nothing in it can be lined up with a response.
CREATE TABLE `label_uses` (
	`round_id` integer NOT NULL,
	`label` text NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`round_id`, `label`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
-- rounds with codes already printed start from the codes used so far
INSERT INTO `label_uses` (`round_id`, `label`, `used`)
  SELECT t.`round_id`, coalesce(t.`label`, ''), count(u.`token_hash`)
  FROM `access_tokens` t LEFT JOIN `used_tokens` u ON u.`token_hash` = t.`token_hash`
  GROUP BY t.`round_id`, coalesce(t.`label`, '');
