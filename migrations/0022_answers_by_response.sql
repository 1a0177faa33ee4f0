-- Answers keyed by round and response instead of round and question: response ids are random
-- (0019), so keyed by question first the answers of one group commit were spread over a page per
-- answer; keyed by response, a response's answers are written side by side. Still WITHOUT ROWID.
-- The partial index finds the responses the figures do not rest on yet without reading the round.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_answers` (
	`response_id` integer NOT NULL,
	`round_id` integer NOT NULL,
	`question_key` text NOT NULL,
	`value` text NOT NULL,
	`scale` integer,
	PRIMARY KEY(`round_id`, `response_id`, `question_key`, `value`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_answers`("response_id", "round_id", "question_key", "value", "scale") SELECT "response_id", "round_id", "question_key", "value", "scale" FROM `answers`;--> statement-breakpoint
DROP TABLE `answers`;--> statement-breakpoint
ALTER TABLE `__new_answers` RENAME TO `answers`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `responses_not_in_figures` ON `responses` (`round_id`) WHERE in_figures = 0;