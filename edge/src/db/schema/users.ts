import { sql } from "drizzle-orm";
import { boolean, int, mysqlTable, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { idColumn, timestamp } from "./columns.js";

export const users = mysqlTable(
  "users",
  {
    id: idColumn("id").primaryKey(),
    email: varchar("email", { length: 255 }).notNull(),
    fullName: varchar("full_name", { length: 100 }).notNull(),
    /** `pbkdf2-sha256$iterations$salt(base64)$hash(base64)` */
    passwordHash: varchar("password_hash", { length: 255 }).notNull(),
    stripeCustomerId: varchar("stripe_customer_id", { length: 255 }),
    isActive: boolean("is_active").notNull().default(true),
    isVerified: boolean("is_verified").notNull().default(false),
    /** One-time code, stored as a hash; purpose says which flow it belongs to. */
    otpHash: varchar("otp_hash", { length: 128 }),
    otpPurpose: varchar("otp_purpose", { length: 20 }),
    otpExpiresAt: timestamp("otp_expires_at"),
    otpAttempts: int("otp_attempts").notNull().default(0),
    otpSentAt: timestamp("otp_sent_at"),
    /** Raised when every session must end (sign out everywhere, password reset); access tokens carry it as `gen`. */
    tokenGeneration: int("token_generation").notNull().default(0),
    createdAt: timestamp("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: timestamp("updated_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email), uniqueIndex("users_stripe_customer_unique").on(t.stripeCustomerId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
