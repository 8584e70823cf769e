/** POST /tasks/:id/upload-urls and what the store accepts through the presigned URL. */
import { describe, expect, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser, type TestUser } from "../../../test/support/users.js";
import { CSV, createTask } from "./helpers.js";

async function askUrls(user: TestUser, taskId: string, files: unknown[], extra: Record<string, unknown> = {}) {
  return api("POST", `/tasks/${taskId}/upload-urls`, { token: user.token, body: { files, ...extra } });
}

describe("upload URLs", () => {
  it("signs type and length: the store refuses another Content-Type or another length", async () => {
    const user = await createTestUser();
    const task = await createTask(user);
    const bytes = new TextEncoder().encode(CSV);
    const res = await askUrls(user, task.task_id, [
      { role: "primary", filename: "x.csv", content_type: "text/csv", size_bytes: bytes.length },
    ]);
    expect(res.status).toBe(200);
    const { url, headers, expires_at } = res.body.uploads.primary;
    const minutes = (Date.parse(expires_at) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    const wrongType = await fetch(url, { method: "PUT", headers: { "Content-Type": "application/json" }, body: bytes });
    expect(wrongType.status).toBe(403);
    const longer = await fetch(url, { method: "PUT", headers, body: new TextEncoder().encode(`${CSV}4,Extra,40\n`) });
    expect(longer.status).toBe(403);
    const shorter = await fetch(url, { method: "PUT", headers, body: bytes.slice(0, 5) });
    expect(shorter.status).toBe(403);
    const head = await fetch(url.replace(/\?.*$/, ""), { method: "HEAD" });
    expect(head.status).toBe(403);

    const right = await fetch(url, { method: "PUT", headers, body: bytes });
    expect(right.status).toBe(200);
  });

  it("keys files by role and extension, never by the user's file name", async () => {
    const user = await createTestUser();
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler", "drift-detector"] });
    const res = await askUrls(
      user,
      task.task_id,
      [
        {
          role: "primary",
          filename: "../../etc/Secret Report.XLSX",
          content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          size_bytes: 100,
        },
        { role: "baseline", filename: "last month.jsonl", content_type: "application/x-ndjson", size_bytes: 50 },
      ],
      { has_parameters: true },
    );
    expect(res.status).toBe(200);
    const prefix = `users/${user.id}/tasks/${task.task_id}/inputs/`;
    expect(res.body.uploads.primary.key).toBe(`${prefix}primary.xlsx`);
    expect(res.body.uploads.baseline.key).toBe(`${prefix}baseline.jsonl`);
    expect(res.body.uploads.parameters.key).toBe(`${prefix}parameters.json`);
    expect(JSON.stringify(res.body)).not.toMatch(/Secret|last month/);
    expect(res.body.status).toBe("UPLOADING");
  });

  it("answers UPLOAD_INVALID_FILE for an extension or type it does not read, and for a baseline no agent reads", async () => {
    const user = await createTestUser();
    const task = await createTask(user, { tool_id: "profile-my-data", agents: ["unified-profiler"] });
    const exe = await askUrls(user, task.task_id, [{ role: "primary", filename: "data.exe", content_type: "text/csv", size_bytes: 10 }]);
    expect(exe.status).toBe(400);
    expect(exe.body.error.code).toBe("UPLOAD_INVALID_FILE");
    const wrongType = await askUrls(user, task.task_id, [
      { role: "primary", filename: "data.csv", content_type: "application/pdf", size_bytes: 10 },
    ]);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.expected_content_type).toBe("text/csv");
    const baseline = await askUrls(user, task.task_id, [
      { role: "primary", filename: "a.csv", content_type: "text/csv", size_bytes: 10 },
      { role: "baseline", filename: "b.csv", content_type: "text/csv", size_bytes: 10 },
    ]);
    expect(baseline.status).toBe(400);
    expect(baseline.body.error.code).toBe("UPLOAD_INVALID_FILE");
    const noPrimary = await askUrls(user, task.task_id, []);
    expect(noPrimary.status).toBe(400);
  });

  it("answers 413 UPLOAD_TOO_LARGE above the maximum file size", async () => {
    const user = await createTestUser();
    const task = await createTask(user);
    const tool = await api("GET", "/tools/profile-my-data");
    const max = tool.body.max_file_bytes as number;
    const res = await askUrls(user, task.task_id, [
      { role: "primary", filename: "big.parquet", content_type: "application/vnd.apache.parquet", size_bytes: max + 1 },
    ]);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("UPLOAD_TOO_LARGE");
    expect(res.body.error.details.max_bytes).toBe(max);
  });

  it("answers TASK_INVALID_STATE once the task has left the upload stage", async () => {
    const user = await createTestUser();
    const task = await createTask(user);
    await api("POST", `/tasks/${task.task_id}/cancel`, { token: user.token });
    const res = await askUrls(user, task.task_id, [{ role: "primary", filename: "a.csv", content_type: "text/csv", size_bytes: 10 }]);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("TASK_INVALID_STATE");
    const complete = await api("POST", `/tasks/${task.task_id}/uploads/primary/complete`, {
      token: user.token,
      body: { parts: [{ part_number: 1, etag: '"x"' }] },
    });
    expect(complete.status).toBe(409);
  });
});
