/** The development outbox (see schema/dev-mail-outbox.ts); used only when ENVIRONMENT=development. */
import { desc, eq } from "drizzle-orm";
import type { Database } from "./client.js";
import { devMailOutbox } from "./schema/index.js";

export async function appendDevMail(db: Database, mail: { recipient: string; subject: string; body: string }): Promise<void> {
  await db.insert(devMailOutbox).values(mail);
}

/** The latest messages sent to an address, oldest first (newest last). */
export async function listDevMailTo(db: Database, recipient: string, limit = 50) {
  const newestFirst = await db
    .select()
    .from(devMailOutbox)
    .where(eq(devMailOutbox.recipient, recipient))
    .orderBy(desc(devMailOutbox.id))
    .limit(limit);
  return newestFirst.reverse();
}
