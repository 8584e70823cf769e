/**
 * The status poll's reads (task-views.ts, mapped by mapped-read.ts) against drizzle's own
 * prepared statements for the same selects, on the same rows of the real database: a task with
 * every shown column set (JSON, timestamps, numbers, text with non-ASCII characters) and one
 * with most of them NULL; another user's task and a missing one (the joined task is null); a
 * missing user or key (no row); and an API key with its owner.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { createTestUser, type TestUser, testDb } from "../../../test/support/users.js";
import { apiKeyHash } from "../../src/auth/api-keys.js";
import { liveKeyColumns } from "../../src/db/api-keys.js";
import { createDatabase } from "../../src/db/client.js";
import { apiKeys, tasks, users } from "../../src/db/schema/index.js";
import { findTaskViewWithApiKey, findTaskViewWithUser, findUserTaskView, taskViewColumns } from "../../src/db/task-views.js";
import { tokenCheckColumns } from "../../src/db/users.js";

const db = createDatabase(inject("planetscaleUrl"));

/** drizzle's own reading of the same three selects: the reference. */
const reference = {
  withTokenUser: db
    .select({ user: tokenCheckColumns, task: taskViewColumns })
    .from(users)
    .leftJoin(tasks, and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, users.id)))
    .where(eq(users.id, sql.placeholder("userId")))
    .limit(1)
    .prepare(),
  withApiKey: db
    .select({ ...liveKeyColumns, task: taskViewColumns })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .leftJoin(tasks, and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, users.id)))
    .where(and(eq(apiKeys.keyHash, sql.placeholder("keyHash")), isNull(apiKeys.revokedAt)))
    .limit(1)
    .prepare(),
  ofUser: db
    .select(taskViewColumns)
    .from(tasks)
    .where(and(eq(tasks.taskId, sql.placeholder("taskId")), eq(tasks.userId, sql.placeholder("userId"))))
    .limit(1)
    .prepare(),
};

let owner: TestUser;
let other: TestUser;
let fullTask: string;
let bareTask: string;
let othersTask: string;
let key: string;

async function newTask(user: TestUser): Promise<string> {
  const res = await api("POST", "/tasks", { token: user.token, body: { tool_id: "profile-my-data" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.task_id;
}

beforeAll(async () => {
  owner = await createTestUser();
  other = await createTestUser();
  fullTask = await newTask(owner);
  bareTask = await newTask(owner);
  othersTask = await newTask(other);
  await testDb().query(
    `UPDATE tasks SET status = 'FAILED', progress = 42, current_agent = 'score-risk', rows_processed = 123456789, step = 'scanning',
       attempt = 3, error_code = 'INPUT_MALFORMED', error_message = 'Ligne 7 : guillemet non fermé — «»',
       upload_started_at = '2026-12-03 10:00:00.123', queued_at = '2026-12-03 10:00:01.000', processing_started_at = '2026-12-03 10:00:02.5',
       failed_at = '2026-12-03 10:05:00.999', result_summary = ? WHERE task_id = ?`,
    [JSON.stringify({ rows: 12, columns: 3, quality_score: 87.5, notes: ["é", null] }), fullTask],
  );
  const created = await api("POST", "/api-keys", { token: owner.token, body: { name: "poller", scopes: ["tasks:read"] } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  key = created.body.key;
});

describe("the status poll's reads", () => {
  it("give drizzle's rows for a user's own, another user's and a missing task, and for a missing user", async () => {
    const cases = [
      { userId: owner.id, taskId: fullTask },
      { userId: owner.id, taskId: bareTask },
      { userId: owner.id, taskId: othersTask },
      { userId: owner.id, taskId: `${fullTask.slice(0, -4)}ZZZZ` },
      { userId: `${owner.id.slice(0, -4)}ZZZZ`, taskId: fullTask },
    ];
    for (const values of cases) {
      const [expected] = await reference.withTokenUser.execute(values);
      expect(await findTaskViewWithUser(db, values.userId, values.taskId)).toEqual(expected);
      const [own] = await reference.ofUser.execute(values);
      expect(await findUserTaskView(db, values.userId, values.taskId)).toEqual(own);
    }
    // The cases cover what they say: a full row, a joined task that is null, no row at all.
    const full = await findTaskViewWithUser(db, owner.id, fullTask);
    expect(full?.task?.resultSummary).toEqual({ rows: 12, columns: 3, quality_score: 87.5, notes: ["é", null] });
    expect(full?.task?.failedAt).toBeInstanceOf(Date);
    expect(full?.user.isVerified).toBe(true);
    expect((await findTaskViewWithUser(db, owner.id, othersTask))?.task).toBeNull();
    expect(await findTaskViewWithUser(db, `${owner.id.slice(0, -4)}ZZZZ`, fullTask)).toBeUndefined();
  });

  it("give drizzle's rows for an API key with its owner's task, another user's task, and an unknown key", async () => {
    const hash = await apiKeyHash(key);
    for (const values of [
      { keyHash: hash, taskId: fullTask },
      { keyHash: hash, taskId: othersTask },
      { keyHash: await apiKeyHash(`${key}x`), taskId: fullTask },
    ]) {
      const [expected] = await reference.withApiKey.execute(values);
      expect(await findTaskViewWithApiKey(db, values.keyHash, values.taskId)).toEqual(expected);
    }
    const row = await findTaskViewWithApiKey(db, hash, fullTask);
    expect(row?.scopes).toEqual(["tasks:read"]);
    expect(row?.user.id).toBe(owner.id);
    expect(row?.task?.taskId).toBe(fullTask);
  });
});
