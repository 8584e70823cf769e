/**
 * `hc<App>` is typed by the routes themselves: the calls in typed-client/calls.ts compile against
 * the real App type and work against the running worker, and code reading a field the API does
 * not answer fails to compile, with tsc naming the field.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { TOOLS } from "@agensium/shared";
import { describe, expect, inject, it } from "vitest";
import { edgeUrl } from "../../../test/support/http.js";
import { createTestUser, testDb } from "../../../test/support/users.js";
import { agensiumClient, createProfileTask, listedTaskIds, missingTaskCode, taskState, toolAgentIds } from "../typed-client/calls.js";

const run = promisify(execFile);
const projectRoot = inject("projectRoot");

describe("the typed client (hc<App>)", () => {
  it("calls the running worker: tools, a new task, the task list and one task", async () => {
    const user = await createTestUser();
    const client = agensiumClient(edgeUrl(), user.token);

    expect(await toolAgentIds(agensiumClient(edgeUrl()))).toEqual(
      Object.fromEntries(TOOLS.map((tool) => [tool.id, tool.agents.map((agent) => agent.id)])),
    );

    const first = await createProfileTask(client);
    const second = await createProfileTask(client);
    const [rows] = await testDb().query<any[]>("SELECT task_id, status FROM tasks WHERE user_id = ? ORDER BY task_id DESC", [user.id]);
    expect(rows.map((r) => r.task_id)).toEqual([second, first]);

    expect(await listedTaskIds(client)).toEqual({ ids: [second, first], nextCursor: null });
    expect(await taskState(client, first)).toEqual({ status: rows[1].status, progress: 0, agents: ["unified-profiler"] });
    expect(await missingTaskCode(client, "tsk_01JD5Z8Q2W3E4R5T6Y7U8I9O0P")).toBe("TASK_NOT_FOUND");
  });

  it("fails to compile code that reads a field the response does not have, naming the field", async () => {
    const tsc = join(projectRoot, "node_modules", "typescript", "bin", "tsc");
    const project = join(projectRoot, "edge", "test", "typed-client", "fixtures", "tsconfig.json");
    const result = await run(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", project], { cwd: projectRoot }).then(
      () => ({ exitCode: 0, output: "" }),
      (err: { code: number; stdout: string }) => ({ exitCode: err.code, output: err.stdout }),
    );
    expect(result.exitCode).toBe(2);
    const errors = result.output.split("\n").filter((line) => line.includes("error TS"));
    // Exactly one error, in the fixture: the calls themselves compile against the real App type.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/fixtures[/\\]renamed-field\.ts\(\d+,\d+\): error TS2339: Property 'progress_percent' does not exist/);
  }, 300_000);
});
