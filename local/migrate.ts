/**
 * Applies migrations/ (drizzle-kit output) and seeds agent costs from the tool catalog.
 * The same migrator runs in development, CI and (pointed at PlanetScale) production.
 * Seeding never overwrites a cost someone changed in the database.
 */
import { fileURLToPath } from "node:url";
import { allAgents } from "@agensium/shared";
import { drizzle } from "drizzle-orm/mysql2";
import { migrate } from "drizzle-orm/mysql2/migrator";
import mysql from "mysql2/promise";

const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export async function migrateAndSeed(databaseUrl: string): Promise<void> {
  const conn = await mysql.createConnection({ uri: databaseUrl, multipleStatements: false });
  try {
    await migrate(drizzle(conn), { migrationsFolder });
    for (const agent of allAgents()) {
      await conn.query("INSERT IGNORE INTO agent_costs (agent_id, cost, description) VALUES (?, ?, ?)", [
        agent.id,
        agent.cost,
        agent.description.slice(0, 255),
      ]);
    }
  } finally {
    await conn.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const url = process.env.DATABASE_URL ?? "mysql://root@127.0.0.1:3306/agensium";
  migrateAndSeed(url)
    .then(() => console.log(`migrated and seeded ${new URL(url).host}${new URL(url).pathname}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
