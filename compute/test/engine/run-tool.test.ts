import { type AgentOutput, type Manifest, REPORT_ROW_ISSUE_LIMIT } from "@agensium/shared";
import type { Vector } from "apache-arrow";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { b2Store } from "../../src/engine/object-store.js";
import { NOT_AVAILABLE_REASON } from "../../src/engine/run-agents.js";
import { runTool, runToolOnStore } from "../../src/engine/run-tool.js";
import { type Agent, EngineError } from "../../src/engine/types.js";
import { bytesOf, jobFor, randomPrefix, recordingHooks, testB2, testConfig } from "./b2-run.js";

/** Counts rows and empty cells of "amount" over two passes (the second must see the same rows). */
let profilerRuns = 0;
const emptyCellCounter: Agent = {
  id: "unified-profiler",
  async run(ctx) {
    profilerRuns++;
    const passes: number[] = [];
    const rowIssues: AgentOutput["row_level_issues"] = [];
    for (let pass = 0; pass < 2; pass++) {
      let rows = 0;
      for await (const { batch, firstRow } of ctx.primary.batches(ctx.signal)) {
        const amount = batch.getChild("amount") as Vector;
        for (let i = 0; i < batch.numRows; i++) {
          if (pass === 0 && (amount.get(i) ?? "") === "") {
            rowIssues.push({
              row: firstRow + i,
              field: "amount",
              issue_type: "empty",
              value: null,
              message: `amount is empty, "quoted, text"`,
              severity: "low",
            });
          }
        }
        rows += batch.numRows;
        ctx.progress(rows);
      }
      passes.push(rows);
    }
    const bigLine = `${"x".repeat(1023)}\n`;
    return {
      alerts: [{ id: "a1", severity: "high", category: "completeness", field: "amount", message: "amount has empty cells" }],
      issues: [{ id: "i1", type: "empty", severity: "medium", field: "amount", count: rowIssues.length, description: "empty amounts" }],
      recommendations: [{ id: "r1", priority: "high", action: "fill amount", field: "amount", rationale: "half are empty" }],
      row_level_issues: rowIssues,
      executive_summary: [{ title: "Rows", value: passes[0], status: "good", description: "rows read" }],
      data: { passes, limit: (ctx.parameters as { top_values: number }).top_values },
      files: [
        {
          fileName: "big.txt",
          kind: "other",
          contentType: "text/plain",
          async *chunks() {
            // 9 MiB: more than one 8 MiB part, so the upload goes multipart.
            const block = new TextEncoder().encode(bigLine.repeat(1024));
            for (let i = 0; i < 9; i++) yield block;
          },
        },
      ],
    };
  },
};

const crashing: Agent = {
  id: "score-risk",
  async run() {
    throw new Error("division by zero in the scorer");
  },
};

const inputFault: Agent = {
  id: "governance-checker",
  async run() {
    throw new EngineError("INPUT_UNREADABLE", "column 3 holds binary data");
  },
};

/** Profiler runs counted when readiness-rater was prepared, by the input it was prepared with. */
const preparedAt = new WeakMap<object, { profilerRuns: number; parameters: unknown }>();

/** Reads what the first agent said, through ctx.previous, and what it was told when prepared. */
const previousReader: Agent = {
  id: "readiness-rater",
  prepare({ primary, parameters }) {
    preparedAt.set(primary, { profilerRuns, parameters });
  },
  async run(ctx) {
    const profile = ctx.previous.get("unified-profiler");
    const prepared = preparedAt.get(ctx.primary);
    return {
      alerts: [],
      issues: [],
      recommendations: [],
      row_level_issues: [],
      executive_summary: [],
      data: {
        rows_seen_by_profiler: (profile?.data as { passes: number[] } | undefined)?.passes[0],
        // Prepared with this run's input and parameters before the first agent of the run ran.
        prepared_before_profiler: prepared !== undefined && prepared.profilerRuns === profilerRuns - 1,
        prepared_with: prepared?.parameters,
      },
    };
  },
};

const registry = new Map<string, Agent>([emptyCellCounter, crashing, inputFault, previousReader].map((a) => [a.id, a]));

async function uploadCsv(rows: number) {
  const b2 = testB2();
  const prefix = randomPrefix();
  const lines = Array.from({ length: rows }, (_, i) => `${i + 1},${i % 2 === 0 ? "" : i * 1.5},"c, ${i}"`);
  const csv = `id,amount,comment\n${lines.join("\n")}\n3001,7\n`;
  const key = `${prefix}inputs/primary.csv`;
  const size = await b2.putBytes(key, csv, "text/csv");
  return { b2, prefix, key, size };
}

describe("runTool", () => {
  it("runs agents in tool order, keeps going past failures, and writes every output with the sizes B2 stores", async () => {
    const { b2, prefix, key, size } = await uploadCsv(3000);
    const parametersKey = `${prefix}parameters.json`;
    await b2.putBytes(parametersKey, JSON.stringify({ "unified-profiler": { top_values: 5 } }), "application/json");
    const hooks = recordingHooks();
    const job = jobFor(prefix, { key, size }, { parameters_key: parametersKey });
    const result = await runToolOnStore({
      job,
      store: b2Store(b2),
      config: testConfig(),
      signal: new AbortController().signal,
      hooks,
      registry,
    });

    // drift-detector and test-coverage-agent are missing from this registry: reported, but never started (never charged).
    const started = ["unified-profiler", "score-risk", "governance-checker", "readiness-rater"];
    expect(hooks.events.filter((e) => e.type === "started").map((e) => e.agentId)).toEqual(started);
    const order = ["unified-profiler", "drift-detector", "score-risk", "governance-checker", "test-coverage-agent", "readiness-rater"];
    expect(hooks.events.filter((e) => e.type === "completed").map((e) => e.agentId)).toEqual(order);
    const outcomes = Object.fromEntries(hooks.events.flatMap((e) => (e.type === "completed" ? [[e.agentId, e.outcome]] : [])));
    expect(outcomes["unified-profiler"].status).toBe("success");
    expect(outcomes["drift-detector"].status).toBe("skipped");
    expect(outcomes["score-risk"]).toMatchObject({ status: "error", error_code: "AGENT_FAILED", system_failure: true });
    expect(outcomes["governance-checker"]).toMatchObject({ status: "error", error_code: "INPUT_UNREADABLE", system_failure: false });
    expect(hooks.percents.at(-1)).toBe(100);
    expect(hooks.percents.every((p, i) => i === 0 || p >= hooks.percents[i - 1])).toBe(true);
    expect(result.stoppedEarly).toBe(false);

    // The manifest lists every output with the size B2 holds for it.
    const manifest = JSON.parse((await b2.getText(result.manifestKey)) ?? "null") as Manifest;
    expect(manifest.outputs).toEqual(result.outputs);
    expect(manifest.outputs.map((o) => o.file_name)).toEqual(["report.json", "report.html", "report.xlsx", "row_issues.csv", "big.txt"]);
    for (const output of manifest.outputs) expect((await b2.head(output.key))?.size, output.file_name).toBe(output.size_bytes);
    expect(manifest.outputs.find((o) => o.file_name === "big.txt")?.size_bytes).toBe(9 * 1024 * 1024);

    // 1,500 empty amounts (odd rows 1…2999) + one ragged row, left out of the agents' rows; report.json keeps 1,000, row_issues.csv all.
    const report = JSON.parse((await b2.getText(`${job.output_prefix}report.json`)) ?? "null");
    const profiler = report.agents.find((a: AgentOutput) => a.agent_id === "unified-profiler");
    expect(profiler.data).toEqual({ passes: [3000, 3000], limit: 5 });
    expect(profiler.row_level_issues).toHaveLength(REPORT_ROW_ISSUE_LIMIT);
    expect(profiler.row_level_issues_total).toBe(1500);
    expect(report.agents.find((a: AgentOutput) => a.agent_id === "test-coverage-agent").reason).toBe(NOT_AVAILABLE_REASON);
    expect(report.agents.find((a: AgentOutput) => a.agent_id === "score-risk").error.message).toBe("division by zero in the scorer");
    expect(report.agents.find((a: AgentOutput) => a.agent_id === "readiness-rater").data).toEqual({
      rows_seen_by_profiler: 3000,
      prepared_before_profiler: true,
      prepared_with: expect.objectContaining({ weights: expect.objectContaining({ completeness: 0.25 }) }),
    });
    expect(report.inputs[0]).toMatchObject({ rows: 3000, columns: ["id", "amount", "comment"], size_bytes: size, ragged_rows: 1 });
    // The ragged record is line 3002 (header, then rows 1…3000 on lines 2…3001).
    expect(report.inputs[0].alerts).toEqual([
      expect.objectContaining({ id: "primary-ragged-rows", value: 1, message: expect.stringContaining("(line 3002)") }),
    ]);
    // report.html shows the same alert under the inputs.
    const page = (await b2.getText(`${job.output_prefix}report.html`)) ?? "";
    expect(page.slice(page.indexOf("data-input-alerts"))).toContain("(line 3002)");

    const csv = (await b2.getText(`${job.output_prefix}row_issues.csv`)) ?? "";
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("agent_id,row,line_number,row_key,field,issue_type,severity,value,message");
    expect(lines).toHaveLength(1 + 1 + 1500);
    expect(lines[1]).toMatch(/^input,3001,3002,,,ragged_row,high,"3001,7",/);
    expect(lines[2]).toBe('unified-profiler,1,,,amount,empty,low,,"amount is empty, ""quoted, text"""');
    expect(lines.at(-1)).toBe('unified-profiler,2999,,,amount,empty,low,,"amount is empty, ""quoted, text"""');

    expect(result.summary).toMatchObject({ rows: 3000, columns: 3 });
  });

  it("writes report.xlsx with its sheets, a frozen styled header and severity colours", async () => {
    const { b2, prefix, key, size } = await uploadCsv(50);
    const job = jobFor(prefix, { key, size }, { agents: ["unified-profiler", "score-risk"] });
    await runToolOnStore({
      job,
      store: b2Store(b2),
      config: testConfig(),
      signal: new AbortController().signal,
      hooks: recordingHooks(),
      registry,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await bytesOf(b2, `${job.output_prefix}report.xlsx`)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      "Summary",
      "unified-profiler",
      "score-risk",
      "Alerts",
      "Issues",
      "Recommendations",
      "Row issues",
    ]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0], sheet.name).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.getRow(1).getCell(1).font?.bold, sheet.name).toBe(true);
      expect(sheet.getColumn(1).width, sheet.name).toBeGreaterThan(8);
    }
    const summary = workbook.getWorksheet("Summary");
    expect(summary?.getRow(2).values).toEqual([
      undefined,
      "input: primary",
      undefined,
      undefined,
      undefined,
      undefined,
      1,
      `csv, 50 rows, 3 columns, ${size.toLocaleString("en-US")} bytes`,
    ]);
    expect(summary?.getRow(3).getCell(2).value).toBe("success");
    expect(summary?.getRow(4).getCell(2).value).toBe("error");
    const alerts = workbook.getWorksheet("Alerts");
    expect(alerts?.getRow(2).getCell(2).value).toBe("high");
    expect((alerts?.getRow(2).getCell(2).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBe("FFFF7C80");
    const rowIssues = workbook.getWorksheet("Row issues");
    // 25 empty amounts (rows 1, 3, …, 49) plus the ragged row.
    expect(rowIssues?.rowCount).toBe(1 + 1 + 25);
  });

  it("stops when a hook says so, and still writes what ran", async () => {
    const { b2, prefix, key, size } = await uploadCsv(10);
    const hooks = recordingHooks("unified-profiler");
    const job = jobFor(prefix, { key, size });
    const result = await runToolOnStore({
      job,
      store: b2Store(b2),
      config: testConfig(),
      signal: new AbortController().signal,
      hooks,
      registry,
    });
    expect(result.stoppedEarly).toBe(true);
    expect(hooks.events.map((e) => `${e.type}:${e.agentId}`)).toEqual(["started:unified-profiler", "completed:unified-profiler"]);
    const report = JSON.parse((await b2.getText(`${job.output_prefix}report.json`)) ?? "null");
    expect(report.stopped_early).toBe(true);
    expect(report.agents.map((a: AgentOutput) => a.agent_id)).toEqual(["unified-profiler"]);
  });

  it("fails a malformed input with INPUT_UNREADABLE before any agent starts", async () => {
    const b2 = testB2();
    const prefix = randomPrefix();
    const key = `${prefix}inputs/primary.csv`;
    const text = 'a,b\n1,2\n3,"unterminated\n';
    const size = await b2.putBytes(key, text, "text/csv");
    const hooks = recordingHooks();
    const err = await runToolOnStore({
      job: jobFor(prefix, { key, size }),
      store: b2Store(b2),
      config: testConfig(),
      signal: new AbortController().signal,
      hooks,
      registry,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.code).toBe("INPUT_UNREADABLE");
    expect(err.message).toBe(`Row 2 (byte offset ${text.indexOf('"unterminated')}): a quoted field is never closed`);
    expect(hooks.events).toEqual([]);
  });

  it("refuses parameters the tool's schema rejects, naming the field", async () => {
    const { b2, prefix, key, size } = await uploadCsv(5);
    const parametersKey = `${prefix}parameters.json`;
    await b2.putBytes(parametersKey, JSON.stringify({ "unified-profiler": { top_values: 500 } }), "application/json");
    const job = jobFor(prefix, { key, size }, { parameters_key: parametersKey });
    const err = await runToolOnStore({
      job,
      store: b2Store(b2),
      config: testConfig(),
      signal: new AbortController().signal,
      hooks: recordingHooks(),
      registry,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.code).toBe("PARAMETERS_INVALID");
    expect(err.message).toContain("unified-profiler.top_values");
  });

  it("reads the sheet named under input in parameters.json, which the tool's schema accepts", async () => {
    const b2 = testB2();
    const prefix = randomPrefix();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Notes").addRow(["ignore me"]);
    const orders = workbook.addWorksheet("Orders");
    orders.addRow(["order", "amount"]);
    for (let i = 1; i <= 30; i++) orders.addRow([`A-${i}`, i % 3 === 0 ? null : i * 2]);
    const key = `${prefix}inputs/primary.xlsx`;
    const size = await b2.putBytes(key, new Uint8Array(await workbook.xlsx.writeBuffer()), "application/octet-stream");
    const parametersKey = `${prefix}parameters.json`;
    await b2.putBytes(parametersKey, JSON.stringify({ input: { sheet: "Orders" } }), "application/json");
    const job = jobFor(prefix, { key, size, format: "xlsx" }, { parameters_key: parametersKey, agents: ["unified-profiler"] });
    await runToolOnStore({
      job,
      store: b2Store(b2),
      config: testConfig(),
      signal: new AbortController().signal,
      hooks: recordingHooks(),
      registry,
    });
    const report = JSON.parse((await b2.getText(`${job.output_prefix}report.json`)) ?? "null");
    expect(report.inputs[0]).toMatchObject({ format: "xlsx", columns: ["order", "amount"], rows: 30 });
    // Rows 3, 6, …, 30 have no amount: 10 of them.
    expect(report.agents[0].row_level_issues.map((r: { row: number }) => r.row)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
  });

  it("runs the engine's own agents through runTool on B2", async () => {
    const { b2, prefix, key, size } = await uploadCsv(200);
    const job = jobFor(prefix, { key, size }, { agents: ["unified-profiler", "readiness-rater"] });
    const result = await runTool({ job, b2, config: testConfig(), signal: new AbortController().signal, hooks: recordingHooks() });
    const summary = result.summary as { agents: { agent_id: string; status: string }[] };
    expect(summary.agents.map((a) => [a.agent_id, a.status])).toEqual([
      ["unified-profiler", "success"],
      ["readiness-rater", "success"],
    ]);
    const report = JSON.parse((await b2.getText(`${job.output_prefix}report.json`)) ?? "null");
    expect(report.inputs[0].rows).toBe(200);
  });
});
