/**
 * The claim that keeps a queue message delivered twice from sending an attempt twice, through the
 * real driver and the local PlanetScale HTTP server: one claim wins, a live claim is left alone,
 * and one left "sending" by a consumer that died is taken over exactly once.
 */
import { newId } from "@agensium/shared";
import { describe, expect, inject, it } from "vitest";
import { createDatabase } from "../../../edge/src/db/client.js";
import { claimDelivery } from "../../../edge/src/db/webhooks.js";
import { testDb } from "../../../test/support/users.js";

const db = createDatabase(inject("edgeVars").DATABASE_URL);
const attemptOf = () => ({ eventId: newId("webhookEvent"), endpointId: newId("webhookEndpoint"), attempt: 1 });

describe("claiming a delivery attempt", () => {
  it("lets exactly one of several concurrent claims have it", async () => {
    const attempt = attemptOf();
    const claims = await Promise.all([0, 1, 2, 3].map(() => claimDelivery(db, attempt, new Date(Date.now() - 60_000))));
    const winners = claims.filter((id) => id !== undefined);
    expect(winners).toHaveLength(1);
    const [rows] = await testDb().query("SELECT id, outcome FROM webhook_deliveries WHERE event_id = ?", [attempt.eventId]);
    expect(rows).toEqual([{ id: winners[0], outcome: "sending" }]);
  });

  it("takes over a claim left stale exactly once, and never one that finished", async () => {
    const stale = attemptOf();
    const first = await claimDelivery(db, stale, new Date(Date.now() - 60_000));
    expect(first).toBeDefined();
    await testDb().query("UPDATE webhook_deliveries SET created_at = NOW(3) - INTERVAL 10 MINUTE WHERE id = ?", [first]);
    const staleBefore = new Date(Date.now() - 5 * 60_000);
    const takeovers = await Promise.all([claimDelivery(db, stale, staleBefore), claimDelivery(db, stale, staleBefore)]);
    expect(takeovers.filter((id) => id !== undefined)).toEqual([first]);

    const finished = attemptOf();
    const done = await claimDelivery(db, finished, new Date());
    await testDb().query("UPDATE webhook_deliveries SET outcome = 'delivered', created_at = NOW(3) - INTERVAL 10 MINUTE WHERE id = ?", [
      done,
    ]);
    expect(await claimDelivery(db, finished, new Date())).toBeUndefined();
  });
});
