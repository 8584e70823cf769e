/**
 * The local stack starts compute with COMPUTE_PROCESS_ENV (what Dockerfile.compute sets), read
 * back from the running child's own environment, beside the variables the caller passes.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMPUTE_PROCESS_ENV } from "../../compute/src/process-env.js";
import { spawnCompute, stopChild } from "../stack.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The environment /proc shows for a process. */
function environmentOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));
}

describe("local compute's process environment", () => {
  it("holds COMPUTE_PROCESS_ENV and the variables the stack passes", async () => {
    expect(Object.keys(COMPUTE_PROCESS_ENV).length).toBeGreaterThan(0);
    const child = spawnCompute(root, { AGENSIUM_TEST_MARK: "present" });
    try {
      expect(child.pid).toBeDefined();
      const env = environmentOf(child.pid as number);
      expect(env).toMatchObject(COMPUTE_PROCESS_ENV);
      expect(env.AGENSIUM_TEST_MARK).toBe("present");
    } finally {
      await stopChild(child);
    }
  });
});
