/**
 * Agent.follow through the runner: the next agent of a chain is told before the agent ahead runs,
 * hears each batch of the dataset that agent writes once it is on disk and then its end, finds
 * what it started in ctx.followed, and is stopped however the agent ahead or the run ends.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTool } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { DerivedDatasetWriter } from "../../src/agents/clean-my-data/derived-dataset.js";
import { runAgents } from "../../src/engine/run-agents.js";
import type { HandoffEvent } from "../../src/engine/spill-handoff.js";
import type { Agent, AgentResult, Following, RunHooks } from "../../src/engine/types.js";
import { spilledCsv } from "../support/spilled-csv.js";

const TOOL = findTool("clean-my-data");
if (!TOOL) throw new Error("clean-my-data is missing from the catalog");

const result = (nextPrimary?: AgentResult["nextPrimary"]): AgentResult => ({
  alerts: [],
  issues: [],
  recommendations: [],
  row_level_issues: [],
  executive_summary: [],
  data: null,
  nextPrimary,
});

/** A chain's first agent that copies its input batch by batch to a dataset of its own (or fails after the first batch). */
function copier(fails: boolean): Agent {
  return {
    id: "type-fixer",
    async run(ctx) {
      const writer = await DerivedDatasetWriter.open(ctx.spillDir, "copy", ctx.primary.columns, ctx.primary, ctx.handoff);
      try {
        for await (const data of ctx.primary.batches()) {
          await writer.writeBatch(data);
          if (fails) throw new Error("disk full");
        }
      } catch (err) {
        await writer.discard();
        throw err;
      }
      return result(await writer.finish());
    },
  };
}

/** The next agent: follows, recording what it hears, and says in its data what it found in ctx.followed. */
function follower(log: string[]): Agent {
  class Recording implements Following {
    events: HandoffEvent["kind"][] = [];
    stop() {
      log.push(`stopped after ${this.events.join(" ")}`);
    }
  }
  return {
    id: "duplicate-resolver",
    follow({ parameters, handoff }) {
      log.push(`follow keep=${(parameters as { keep: string }).keep}`);
      const recording = new Recording();
      handoff.listen((event) => recording.events.push(event.kind));
      return recording;
    },
    async run(ctx) {
      const heard = ctx.followed instanceof Recording ? ctx.followed.events.join(" ") : "nothing";
      log.push(`run heard ${heard}`);
      return { ...result(), data: { heard } };
    },
  };
}

function hooks(log: string[], stopAfter?: string): RunHooks {
  return {
    agentStarted: async (id) => {
      log.push(`start ${id}`);
      return true;
    },
    agentCompleted: async (id) => id !== stopAfter,
    progress: () => undefined,
  };
}

async function run(fails: boolean, stopAfter?: string) {
  const log: string[] = [];
  const primary = await spilledCsv("a,b\n1,x\n2,y\n3,z\n", { batchRows: 1 });
  const registry = new Map([copier(fails), follower(log)].map((a) => [a.id, a]));
  const outcome = await runAgents({
    tool: TOOL as NonNullable<typeof TOOL>,
    agentIds: ["type-fixer", "duplicate-resolver"],
    registry,
    parameters: { "duplicate-resolver": { keep: "last" } },
    primary,
    primaryRows: 3,
    spillDir: mkdtempSync(join(tmpdir(), "follow-")),
    signal: new AbortController().signal,
    hooks: hooks(log, stopAfter),
    progressOffset: 0,
    primaryBytes: 16,
  });
  return { log, outcome };
}

describe("Agent.follow", () => {
  it("is told before the agent ahead runs, hears each batch once on disk and the end, and is stopped after its own run", async () => {
    const { log, outcome } = await run(false);
    expect(log).toEqual([
      "start type-fixer",
      "follow keep=last",
      "start duplicate-resolver",
      "run heard opened written written written finished",
      "stopped after opened written written written finished",
    ]);
    expect(outcome.outputs.map((o) => o.status)).toEqual(["success", "success"]);
  });

  it("hears the dataset abandoned when the agent ahead fails, and is stopped when the run stops before it", async () => {
    const failed = await run(true);
    // The batch written before the failure may land before the writer gives up; the dataset never finishes.
    expect(failed.log.find((line) => line.startsWith("run heard"))).toMatch(/^run heard opened (written )?abandoned$/);
    expect(failed.outcome.outputs.map((o) => o.status)).toEqual(["error", "success"]);

    const stopped = await run(false, "type-fixer");
    expect(stopped.outcome.stoppedEarly).toBe(true);
    expect(stopped.log).toEqual(["start type-fixer", "follow keep=last", "stopped after opened written written written finished"]);
  });
});
