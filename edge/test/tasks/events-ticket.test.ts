/**
 * Stream tickets for EventSource: POST /tasks/:id/events/ticket gives a 60-second, single-task,
 * read-only ticket; GET /tasks/:id/events?ticket= streams without Authorization, and refuses
 * an expired, tampered or other task's ticket with stable codes. Last-Event-ID resumes a
 * stream without repeating the state the client already has.
 */
import { newId } from "@agensium/shared";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, edgeUrl } from "../../../test/support/http.js";
import { openSse } from "../../../test/support/sse.js";
import { createTestUser, type TestUser } from "../../../test/support/users.js";
import { issueStreamTicket } from "../../src/auth/stream-ticket.js";
import { createTask } from "./helpers.js";

async function ticketFor(user: TestUser, taskId: string) {
  const res = await api("POST", `/tasks/${taskId}/events/ticket`, { token: user.token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { ticket: string; expires_at: string; events_url: string };
}

const eventsUrl = (taskId: string, ticket: string) => `${edgeUrl()}/tasks/${taskId}/events?ticket=${encodeURIComponent(ticket)}`;

/** Replaces one character of the part, so the bytes differ but the shape stays valid. */
function flip(part: string, at: number): string {
  const c = part[at];
  return part.slice(0, at) + (c === "A" ? "B" : "A") + part.slice(at + 1);
}

describe("stream tickets", () => {
  let owner: TestUser;
  let stranger: TestUser;
  let taskId: string;
  let otherTaskId: string;

  beforeAll(async () => {
    owner = await createTestUser();
    stranger = await createTestUser();
    taskId = (await createTask(owner)).task_id;
    otherTaskId = (await createTask(owner)).task_id;
  });

  it("gives a 60-second ticket and a ready events URL that streams without Authorization", async () => {
    const before = Date.now();
    const body = await ticketFor(owner, taskId);
    const lifetime = Date.parse(body.expires_at) - before;
    expect(lifetime).toBeGreaterThan(55_000);
    expect(lifetime).toBeLessThanOrEqual(61_000);
    expect(body.events_url).toBe(eventsUrl(taskId, body.ticket));
    expect(body.ticket).not.toContain(owner.token);

    const stream = await openSse(body.events_url);
    expect(stream.status).toBe(200);
    const first = await stream.events().next();
    stream.close();
    expect(first.value?.event).toBe("status");
    const view = JSON.parse(first.value?.data ?? "{}");
    expect(view).toMatchObject({ task_id: taskId, status: "CREATED", progress: 0, current_agent: null });
  });

  it("Authorization still opens the stream", async () => {
    const stream = await openSse(`${edgeUrl()}/tasks/${taskId}/events`, { authorization: `Bearer ${owner.token}` });
    expect(stream.status).toBe(200);
    const first = await stream.events().next();
    stream.close();
    expect(JSON.parse(first.value?.data ?? "{}").task_id).toBe(taskId);
  });

  it("refuses a ticket for another task: 403 STREAM_TICKET_WRONG_TASK", async () => {
    const { ticket } = await ticketFor(owner, otherTaskId);
    const stream = await openSse(eventsUrl(taskId, ticket));
    expect(stream.status).toBe(403);
    expect(stream.body.error.code).toBe("STREAM_TICKET_WRONG_TASK");
  });

  it("refuses a ticket for another user's task: none is issued (404), and the stranger's own ticket opens nothing of the owner's", async () => {
    const refused = await api("POST", `/tasks/${taskId}/events/ticket`, { token: stranger.token });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("TASK_NOT_FOUND");
    const strangersTask = (await createTask(stranger)).task_id;
    const { ticket } = await ticketFor(stranger, strangersTask);
    const stream = await openSse(eventsUrl(taskId, ticket));
    expect(stream.status).toBe(403);
    expect(stream.body.error.code).toBe("STREAM_TICKET_WRONG_TASK");
  });

  it("refuses an expired ticket: 401 STREAM_TICKET_EXPIRED", async () => {
    const { ticket } = await issueStreamTicket(inject("edgeVars").JWT_SECRET, owner.id, taskId, Date.now() - 61_000);
    const stream = await openSse(eventsUrl(taskId, ticket));
    expect(stream.status).toBe(401);
    expect(stream.body.error.code).toBe("STREAM_TICKET_EXPIRED");
  });

  it("refuses a tampered ticket (payload rewritten to another task, signature edited, signed with another key): 401 STREAM_TICKET_INVALID", async () => {
    const { ticket } = await ticketFor(owner, otherTaskId);
    const [version, payload, mac] = ticket.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const rewritten = Buffer.from(JSON.stringify({ ...claims, tsk: taskId })).toString("base64url");
    const forgedKey = await issueStreamTicket("another-secret-of-at-least-32-characters", owner.id, taskId);
    for (const tampered of [
      `${version}.${rewritten}.${mac}`,
      `${version}.${payload}.${flip(mac, 5)}`,
      forgedKey.ticket,
      "st1.garbage",
      "not-a-ticket",
    ]) {
      const stream = await openSse(eventsUrl(taskId, tampered));
      expect(stream.status, tampered).toBe(401);
      expect(stream.body.error.code).toBe("STREAM_TICKET_INVALID");
    }
  });

  it("is read-only: neither as a bearer token nor as ?ticket= does it open any other route", async () => {
    const { ticket } = await ticketFor(owner, taskId);
    const asBearer = await api("GET", `/tasks/${taskId}`, { token: ticket });
    expect(asBearer.status).toBe(401);
    expect(asBearer.body.error.code).toBe("AUTH_INVALID_TOKEN");
    for (const [method, path] of [
      ["GET", `/tasks/${taskId}?ticket=${ticket}`],
      ["POST", `/tasks/${taskId}/cancel?ticket=${ticket}`],
      ["GET", `/tasks/${taskId}/downloads?ticket=${ticket}`],
      ["POST", `/tasks/${taskId}/events/ticket?ticket=${ticket}`],
    ]) {
      const res = await api(method, path);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe("AUTH_REQUIRED");
    }
    const still = await api("GET", `/tasks/${taskId}`, { token: owner.token });
    expect(still.body.status).toBe("CREATED");
  });

  it("the ticket route itself needs the bearer token and answers 404 for an unknown task", async () => {
    expect((await api("POST", `/tasks/${taskId}/events/ticket`)).status).toBe(401);
    const missing = await api("POST", `/tasks/${newId("task")}/events/ticket`, { token: owner.token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("TASK_NOT_FOUND");
  });
});

describe("Last-Event-ID", () => {
  it("a resumed stream sends the next change, never the state the client already has", async () => {
    const user = await createTestUser();
    const taskId = (await createTask(user)).task_id;
    const { ticket } = await ticketFor(user, taskId);
    const first = await openSse(eventsUrl(taskId, ticket));
    const seen = (await first.events().next()).value;
    first.close();
    expect(seen?.id).toBeTruthy();
    expect(JSON.parse(seen?.data ?? "{}").status).toBe("CREATED");

    const resumed = await openSse(eventsUrl(taskId, ticket), { "last-event-id": seen?.id ?? "" });
    expect(resumed.status).toBe(200);
    const cancelled = await api("POST", `/tasks/${taskId}/cancel`, { token: user.token });
    expect(cancelled.status).toBe(200);
    const events = [];
    for await (const event of resumed.events()) events.push(event);
    expect(events.map((e) => JSON.parse(e.data).status)).toEqual(["CANCELLED"]);
    expect(events[0].id).not.toBe(seen?.id);
  });
});
