-- A counter can carry its limit (`max`): the CHECK then refuses the hit that would go past it,
-- so a response counted against a full round fails in its own write batch and nothing of it is
-- stored. Counters kept so far have no cap (NULL) until their next hit sets it.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` text NOT NULL,
	`count` integer NOT NULL,
	`max` integer,
	CONSTRAINT "rate_limit_full" CHECK(max IS NULL OR count <= max)
);
--> statement-breakpoint
INSERT INTO `__new_rate_limits`("key", "window_start", "count", "max") SELECT "key", "window_start", "count", NULL FROM `rate_limits`;--> statement-breakpoint
DROP TABLE `rate_limits`;--> statement-breakpoint
ALTER TABLE `__new_rate_limits` RENAME TO `rate_limits`;--> statement-breakpoint
PRAGMA foreign_keys=ON;