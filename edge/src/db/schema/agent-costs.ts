import { sql } from "drizzle-orm";
import { int, mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { timestamp } from "./columns.js";

/** Credits per agent run. Seeded from the tool catalog; editable without a deploy. */
export const agentCosts = mysqlTable("agent_costs", {
  agentId: varchar("agent_id", { length: 100 }).primaryKey(),
  cost: int("cost").notNull(),
  description: varchar("description", { length: 255 }).notNull(),
  updatedAt: timestamp("updated_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});

export type AgentCost = typeof agentCosts.$inferSelect;
