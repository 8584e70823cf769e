/**
 * A chat turn's price, through the same ledger as agents: one CONSUME per turn keyed by the
 * request id (so a turn is never charged twice), and one REFUND of it, also keyed, when the
 * model fails to answer.
 */
import type { Database } from "../../db/client.js";
import { applyCreditChange } from "../../db/ledger.js";
import { ApiError } from "../../errors.js";

export interface ChatCharge {
  credits: number;
  refund(why: string): Promise<void>;
}

export async function chargeChatTurn(
  db: Database,
  turn: { userId: string; requestId: string; taskId?: string; credits: number },
): Promise<ChatCharge> {
  const free: ChatCharge = { credits: 0, refund: async () => {} };
  if (turn.credits <= 0) return free;
  const change = await applyCreditChange(db, {
    userId: turn.userId,
    delta: -turn.credits,
    type: "CONSUME",
    reason: turn.taskId ? `chat turn about ${turn.taskId}` : "chat turn",
    taskId: turn.taskId,
    idempotencyKey: `chat:${turn.requestId}`,
  });
  if (change.status === "insufficient") {
    throw new ApiError(
      "BILLING_INSUFFICIENT_CREDITS",
      `A chat turn costs ${change.required} credits; the wallet holds ${change.available}`,
      {
        required: change.required,
        available: change.available,
      },
    );
  }
  if (change.status === "duplicate") return free;
  return {
    credits: turn.credits,
    async refund(why) {
      await applyCreditChange(db, {
        userId: turn.userId,
        delta: turn.credits,
        type: "REFUND",
        reason: `chat turn ${why}`.slice(0, 500),
        taskId: turn.taskId,
        idempotencyKey: `chat-refund:${turn.requestId}`,
      });
    },
  };
}
