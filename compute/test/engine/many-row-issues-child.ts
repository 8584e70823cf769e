/**
 * Child process of many-row-issues.test.ts: runs score-risk through the real engine on a folder
 * (argv: folder, input file name) and prints the main thread's live heap, after a full
 * collection, before score-risk starts and after it ends, as JSON. Started with --expose-gc.
 */

import { loadComputeConfig } from "../../src/config.js";
import { folderStore } from "../../src/engine/object-store.js";
import { runToolOnStore } from "../../src/engine/run-tool.js";

const [folder, file] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const liveHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
let before = 0;
let after = 0;
await runToolOnStore({
  job: {
    job_id: "job_many_row_issues",
    task_id: "tsk_many_row_issues",
    user_id: "usr_test",
    tool_id: "profile-my-data",
    agents: ["score-risk"],
    attempt: 1,
    inputs: { primary: { key: file, format: "csv", size_bytes: 1 } },
    output_prefix: "outputs/",
    callback_url: "http://127.0.0.1/",
    deadline: new Date(Date.now() + 3_600_000).toISOString(),
  },
  store: folderStore(folder),
  config: loadComputeConfig({ ...process.env, MAX_INPUT_BYTES: String(1024 ** 3) }),
  signal: new AbortController().signal,
  hooks: {
    async agentStarted() {
      before = liveHeap();
      return true;
    },
    progress: () => undefined,
    async agentCompleted() {
      after = liveHeap();
      return true;
    },
  },
});
console.log(JSON.stringify({ before, after }));
