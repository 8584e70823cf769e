CREATE TABLE `api_keys` (
	`id` varchar(30) NOT NULL,
	`user_id` varchar(30) NOT NULL,
	`name` varchar(100) NOT NULL,
	`prefix` varchar(20) NOT NULL,
	`key_hash` varchar(64) NOT NULL,
	`scopes` longtext NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`last_used_at` datetime(3),
	`revoked_at` datetime(3),
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_hash_unique` UNIQUE(`key_hash`)
);
--> statement-breakpoint
CREATE INDEX `api_keys_user_idx` ON `api_keys` (`user_id`);