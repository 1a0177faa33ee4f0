ALTER TABLE `responses` ADD `in_figures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- the responses the figures rest on today: rounds.shown_respondents of them, the first by id (ids
-- followed arrival until they were made random, after which every round catches up with this column)
UPDATE `responses` SET `in_figures` = 1 WHERE `id` IN (
  SELECT `id` FROM (
    SELECT r.`id`, row_number() OVER (PARTITION BY r.`round_id` ORDER BY r.`id`) AS `n`, ro.`shown_respondents` AS `shown`
    FROM `responses` r JOIN `rounds` ro ON ro.`id` = r.`round_id`
  ) WHERE `n` <= `shown`
);
