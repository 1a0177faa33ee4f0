CREATE TABLE `year_group_rolls` (
	`institution_id` integer NOT NULL,
	`year` text NOT NULL,
	`year_group` text NOT NULL,
	`on_roll` integer NOT NULL,
	PRIMARY KEY(`institution_id`, `year`, `year_group`),
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "year_group_rolls_on_roll" CHECK("year_group_rolls"."on_roll" >= 0 AND "year_group_rolls"."on_roll" <= 10000)
);
