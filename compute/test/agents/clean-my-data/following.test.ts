/**
 * First passes made on a worker that follows the dataset as the agent ahead writes it:
 * duplicate-resolver's row keys keep and drop the rows a count of the rows' texts does,
 * type-fixer's inference gives each column the type its values were made with, a result counts
 * only for the very dataset followed, and through the engine the cleaned file is the one the
 * agents make when they scan the rows themselves (and cleaned.csv the one written after its rows).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_NULL_MARKERS } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { cleanseWriteback } from "../../../src/agents/clean-my-data/cleanse-writeback.js";
import { ColumnKindFollowing } from "../../../src/agents/clean-my-data/column-kind-following.js";
import { inferColumnTypes } from "../../../src/agents/clean-my-data/column-types.js";
import { type DerivedDataset, DerivedDatasetWriter } from "../../../src/agents/clean-my-data/derived-dataset.js";
import { duplicateResolver } from "../../../src/agents/clean-my-data/duplicate-resolver.js";
import { NullMarkers } from "../../../src/agents/clean-my-data/null-markers.js";
import { quarantineAgent } from "../../../src/agents/clean-my-data/quarantine-agent.js";
import { columnsOf, RowBatchBuilder } from "../../../src/agents/clean-my-data/row-batch.js";
import { RowKeyFollowing, type RowKeyFollowingOptions } from "../../../src/agents/clean-my-data/row-key-following.js";
import { duplicateRows } from "../../../src/agents/clean-my-data/row-key-scan.js";
import { typeFixer } from "../../../src/agents/clean-my-data/type-fixer.js";
import { TypeFollowing } from "../../../src/agents/clean-my-data/type-following.js";
import { AGENTS } from "../../../src/agents/index.js";
import { PARALLEL_MIN_BYTES } from "../../../src/engine/column-threads.js";
import type { SpilledDataset } from "../../../src/engine/dataset.js";
import { ingestDataset } from "../../../src/engine/dataset.js";
import { folderStore } from "../../../src/engine/object-store.js";
import { runToolOnStore } from "../../../src/engine/run-tool.js";
import { SpillHandoff } from "../../../src/engine/spill-handoff.js";
import type { Agent, RunHooks } from "../../../src/engine/types.js";
import { jobFor, testConfig } from "../../engine/b2-run.js";
import { seededRandom } from "../../support/random.js";
import { spilledCsv } from "../../support/spilled-csv.js";
import { readRows } from "./clean-support.js";

const random = seededRandom(11);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
const COLUMNS = ["a", "b", "c"];

/** Few distinct values per column, null markers spelled several ways, multi-byte text: many rows repeat. */
function csvText(rows: number): string {
  const lines = [COLUMNS.join(",")];
  for (let r = 0; r < rows; r++) {
    lines.push([pick(["1", "2", "3", "NA", ""]), pick(["Zoë", "東京", "x", " na ", "null"]), pick(["p", "q", "N/A", "r", "s"])].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** Writes `source` again without every seventh row (so batches carry their rows' numbers), telling `handoff` as it goes. */
async function rewritten(source: SpilledDataset, handoff: SpillHandoff): Promise<DerivedDataset> {
  const writer = await DerivedDatasetWriter.open(mkdtempSync(join(tmpdir(), "row-keys-")), "fixed", source.columns, source, handoff);
  for await (const data of source.batches()) {
    const cells = columnsOf(data.batch, source.columns.length);
    const out = new RowBatchBuilder(source.columns, data.batch.numRows);
    for (let i = 0; i < data.batch.numRows; i++) {
      const row = data.firstRow + i;
      if (row % 7 === 0) continue;
      out.begin(row);
      for (let c = 0; c < source.columns.length; c++) out.copy(c, cells[c], i);
      out.end();
    }
    const built = out.finish();
    await writer.write(built.batch, built.rows);
  }
  return writer.finish();
}

/** The row each dropped row duplicates, from the rows' texts: a null or a null marker (trimmed, any case) is one "null" value. */
async function countedDuplicates(dataset: DerivedDataset, keyColumns: string[], keepLast: boolean): Promise<Map<number, number>> {
  const markers = new Set(DEFAULT_NULL_MARKERS.map((m) => m.trim().toLowerCase()));
  const rowsOf = new Map<string, number[]>();
  for (const { row, values } of await readRows(dataset)) {
    const key = JSON.stringify(
      keyColumns.map((name) => {
        const v = values[dataset.columns.indexOf(name)];
        return v === null || v === "" || markers.has(v.trim().toLowerCase()) ? null : v;
      }),
    );
    rowsOf.set(key, [...(rowsOf.get(key) ?? []), row]);
  }
  const duplicateOf = new Map<number, number>();
  for (const rows of rowsOf.values()) {
    const kept = keepLast ? rows[rows.length - 1] : rows[0];
    for (const row of rows) if (row !== kept) duplicateOf.set(row, kept);
  }
  return duplicateOf;
}

const options = (overrides: Partial<RowKeyFollowingOptions>): RowKeyFollowingOptions => ({
  keyColumns: null,
  nullMarkers: DEFAULT_NULL_MARKERS,
  keepLast: false,
  expectedRows: 16,
  ...overrides,
});

describe("row keys followed on a worker", () => {
  it("keeps and drops the rows a count of the rows' texts does, first or last, on the whole row or key columns", async () => {
    const source = await spilledCsv(csvText(3_000), { batchRows: 200 });
    for (const [keyColumns, keepLast] of [
      [null, false],
      [null, true],
      [["a", "b"], false],
      [["c"], true],
    ] as const) {
      const handoff = new SpillHandoff();
      const following = new RowKeyFollowing(handoff, options({ keyColumns, keepLast }), new AbortController().signal);
      const dataset = await rewritten(source, handoff);
      const found = await following.result(dataset);
      expect(found).not.toBeNull();
      if (found === null) return;
      expect(found.rows).toBe(dataset.rowCount);
      expect(found.batches).toBe(dataset.spill.batchCount);
      const truth = await countedDuplicates(dataset, keyColumns ? [...keyColumns] : COLUMNS, keepLast);
      // The values repeat, so most rows are duplicates of one of a few kept rows.
      expect(truth.size).toBeGreaterThan(dataset.rowCount / 2);
      expect(duplicateRows(found)).toEqual(truth);
      following.stop();
    }
  });

  it("counts only for the dataset it followed, whole: not for another, not after a failed write, not without the key column", async () => {
    const source = await spilledCsv(csvText(500), { batchRows: 100 });
    const signal = new AbortController().signal;

    const handoff = new SpillHandoff();
    const followed = new RowKeyFollowing(handoff, options({}), signal);
    const dataset = await rewritten(source, handoff);
    const other = await rewritten(source, new SpillHandoff());
    expect(await followed.result(other)).toBeNull();
    expect(await followed.result(source)).toBeNull();

    const failing = new SpillHandoff();
    const failed = new RowKeyFollowing(failing, options({}), signal);
    const writer = await DerivedDatasetWriter.open(mkdtempSync(join(tmpdir(), "row-keys-")), "failed", source.columns, source, failing);
    for await (const data of source.batches()) await writer.writeBatch(data);
    await writer.discard();
    expect(await failed.result(dataset)).toBeNull();

    const unknownColumn = new SpillHandoff();
    const missing = new RowKeyFollowing(unknownColumn, options({ keyColumns: ["a", "zz"] }), signal);
    expect(await missing.result(await rewritten(source, unknownColumn))).toBeNull();

    // Two datasets written at once with the same handoff would mix two spills: the handoff gives up on both.
    const twice = new SpillHandoff();
    const mixed = new RowKeyFollowing(twice, options({}), signal);
    const folder = mkdtempSync(join(tmpdir(), "row-keys-"));
    const writers = [
      await DerivedDatasetWriter.open(folder, "one", source.columns, source, twice),
      await DerivedDatasetWriter.open(folder, "two", source.columns, source, twice),
    ];
    for await (const data of source.batches()) for (const w of writers) await w.writeBatch(data);
    for (const w of writers) expect(await mixed.result(await w.finish())).toBeNull();
  });

  it("infers the type each column's values were made with, and stops reading once every column is settled as text", async () => {
    const lines = ["n,f,d,b,zip,s"];
    for (let r = 0; r < 2_000; r++) {
      lines.push(
        [
          r % 97 === 0 ? "NA" : String(r * 3),
          `${r}.${r % 10}5`,
          `2024-${String((r % 12) + 1).padStart(2, "0")}-${String((r % 28) + 1).padStart(2, "0")}`,
          pick(["yes", "no", "true", "false"]),
          String(r % 900).padStart(5, "0"),
          pick(["Zoë", "東京", "x1", "2 cats"]),
        ].join(","),
      );
    }
    const source = await spilledCsv(`${lines.join("\n")}\n`, { batchRows: 150 });
    const signal = new AbortController().signal;
    const infer = async (typedColumns: string[], rowBound: number) => {
      const handoff = new SpillHandoff();
      const following = new TypeFollowing(handoff, { typedColumns, nullMarkers: DEFAULT_NULL_MARKERS, dateOrder: "MDY", rowBound }, signal);
      const dataset = await rewritten(source, handoff);
      return { found: await following.result(dataset), dataset };
    };
    const { found, dataset } = await infer(["s"], 2_000);
    expect(found?.columns).toEqual([0, 1, 2, 3, 4]);
    expect(found?.types).toEqual(["integer", "float", "date", "boolean", "string"]);
    expect(found?.complete).toBe(true);
    expect(found?.rowsRead).toBe(dataset.rowCount);

    // Only text columns left, and the rows known: a few batches settle them, the rest is not read, and the result still counts.
    const early = await infer(["n", "f", "d", "b"], 2_000);
    expect(early.found?.types).toEqual(["string", "string"]);
    expect(early.found?.complete).toBe(false);
    expect(early.found?.batches).toBeLessThan(early.dataset.spill.batchCount);
    // No column left to infer, or a typed column the file lacks: nothing is followed.
    expect((await infer(["n", "f", "d", "b", "zip", "s"], 2_000)).found).toBeNull();
    expect((await infer(["nope"], 2_000)).found).toBeNull();
  });

  it("counts the input's column types as the reader spills it, the same as quarantine-agent's own pass, and only while the header holds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "follow-input-"));
    const lines = ["n,f,d,b,s"];
    for (let r = 0; r < 3_000; r++)
      lines.push(
        [
          r % 89 === 0 ? "N/A" : String(r),
          `${r}.5`,
          `2024-03-${String((r % 28) + 1).padStart(2, "0")}`,
          pick(["true", "false"]),
          pick(["Zoë", "x", "7 up"]),
        ].join(","),
      );
    writeFileSync(join(dir, "in.csv"), `${lines.join("\n")}\n`);
    const ndjson = [...Array.from({ length: 300 }, (_, r) => JSON.stringify({ a: r })), JSON.stringify({ a: 1, late: "key" })];
    writeFileSync(join(dir, "in.ndjson"), `${ndjson.join("\n")}\n`);
    const signal = new AbortController().signal;
    const read = async (key: string, format: "csv" | "ndjson") => {
      const handoff = new SpillHandoff();
      const following = new ColumnKindFollowing(handoff, { nullMarkers: DEFAULT_NULL_MARKERS, rowBound: -1 }, signal);
      const spillDir = mkdtempSync(join(tmpdir(), "follow-input-spill-"));
      const dataset = await ingestDataset({
        store: folderStore(dir),
        key,
        role: "primary",
        format,
        batchRows: 250,
        maxBytes: 1e9,
        spillDir,
        handoff,
      });
      return { found: await following.result(dataset), dataset };
    };
    const { found, dataset } = await read("in.csv", "csv");
    expect(found?.types).toEqual(["integer", "float", "date", "boolean", "string"]);
    expect(found?.types).toEqual(await inferColumnTypes(dataset, signal, new NullMarkers(DEFAULT_NULL_MARKERS)));
    expect(found?.batches).toBe(12);
    // A record with a key the first batch lacked: the batches no longer share one header, so nothing counts.
    expect((await read("in.ndjson", "ndjson")).found).toBeNull();
  });

  it("through the engine, outlier-remover's and type-fixer's outputs followed give the cleaned file the agents make scanning alone", async () => {
    const root = mkdtempSync(join(tmpdir(), "row-keys-run-"));
    const prefix = "users/usr_test/tasks/tsk_rowkeys/";
    // Past the rows where the agent follows: 120,000 rows of 90,000 distinct ones, each a function of
    // its id, with cells type-fixer rewrites (numbers with separators, yes/no) and null markers.
    const lines = ["id,amount,active,note,place"];
    for (let r = 0; r < 120_000; r++) {
      const id = (r * 7919) % 90_000;
      lines.push(
        `${id},"${(id % 50) + 1},${String(id % 1000).padStart(3, "0")}.50",${id % 3 === 0 ? "yes" : "no"},${id % 11 === 0 ? "N/A" : `n${id % 400}`},${["Port Elizabeth", "San Luis Obispo", "Llanfair PG"][id % 3]} ${id % 97}`,
      );
    }
    writeFileSync(join(root, "in.csv"), `${lines.join("\n")}\n`);
    const size = readFileSync(join(root, "in.csv")).length;
    // Large enough for the first agent to follow the input as it is read (PARALLEL_MIN_BYTES).
    expect(size).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const { follow: _keys, ...scanningKeys } = duplicateResolver;
    const { follow: _types, ...scanningTypes } = typeFixer;
    const { follow: _kinds, ...scanningKinds } = quarantineAgent;
    const { follow: _csv, ...writingAfter } = cleanseWriteback;
    const run = async (label: string, registry: ReadonlyMap<string, Agent>) => {
      const job = jobFor(
        `${prefix}${label}/`,
        { key: "in.csv", size },
        {
          tool_id: "clean-my-data",
          agents: ["quarantine-agent", "outlier-remover", "type-fixer", "duplicate-resolver", "cleanse-writeback"],
        },
      );
      const steps: string[] = [];
      const hooks: RunHooks = {
        agentStarted: async () => true,
        agentCompleted: async () => true,
        progress: (_percent, agentId, _rows, step) => {
          if (step === "scanning" && agentId) steps.push(agentId);
        },
      };
      await runToolOnStore({ job, store: folderStore(root), config: testConfig(), signal: new AbortController().signal, hooks, registry });
      const output = (name: string) => readFileSync(join(root, job.output_prefix, name), "utf8");
      const report = JSON.parse(output("report.json"));
      const data = (id: string) => report.agents.find((a: { agent_id: string }) => a.agent_id === id).data;
      return {
        steps,
        cleaned: output("cleaned.csv"),
        quarantined: output("quarantine.csv"),
        kinds: data("quarantine-agent"),
        types: data("type-fixer"),
        duplicates: data("duplicate-resolver"),
      };
    };
    const followed = await run("followed", AGENTS);
    const alone = await run(
      "alone",
      new Map([
        ...AGENTS,
        ["duplicate-resolver", scanningKeys as Agent],
        ["type-fixer", scanningTypes as Agent],
        ["quarantine-agent", scanningKinds as Agent],
        ["cleanse-writeback", writingAfter as Agent],
      ]),
    );
    // Alone, the agents scan the rows themselves; followed, those passes were done before they started.
    expect(alone.steps).toEqual(expect.arrayContaining(["quarantine-agent", "type-fixer", "duplicate-resolver"]));
    expect(followed.steps).not.toContain("quarantine-agent");
    expect(followed.steps).not.toContain("type-fixer");
    expect(followed.steps).not.toContain("duplicate-resolver");
    expect(alone.duplicates.exact_duplicates_removed).toBe(30_000);
    expect(followed.duplicates).toEqual(alone.duplicates);
    expect(alone.types.columns.map((c: { field: string; type: string }) => `${c.field} ${c.type}`)).toEqual([
      "id string",
      "amount float",
      "active boolean",
      "note string",
      "place string",
      "is_outlier boolean",
      "outlier_columns string",
    ]);
    expect(followed.types).toEqual(alone.types);
    expect(followed.kinds).toEqual(alone.kinds);
    expect(followed.quarantined).toBe(alone.quarantined);
    expect(followed.cleaned).toBe(alone.cleaned);
  });
});
