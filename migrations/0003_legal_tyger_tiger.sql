ALTER TABLE `tasks` ADD `job_id` varchar(30);--> statement-breakpoint
ALTER TABLE `users` ADD `token_generation` int DEFAULT 0 NOT NULL;