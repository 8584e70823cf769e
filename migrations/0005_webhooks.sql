CREATE TABLE `webhook_deliveries` (
	`id` varchar(30) NOT NULL,
	`event_id` varchar(30) NOT NULL,
	`endpoint_id` varchar(30) NOT NULL,
	`attempt` int NOT NULL,
	`outcome` varchar(12) NOT NULL,
	`status_code` int,
	`error` varchar(500),
	`duration_ms` int,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`next_retry_at` datetime(3),
	CONSTRAINT `webhook_deliveries_id` PRIMARY KEY(`id`),
	CONSTRAINT `webhook_deliveries_attempt_unique` UNIQUE(`event_id`,`endpoint_id`,`attempt`)
);
--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` varchar(30) NOT NULL,
	`user_id` varchar(30) NOT NULL,
	`url` varchar(2048) NOT NULL,
	`description` varchar(200),
	`events` longtext NOT NULL,
	`enabled` boolean NOT NULL DEFAULT true,
	`secret_ciphertext` varchar(255) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`secret_rotated_at` datetime(3),
	CONSTRAINT `webhook_endpoints_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` varchar(30) NOT NULL,
	`task_id` varchar(30) NOT NULL,
	`user_id` varchar(30) NOT NULL,
	`type` varchar(30) NOT NULL,
	`attempt` int NOT NULL,
	`payload` longtext NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`published_at` datetime(3),
	CONSTRAINT `webhook_events_id` PRIMARY KEY(`id`),
	CONSTRAINT `webhook_events_task_type_attempt_unique` UNIQUE(`task_id`,`type`,`attempt`)
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`endpoint_id`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_endpoints_user_idx` ON `webhook_endpoints` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `webhook_events_unpublished_idx` ON `webhook_events` (`published_at`,`created_at`);