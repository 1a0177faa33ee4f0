-- A used one-time token is kept by its hash only. As an ordinary table, used_tokens also had a
-- rowid in the order tokens were used, which lined up with the responses' order and so linked a
-- token (and its label) to the answers it unlocked. WITHOUT ROWID, the rows are kept in hash
-- order and nothing records when, or in what order, a token was used.
CREATE TABLE `used_tokens_keyed` (`token_hash` text PRIMARY KEY NOT NULL) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `used_tokens_keyed` (`token_hash`) SELECT `token_hash` FROM `used_tokens`;
--> statement-breakpoint
DROP TABLE `used_tokens`;
--> statement-breakpoint
ALTER TABLE `used_tokens_keyed` RENAME TO `used_tokens`;
