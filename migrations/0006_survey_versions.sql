-- Past years are frozen: a round stores the survey definition it was opened with, so a later
-- edit of surveys/*.yaml changes only the rounds opened after it. Rounds that existed before this
-- migration are given the survey files of the day by `signpost db migrate` / the Node start.
CREATE TABLE `survey_versions` (
	`hash` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`content` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `rounds` ADD `survey_version` text REFERENCES survey_versions(hash);