-- The audit log of staff actions (issue 19), append-only.
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`partnership_id` integer NOT NULL,
	`institution_id` integer,
	`round_id` integer,
	`user_id` integer,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`detail` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_partnership_at` ON `audit_log` (`partnership_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_institution_at` ON `audit_log` (`institution_id`,`at`);--> statement-breakpoint
-- Append-only for the application (issue 19): no statement Signpost sends may change or remove a row.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be deleted'); END;
