/**
 * Every task route is behind a bearer token (the shared security suite) and answers 404
 * TASK_NOT_FOUND for another user's task, exactly as for a task that does not exist.
 */
import { newId } from "@agensium/shared";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { describeAuthenticatedRoute } from "../../../test/support/security.js";
import { createTestUser, type TestUser } from "../../../test/support/users.js";
import { createTask } from "./helpers.js";

const uploadBody = { files: [{ role: "primary", filename: "a.csv", content_type: "text/csv", size_bytes: 10 }] };
const completeBody = { parts: [{ part_number: 1, etag: '"abc"' }] };

const TASK_ROUTES: [string, string, unknown?][] = [
  ["GET", ""],
  ["POST", "/upload-urls", uploadBody],
  ["POST", "/uploads/primary/complete", completeBody],
  ["POST", "/process"],
  ["POST", "/cancel"],
  ["POST", "/retry"],
  ["DELETE", ""],
  ["GET", "/downloads"],
  ["GET", "/results"],
  ["GET", "/events"],
];

describeAuthenticatedRoute("POST", "/tasks", { tool_id: "profile-my-data" });
describeAuthenticatedRoute("GET", "/tasks");
for (const [method, suffix, body] of TASK_ROUTES) {
  describeAuthenticatedRoute(method, async () => `/tasks/${newId("task")}${suffix}`, body);
}

describe("another user's task", () => {
  let owner: TestUser;
  let stranger: TestUser;
  let taskId: string;

  beforeAll(async () => {
    owner = await createTestUser({ credits: 50 });
    stranger = await createTestUser({ credits: 50 });
    taskId = (await createTask(owner)).task_id;
  });

  for (const [method, suffix, body] of TASK_ROUTES) {
    it(`${method} /tasks/:id${suffix} answers 404 TASK_NOT_FOUND, like a task that does not exist`, async () => {
      const foreign = await api(method, `/tasks/${taskId}${suffix}`, { token: stranger.token, body });
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.code).toBe("TASK_NOT_FOUND");
      const missing = await api(method, `/tasks/${newId("task")}${suffix}`, { token: stranger.token, body });
      expect(missing.status).toBe(404);
      expect({ ...missing.body.error, request_id: "", message: "" }).toEqual({ ...foreign.body.error, request_id: "", message: "" });
    });
  }

  it("is left untouched and absent from the stranger's list", async () => {
    const list = await api("GET", "/tasks", { token: stranger.token });
    expect(list.body.items).toEqual([]);
    const own = await api("GET", `/tasks/${taskId}`, { token: owner.token });
    expect(own.body.status).toBe("CREATED");
  });
});
