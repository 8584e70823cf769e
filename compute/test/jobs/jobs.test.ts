/**
 * The compute job endpoint and runner over real HTTP and the local B2. The edge's side of the
 * callback protocol is played by a small local server that checks every signature and answers
 * as the test scripts it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CallbackEvent,
  JOB_ID_HEADER,
  type Job,
  newId,
  SIGNATURE_HEADER,
  signRequest,
  TIMESTAMP_HEADER,
  verifyRequest,
} from "@agensium/shared";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadComputeConfig } from "../../src/config.js";
import { type RunningCompute, startCompute } from "../../src/server.js";
import { B2 } from "../../src/storage/b2.js";

const SECRET = "development-only-compute-secret";
type Answer = { status: number; waitFor?: Promise<void> };
type Script = (event: CallbackEvent, seen: CallbackEvent[]) => Answer | undefined;

let compute: RunningCompute;
let receiver: Server;
let receiverUrl: string;
let b2: B2;
const scripts = new Map<string, Script>();
const received = new Map<string, CallbackEvent[]>();
let badSignatures = 0;
/** The job id each task was sent, as the edge keeps it on the task row. */
const jobIds = new Map<string, string>();

beforeAll(async () => {
  const env = { ...inject("computeEnv"), PORT: "0", MAX_CONCURRENT_JOBS: "1", HEARTBEAT_INTERVAL_MS: "100" };
  const config = loadComputeConfig(env);
  compute = await startCompute(config);
  b2 = new B2({
    endpoint: config.B2_ENDPOINT,
    region: config.B2_REGION,
    bucket: config.B2_BUCKET,
    accessKeyId: config.B2_KEY_ID,
    secretAccessKey: config.B2_APPLICATION_KEY,
  });
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const path = new URL(req.url ?? "/", receiverUrl).pathname;
    const jobId = req.headers[JOB_ID_HEADER] as string;
    const signed = { method: req.method ?? "", path, jobId, body };
    const check = await verifyRequest(SECRET, signed, req.headers[TIMESTAMP_HEADER] as string, req.headers[SIGNATURE_HEADER] as string);
    const taskId = /\/internal\/tasks\/([^/]+)\/callbacks/.exec(path)?.[1] ?? "";
    // As the edge does: the signature must be this task's path and the job the task was sent.
    if (!check.ok || jobIds.get(taskId) !== jobId) {
      badSignatures++;
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(body) as CallbackEvent;
    const seen = received.get(taskId) ?? [];
    seen.push(event);
    received.set(taskId, seen);
    const answer = scripts.get(taskId)?.(event, seen) ?? { status: 200 };
    await answer.waitFor;
    res.writeHead(answer.status, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await compute?.close();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** Waits until the previous test's job has left its slot (the pool holds one). */
async function idle() {
  for (let i = 0; i < 200; i++) {
    const health = (await (await fetch(`${compute.url}/health`)).json()) as { running_jobs: number };
    if (health.running_jobs === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("compute stayed busy");
}

async function jobFor(agents: string[], options: { deadline?: Date; upload?: boolean } = {}): Promise<Job> {
  await idle();
  const userId = newId("user");
  const taskId = newId("task");
  const prefix = `users/${userId}/tasks/${taskId}/`;
  const csv = "id,email\n1,ada@example.com\n2,grace@example.com\n";
  if (options.upload !== false) await b2.putBytes(`${prefix}inputs/primary.csv`, csv, "text/csv");
  const jobId = newId("job");
  jobIds.set(taskId, jobId);
  return {
    job_id: jobId,
    task_id: taskId,
    user_id: userId,
    tool_id: "profile-my-data",
    agents,
    attempt: 1,
    inputs: { primary: { key: `${prefix}inputs/primary.csv`, format: "csv", size_bytes: csv.length } },
    output_prefix: `${prefix}outputs/`,
    callback_url: `${receiverUrl}/internal/tasks/${taskId}/callbacks`,
    deadline: (options.deadline ?? new Date(Date.now() + 60_000)).toISOString(),
  };
}

async function postJob(job: unknown, secret = SECRET) {
  const body = JSON.stringify(job);
  const res = await fetch(`${compute.url}/jobs`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(await signRequest(secret, { method: "POST", path: "/jobs", jobId: String((job as Job).job_id ?? ""), body })),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function eventsUntilEnd(taskId: string, last: CallbackEvent["type"][] = ["completed", "failed"], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const seen = received.get(taskId) ?? [];
    if (seen.some((e) => last.includes(e.type))) return seen;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${last.join("/")} callback for ${taskId}: ${JSON.stringify(received.get(taskId)?.map((e) => e.type))}`);
}

const types = (events: CallbackEvent[]) =>
  events
    .filter((e) => e.type !== "heartbeat" && e.type !== "progress")
    .map((e) => (e.type.startsWith("agent") ? `${e.type}:${(e as { agent_id: string }).agent_id}` : e.type));

describe("POST /jobs", () => {
  it("refuses a bad signature with 401 and an invalid job with 400", async () => {
    const job = await jobFor(["unified-profiler"]);
    const forged = await postJob(job, "another-secret-another-secret");
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe("CALLBACK_UNAUTHORIZED");
    const invalid = await postJob({ ...job, agents: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("VALIDATION_ERROR");
    expect(received.get(job.task_id)).toBeUndefined();
  });

  it("refuses a job signed for another path or another job id with 401, and runs nothing", async () => {
    const job = await jobFor(["unified-profiler"]);
    const body = JSON.stringify(job);
    const send = async (signed: { path: string; jobId: string }) => {
      const headers = { "content-type": "application/json", ...(await signRequest(SECRET, { method: "POST", body, ...signed })) };
      const res = await fetch(`${compute.url}/jobs`, { method: "POST", headers, body });
      return { status: res.status, code: ((await res.json()) as any).error?.code };
    };
    expect(await send({ path: "/internal/tasks/x/callbacks", jobId: job.job_id })).toEqual({ status: 401, code: "CALLBACK_UNAUTHORIZED" });
    expect(await send({ path: "/jobs", jobId: newId("job") })).toEqual({ status: 401, code: "CALLBACK_UNAUTHORIZED" });
    expect(((await (await fetch(`${compute.url}/health`)).json()) as { running_jobs: number }).running_jobs).toBe(0);
    expect(received.get(job.task_id)).toBeUndefined();
  });

  it("answers 202, runs the job and reports every step with signed callbacks, ending with the manifest", async () => {
    const job = await jobFor(["unified-profiler", "score-risk"]);
    const accepted = await postJob(job);
    expect(accepted.status).toBe(202);
    const events = await eventsUntilEnd(job.task_id);
    expect(types(events)).toEqual([
      "started",
      "agent_started:unified-profiler",
      "agent_completed:unified-profiler",
      "agent_started:score-risk",
      "agent_completed:score-risk",
      "completed",
    ]);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    for (const e of events) expect(e.attempt).toBe(1);
    const completed = events.find((e) => e.type === "completed") as Extract<CallbackEvent, { type: "completed" }>;
    expect(completed.manifest_key).toBe(`${job.output_prefix}manifest.json`);
    expect(await b2.head(completed.manifest_key)).not.toBeNull();
    for (const output of completed.outputs) expect((await b2.head(output.key))?.size).toBe(output.size_bytes);
    expect(badSignatures).toBe(0);

    // Live progress: one at a time with rising seq, never going back, and each agent's end state
    // (step "done") before its agent_completed.
    const progress = events.filter((e): e is Extract<CallbackEvent, { type: "progress" }> => e.type === "progress");
    expect(progress.map((e) => e.seq)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.map((e) => e.progress)).toEqual(progress.map((e) => e.progress).sort((a, b) => a - b));
    for (const agentId of job.agents) {
      const end = events.findIndex((e) => e.type === "agent_completed" && e.agent_id === agentId);
      const done = events.findIndex((e) => e.type === "progress" && e.agent_id === agentId && e.step === "done");
      expect(done, agentId).toBeGreaterThan(-1);
      expect(done).toBeLessThan(end);
    }
  });

  it("answers 429 when every slot is taken, 202 again for the job already running, and sends heartbeats", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = await jobFor(["unified-profiler"]);
    // The edge is slow to answer the first agent: the job holds its slot meanwhile.
    scripts.set(first.task_id, (event) => (event.type === "agent_started" ? { status: 200, waitFor: held } : undefined));
    expect((await postJob(first)).status).toBe(202);
    await eventsUntilEnd(first.task_id, ["agent_started"]);

    const second = { ...first, job_id: newId("job"), task_id: newId("task") };
    second.callback_url = first.callback_url.replace(first.task_id, second.task_id);
    jobIds.set(second.task_id, second.job_id);
    const busy = await postJob(second);
    expect(busy.status).toBe(429);
    expect(busy.body.error.code).toBe("COMPUTE_BUSY");
    const again = await postJob(first);
    expect(again.status).toBe(202);
    expect(again.body.status).toBe("already_running");

    await eventsUntilEnd(first.task_id, ["heartbeat"]);
    release();
    const events = await eventsUntilEnd(first.task_id);
    expect(events.filter((e) => e.type === "started")).toHaveLength(1);
    expect(events.filter((e) => e.type !== "heartbeat").at(-1)?.type).toBe("completed");
    await idle();
    expect((await postJob(second)).status).toBe(202);
    await eventsUntilEnd(second.task_id);
  });

  it("stops without a final callback when the edge answers 409 (cancelled)", async () => {
    const job = await jobFor(["unified-profiler", "score-risk"]);
    scripts.set(job.task_id, (event) => (event.type === "agent_started" ? { status: 409 } : undefined));
    expect((await postJob(job)).status).toBe(202);
    await eventsUntilEnd(job.task_id, ["agent_started"]);
    await new Promise((r) => setTimeout(r, 500));
    expect(types(received.get(job.task_id) ?? [])).toEqual(["started", "agent_started:unified-profiler"]);
  });

  it("stops the agents on 402 and still reports the outputs of those that ran", async () => {
    const job = await jobFor(["unified-profiler", "score-risk"]);
    scripts.set(job.task_id, (event) => (event.type === "agent_started" && event.agent_id === "score-risk" ? { status: 402 } : undefined));
    expect((await postJob(job)).status).toBe(202);
    const events = await eventsUntilEnd(job.task_id);
    expect(types(events)).toEqual([
      "started",
      "agent_started:unified-profiler",
      "agent_completed:unified-profiler",
      "agent_started:score-risk",
      "completed",
    ]);
  });

  it("retries a callback the edge failed to take, with the same event id", async () => {
    const job = await jobFor(["unified-profiler"]);
    scripts.set(job.task_id, (event, seen) => (event.type === "started" && seen.length === 1 ? { status: 503 } : undefined));
    expect((await postJob(job)).status).toBe(202);
    const events = await eventsUntilEnd(job.task_id);
    const started = events.filter((e) => e.type === "started");
    expect(started).toHaveLength(2);
    expect(started[0].event_id).toBe(started[1].event_id);
    expect(events.filter((e) => e.type !== "heartbeat").at(-1)?.type).toBe("completed");
  });

  it("reports COMPUTE_DEADLINE_EXCEEDED for a job past its deadline", async () => {
    const job = await jobFor(["unified-profiler"], { deadline: new Date(Date.now() - 1_000) });
    expect((await postJob(job)).status).toBe(202);
    const events = await eventsUntilEnd(job.task_id);
    const failed = events.filter((e) => e.type !== "heartbeat").at(-1) as Extract<CallbackEvent, { type: "failed" }>;
    expect(failed).toMatchObject({ type: "failed", error_code: "COMPUTE_DEADLINE_EXCEEDED" });
  });

  it("reports a job whose input is missing as failed, and keeps serving other jobs", async () => {
    const broken = await jobFor(["unified-profiler"], { upload: false });
    expect((await postJob(broken)).status).toBe(202);
    const events = await eventsUntilEnd(broken.task_id);
    const failed = events.filter((e) => e.type !== "heartbeat").at(-1) as Extract<CallbackEvent, { type: "failed" }>;
    expect(failed.type).toBe("failed");
    expect(failed.error_code).not.toBe("INTERNAL_ERROR");
    const healthy = await jobFor(["unified-profiler"]);
    expect((await postJob(healthy)).status).toBe(202);
    expect((await eventsUntilEnd(healthy.task_id)).filter((e) => e.type !== "heartbeat").at(-1)?.type).toBe("completed");
  });
});
