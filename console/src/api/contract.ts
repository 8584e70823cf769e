/**
 * The console's view of the API, read from the edge's own route definitions (type-only imports:
 * nothing of the edge reaches the bundle). A renamed or retyped response field breaks the
 * console's type check instead of the page.
 */
import type { z } from "@hono/zod-openapi";
import type { loginRoute } from "../../../edge/src/routes/auth/login.js";
import type { meRoute } from "../../../edge/src/routes/auth/me.js";
import type { signupRoute } from "../../../edge/src/routes/auth/signup.js";
import type { checkoutRoute } from "../../../edge/src/routes/billing/checkout.js";
import type { packsRoute } from "../../../edge/src/routes/billing/packs.js";
import type { transactionsRoute } from "../../../edge/src/routes/billing/transactions.js";
import type { walletRoute } from "../../../edge/src/routes/billing/wallet.js";
import type { sendChatMessageRoute } from "../../../edge/src/routes/chat/send-message.js";
import type { createTaskRoute } from "../../../edge/src/routes/tasks/create.js";
import type { downloadsRoute } from "../../../edge/src/routes/tasks/downloads.js";
import type { createTaskEventsTicketRoute } from "../../../edge/src/routes/tasks/events-ticket.js";
import type { getTaskRoute } from "../../../edge/src/routes/tasks/get.js";
import type { listTasksRoute } from "../../../edge/src/routes/tasks/list.js";
import type { uploadUrlsRoute } from "../../../edge/src/routes/tasks/upload-urls.js";
import type { getToolRoute } from "../../../edge/src/routes/tools/get.js";
import type { listToolsRoute } from "../../../edge/src/routes/tools/list.js";

type RouteLike = { responses: Record<number, unknown> };
/** The JSON body a route answers with the given status. */
type Body<R extends RouteLike, S extends keyof R["responses"]> = R["responses"][S] extends {
  content: { "application/json": { schema: infer Schema extends z.ZodType } };
}
  ? z.output<Schema>
  : never;

export type TokenPair = Body<typeof loginRoute, 200>;
export type SignedUpUser = Body<typeof signupRoute, 201>;
export type Me = Body<typeof meRoute, 200>;
export type Tool = Body<typeof getToolRoute, 200>;
export type ToolList = Body<typeof listToolsRoute, 200>;
export type Task = Body<typeof getTaskRoute, 200>;
export type TaskStatus = Task["status"];
export type CreatedTask = Body<typeof createTaskRoute, 201>;
export type TaskPage = Body<typeof listTasksRoute, 200>;
export type UploadUrls = Body<typeof uploadUrlsRoute, 200>;
export type UploadTarget = UploadUrls["uploads"]["primary"];
export type PresignedPut = Extract<UploadTarget, { method: "PUT" }>;
export type MultipartTarget = Extract<UploadTarget, { multipart: unknown }>;
export type EventsTicket = Body<typeof createTaskEventsTicketRoute, 201>;
export type Downloads = Body<typeof downloadsRoute, 200>;
export type Download = Downloads["downloads"][number];
export type Wallet = Body<typeof walletRoute, 200>;
export type LedgerPage = Body<typeof transactionsRoute, 200>;
export type LedgerRow = LedgerPage["items"][number];
export type Packs = Body<typeof packsRoute, 200>;
export type Checkout = Body<typeof checkoutRoute, 200>;
export type ChatReply = Body<typeof sendChatMessageRoute, 200>;

/** A `status` event on the task stream carries the task view (with rows done and the agent's step). */
export type TaskEvent = Task;
