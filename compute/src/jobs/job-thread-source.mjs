// Starts job-thread.ts from source (npm run dev, tests): a worker thread does not inherit the
// parent's TypeScript loader on Node 20, so it registers tsx itself. The bundle runs job-thread.js.
import { register } from "tsx/esm/api";

register();
await import("./job-thread.ts");
