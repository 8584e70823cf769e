CREATE TABLE `agent_costs` (
	`agent_id` varchar(100) NOT NULL,
	`cost` int NOT NULL,
	`description` varchar(255) NOT NULL,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `agent_costs_agent_id` PRIMARY KEY(`agent_id`)
);
--> statement-breakpoint
CREATE TABLE `credit_transactions` (
	`id` varchar(26) NOT NULL,
	`user_id` varchar(30) NOT NULL,
	`delta_credits` bigint NOT NULL,
	`type` varchar(20) NOT NULL,
	`reason` varchar(500) NOT NULL,
	`agent_id` varchar(100),
	`tool_id` varchar(100),
	`task_id` varchar(30),
	`idempotency_key` varchar(191),
	`stripe_checkout_session_id` varchar(255),
	`stripe_payment_intent_id` varchar(255),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `credit_transactions_id` PRIMARY KEY(`id`),
	CONSTRAINT `credit_transactions_idempotency_unique` UNIQUE(`idempotency_key`),
	CONSTRAINT `credit_transactions_checkout_unique` UNIQUE(`stripe_checkout_session_id`)
);
--> statement-breakpoint
CREATE TABLE `credit_wallets` (
	`user_id` varchar(30) NOT NULL,
	`balance_credits` bigint NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `credit_wallets_user_id` PRIMARY KEY(`user_id`)
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` varchar(191) NOT NULL,
	`count` int NOT NULL DEFAULT 0,
	`window_started_at` datetime(3) NOT NULL,
	`blocked_until` datetime(3),
	CONSTRAINT `rate_limits_key` PRIMARY KEY(`key`)
);
--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`id` varchar(30) NOT NULL,
	`user_id` varchar(30) NOT NULL,
	`family_id` varchar(30) NOT NULL,
	`token_hash` varchar(64) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`rotated_at` datetime(3),
	`revoked_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `refresh_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `refresh_tokens_hash_unique` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` varchar(255) NOT NULL,
	`type` varchar(100) NOT NULL,
	`received_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `stripe_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `task_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`task_id` varchar(30) NOT NULL,
	`event_id` varchar(100) NOT NULL,
	`type` varchar(40) NOT NULL,
	`from_status` varchar(20),
	`to_status` varchar(20),
	`payload` longtext,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `task_events_id` PRIMARY KEY(`id`),
	CONSTRAINT `task_events_task_event_unique` UNIQUE(`task_id`,`event_id`)
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`task_id` varchar(30) NOT NULL,
	`user_id` varchar(30) NOT NULL,
	`tool_id` varchar(100) NOT NULL,
	`agents` longtext NOT NULL,
	`status` varchar(20) NOT NULL,
	`progress` int NOT NULL DEFAULT 0,
	`current_agent` varchar(100),
	`error_code` varchar(64),
	`error_message` text,
	`attempt` int NOT NULL DEFAULT 0,
	`inputs` longtext,
	`has_parameters` boolean NOT NULL DEFAULT false,
	`idempotency_key` varchar(191),
	`result_summary` longtext,
	`manifest_key` varchar(512),
	`heartbeat_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`upload_started_at` datetime(3),
	`queued_at` datetime(3),
	`dispatched_at` datetime(3),
	`processing_started_at` datetime(3),
	`completed_at` datetime(3),
	`failed_at` datetime(3),
	`cancelled_at` datetime(3),
	`expired_at` datetime(3),
	`is_cleaned_up` boolean NOT NULL DEFAULT false,
	`cleaned_up_at` datetime(3),
	CONSTRAINT `tasks_task_id` PRIMARY KEY(`task_id`),
	CONSTRAINT `tasks_user_idempotency_unique` UNIQUE(`user_id`,`idempotency_key`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(30) NOT NULL,
	`email` varchar(255) NOT NULL,
	`full_name` varchar(100) NOT NULL,
	`password_hash` varchar(255) NOT NULL,
	`stripe_customer_id` varchar(255),
	`is_active` boolean NOT NULL DEFAULT true,
	`is_verified` boolean NOT NULL DEFAULT false,
	`otp_hash` varchar(128),
	`otp_purpose` varchar(20),
	`otp_expires_at` datetime(3),
	`otp_attempts` int NOT NULL DEFAULT 0,
	`otp_sent_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_unique` UNIQUE(`email`),
	CONSTRAINT `users_stripe_customer_unique` UNIQUE(`stripe_customer_id`)
);
--> statement-breakpoint
CREATE INDEX `credit_transactions_user_idx` ON `credit_transactions` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `credit_transactions_task_idx` ON `credit_transactions` (`task_id`);--> statement-breakpoint
CREATE INDEX `credit_transactions_payment_intent_idx` ON `credit_transactions` (`stripe_payment_intent_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_user_idx` ON `refresh_tokens` (`user_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_family_idx` ON `refresh_tokens` (`family_id`);--> statement-breakpoint
CREATE INDEX `task_events_task_idx` ON `task_events` (`task_id`,`id`);--> statement-breakpoint
CREATE INDEX `tasks_user_idx` ON `tasks` (`user_id`,`task_id`);--> statement-breakpoint
CREATE INDEX `tasks_user_status_idx` ON `tasks` (`user_id`,`status`,`task_id`);--> statement-breakpoint
CREATE INDEX `tasks_user_tool_idx` ON `tasks` (`user_id`,`tool_id`,`task_id`);--> statement-breakpoint
CREATE INDEX `tasks_status_heartbeat_idx` ON `tasks` (`status`,`heartbeat_at`);--> statement-breakpoint
CREATE INDEX `tasks_status_queued_idx` ON `tasks` (`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `tasks_status_created_idx` ON `tasks` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `tasks_cleanup_idx` ON `tasks` (`is_cleaned_up`,`created_at`);