/**
 * POST /analyze (V1) from a real multipart client: a small file answered inline in the V1 shape
 * with working presigned downloads, a slow one answered 202 with its Location, the old form's
 * mistakes refused with codes, and every call counted in the log with Deprecation/Sunset headers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DedicatedWorker, startDedicatedWorker } from "../../../test/support/dedicated-worker.js";
import { edgeUrl } from "../../../test/support/http.js";
import { createTestUser, type TestUser } from "../../../test/support/users.js";
import { CSV, call, waitForStatus } from "../tasks/helpers.js";

function v1Form(fields: Record<string, string | undefined>, files: Record<string, { name: string; body: string; type?: string }>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  for (const [name, file] of Object.entries(files))
    form.set(name, new Blob([file.body], { type: file.type ?? "application/octet-stream" }), file.name);
  return form;
}

// A 413 is answered before the body is read and the worker then closes the connection, so no
// request reuses a pooled one (it would meet a reset socket).
async function analyze(base: string, token: string | undefined, form: FormData) {
  // The form is encoded first and sent as one buffer, so the client is not still streaming it
  // when a refusal arrives.
  const encoded = new Request(`${base}/analyze`, { method: "POST", body: form });
  const res = await fetch(`${base}/analyze`, {
    method: "POST",
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      connection: "close",
      "content-type": encoded.headers.get("content-type") ?? "",
    },
    body: new Uint8Array(await encoded.arrayBuffer()),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

let user: TestUser;
beforeAll(async () => {
  user = await createTestUser({ credits: 500 });
});

describe("POST /analyze on the test worker", { timeout: 90_000 }, () => {
  it("answers a small file inline in the V1 shape, with downloads that work", async () => {
    const res = await analyze(
      edgeUrl(),
      user.token,
      v1Form(
        { tool_id: "profile-my-data", agents: "unified-profiler,readiness-rater" },
        { primary: { name: "people.csv", body: CSV, type: "application/vnd.ms-excel" } },
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get("deprecation")).toBe("true");
    expect(new Date(res.headers.get("sunset") as string).getTime()).toBeGreaterThan(Date.now());
    expect(res.body).toMatchObject({ analysis_id: res.body.task_id, tool_id: "profile-my-data", status: "success" });
    expect(Object.keys(res.body.results)).toEqual(["unified-profiler", "readiness-rater"]);
    expect(res.body.results["unified-profiler"].status).toBe("success");

    const task = await call(undefined, "GET", `/tasks/${res.body.task_id}`, { token: user.token });
    expect(task.body.status).toBe("COMPLETED");
    expect(task.body.result_summary.rows).toBe(3);

    const names = res.body.downloads.map((d: { file_name: string }) => d.file_name);
    expect(names).toEqual(expect.arrayContaining(["report.json", "report.xlsx"]));
    for (const download of res.body.downloads) {
      expect(Object.keys(download).sort()).toEqual(["download_id", "expires_at", "file_name", "mimeType", "size_bytes", "type", "url"]);
      const file = await fetch(download.url);
      expect(file.status).toBe(200);
      expect((await file.arrayBuffer()).byteLength).toBe(download.size_bytes);
    }
    const report = (await (
      await fetch(res.body.downloads.find((d: { file_name: string }) => d.file_name === "report.json").url)
    ).json()) as { agents: { agent_id: string }[] };
    expect(report.agents.map((a: { agent_id: string }) => a.agent_id)).toEqual(Object.keys(res.body.results));
  });

  it("takes agents as a JSON array and parameters_json, and refuses invalid parameters", async () => {
    const ok = await analyze(
      edgeUrl(),
      user.token,
      v1Form(
        { tool_id: "profile-my-data", agents: '["unified-profiler"]', parameters_json: "{}" },
        { primary: { name: "people.csv", body: CSV } },
      ),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(Object.keys(ok.body.results)).toEqual(["unified-profiler"]);

    for (const parameters of ["{not json", "[1,2]"]) {
      const bad = await analyze(
        edgeUrl(),
        user.token,
        v1Form({ tool_id: "profile-my-data", parameters_json: parameters }, { primary: { name: "people.csv", body: CSV } }),
      );
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe("PARAMETERS_INVALID");
    }
  });

  it("refuses the old form's mistakes with their codes", async () => {
    const cases: [FormData, number, string][] = [
      [v1Form({ tool_id: "profile-my-data" }, {}), 400, "VALIDATION_ERROR"],
      [v1Form({ tool_id: "no-such-tool" }, { primary: { name: "a.csv", body: CSV } }), 404, "TOOL_NOT_FOUND"],
      [
        v1Form({ tool_id: "profile-my-data", agents: "golden-record-builder" }, { primary: { name: "a.csv", body: CSV } }),
        400,
        "AGENT_NOT_IN_TOOL",
      ],
      [v1Form({ tool_id: "profile-my-data" }, { primary: { name: "a.pdf", body: CSV } }), 400, "UPLOAD_INVALID_FILE"],
    ];
    for (const [form, status, code] of cases) {
      const res = await analyze(edgeUrl(), user.token, form);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    const json = await call(undefined, "POST", "/analyze", {
      token: user.token,
      body: { tool_id: "profile-my-data" },
      headers: { connection: "close" },
    });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    // Refusals before the body is read close the connection (see analyze()): none goes back to the pool.
    const anonymous = await analyze(
      edgeUrl(),
      undefined,
      v1Form({ tool_id: "profile-my-data" }, { primary: { name: "a.csv", body: CSV } }),
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("AUTH_REQUIRED");
  });

  it("fails a task on a bad file with the task's code and id", async () => {
    const res = await analyze(
      edgeUrl(),
      user.token,
      v1Form(
        { tool_id: "profile-my-data", agents: "unified-profiler" },
        { primary: { name: "broken.xlsx", body: "this is not a workbook" } },
      ),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("INPUT_UNREADABLE");
    const task = await call(undefined, "GET", `/tasks/${res.body.error.details.task_id}`, { token: user.token });
    expect(task.body).toMatchObject({ status: "FAILED", error: { code: "INPUT_UNREADABLE" } });
  });
});

describe("POST /analyze past its wait and its size", { timeout: 90_000 }, () => {
  let worker: DedicatedWorker;
  const logLines: string[] = [];

  beforeAll(async () => {
    worker = await startDedicatedWorker(
      { ANALYZE_WAIT_SECONDS: "0", ANALYZE_MAX_BODY_BYTES: String(64 * 1024) },
      { onLog: (line) => logLines.push(line) },
    );
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
  });

  it("answers 202 with the task's Location, and the task completes", async () => {
    const res = await analyze(
      worker.base,
      user.token,
      v1Form({ tool_id: "profile-my-data", agents: "unified-profiler" }, { primary: { name: "a.csv", body: CSV } }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.headers.get("location")).toBe(`/tasks/${res.body.task_id}`);
    expect(res.headers.get("deprecation")).toBe("true");
    const done = await waitForStatus(user, res.body.task_id, ["COMPLETED"], { base: worker.base, timeoutMs: 60_000 });
    expect(done.status).toBe("COMPLETED");
  });

  it("refuses a body over the limit with 413 naming the upload-URL flow", async () => {
    // Just over the limit, so the client has sent all of it when the 413 comes back.
    const big = `id,text\n${Array.from({ length: 1_900 }, (_, i) => `${i},${"x".repeat(30)}`).join("\n")}`;
    const res = await analyze(worker.base, user.token, v1Form({ tool_id: "profile-my-data" }, { primary: { name: "big.csv", body: big } }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(res.body.error.message).toContain("/upload-urls");
  });

  it("counts every call in the log", async () => {
    const form = () => v1Form({ tool_id: "profile-my-data", agents: "unified-profiler" }, { primary: { name: "a.csv", body: CSV } });
    await analyze(worker.base, user.token, form());
    await analyze(worker.base, user.token, form());
    await new Promise((r) => setTimeout(r, 300));
    const counts = logLines
      .filter((l) => l.includes('"deprecated endpoint called"'))
      .map((l) => JSON.parse(l))
      .map((entry) => entry.calls as number);
    expect(counts.length).toBeGreaterThanOrEqual(3);
    const last = counts.slice(-2);
    expect(last[1]).toBe(last[0] + 1);
  });
});
