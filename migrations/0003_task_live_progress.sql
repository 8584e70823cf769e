ALTER TABLE `tasks` ADD `rows_processed` bigint;--> statement-breakpoint
ALTER TABLE `tasks` ADD `step` varchar(40);--> statement-breakpoint
ALTER TABLE `tasks` ADD `progress_seq` int DEFAULT 0 NOT NULL;