CREATE TABLE `dev_mail_outbox` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`recipient` varchar(255) NOT NULL,
	`subject` varchar(255) NOT NULL,
	`body` text NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `dev_mail_outbox_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `dev_mail_outbox_recipient_idx` ON `dev_mail_outbox` (`recipient`,`id`);