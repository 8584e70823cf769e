import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { AgentOutput } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { folderStore } from "../../../src/engine/object-store.js";
import { runToolOnStore } from "../../../src/engine/run-tool.js";
import { jobFor, recordingHooks, testConfig } from "../../engine/b2-run.js";

const CLEAN_AGENTS = [
  "quarantine-agent",
  "null-handler",
  "outlier-remover",
  "type-fixer",
  "duplicate-resolver",
  "field-standardization",
  "cleanse-writeback",
  "cleanse-previewer",
];

function put(root: string, key: string, text: string): number {
  mkdirSync(dirname(join(root, key)), { recursive: true });
  writeFileSync(join(root, key), text);
  return Buffer.byteLength(text);
}

describe("clean-my-data through the engine", () => {
  it("chains every agent over the uploaded file and writes the cleaned file, the quarantine and the recipe", async () => {
    const root = mkdtempSync(join(tmpdir(), "clean-chain-"));
    const prefix = `users/usr_test/tasks/tsk_${Math.random().toString(36).slice(2, 10)}/`;
    const csv = [
      "id,name,amount,country,phone,joined",
      '1,Acme Inc.,"1,200.00",USA,(415) 555-2671,12/31/2024',
      "2,ACME INC,300,united states,415-555-2672,2024-01-05",
      "3,Globex,,UK,+44 20 7946 0958,2024-02-01",
      "4,Initech,50,Germany",
      "2,ACME INC,300,united states,415-555-2672,2024-01-05",
      "6,Initech,N/A,Deutschland,212-555-0100,Jan 3 2024",
    ].join("\n");
    const key = `${prefix}inputs/primary.csv`;
    const size = put(root, key, csv);
    const parametersKey = `${prefix}parameters.json`;
    put(
      root,
      parametersKey,
      JSON.stringify({ "null-handler": { strategies: { amount: "fill_median" } }, "outlier-remover": { columns: ["amount"] } }),
    );
    const job = jobFor(prefix, { key, size }, { tool_id: "clean-my-data", agents: CLEAN_AGENTS, parameters_key: parametersKey });
    const result = await runToolOnStore({
      job,
      store: folderStore(root),
      config: testConfig({ BATCH_ROWS: "3" }),
      signal: new AbortController().signal,
      hooks: recordingHooks(),
    });
    const output = (name: string) => readFileSync(join(root, job.output_prefix, name), "utf8");
    const report = JSON.parse(output("report.json"));
    expect(report.agents.map((a: AgentOutput) => [a.agent_id, a.status])).toEqual(CLEAN_AGENTS.map((id) => [id, "success"]));

    // Row 4 is short (quarantined), row 5 repeats row 2 (removed). Amount: "" and N/A take the median of
    // 1200, 300, 300 = 300. Dates, phones and countries standardised; "ACME INC" joins "Acme Inc.".
    expect(output("cleaned.csv")).toBe(
      [
        "source_row,id,name,amount,country,phone,joined,is_outlier,outlier_columns",
        "1,1,Acme Inc.,1200,US,+14155552671,2024-12-31,false,",
        "2,2,Acme Inc.,300,US,+14155552672,2024-01-05,false,",
        "3,3,Globex,300,GB,+442079460958,2024-02-01,false,",
        "6,6,Initech,300,DE,+12125550100,2024-01-03,false,",
        "",
      ].join("\r\n"),
    );
    expect(output("quarantine.csv")).toBe(
      'source_row,line_number,id,name,amount,country,phone,joined,quarantine_reason,raw_line,original_values\r\n4,5,,,,,,,"the line has 4 fields, the header has 6","4,Initech,50,Germany",\r\n',
    );

    const recipe = JSON.parse(output("recipe.json"));
    const step = (operation: string, field?: string) =>
      recipe.steps.find((s: { operation: string; field?: string }) => s.operation === operation && s.field === field);
    expect(step("quarantine_rows")).toMatchObject({ agent: "quarantine-agent", count: 1 });
    expect(step("fill_median", "amount")).toMatchObject({ count: 2, parameters: { strategy: "fill_median", value: "300" } });
    expect(step("remove_exact_duplicates")).toMatchObject({ agent: "duplicate-resolver", count: 1 });
    expect(step("standardize_phone", "phone")).toMatchObject({ count: 4, parameters: { format: "E.164", default_country: "US" } });
    expect(step("standardize_country", "country")).toMatchObject({ count: 4 });
    expect(step("cluster_variants", "name")).toMatchObject({
      count: 1,
      parameters: { method: "fingerprint", mapping: { "ACME INC": "Acme Inc." } },
    });
    const agentsInOrder = [...new Set(recipe.steps.map((s: { agent: string }) => s.agent))];
    expect(agentsInOrder).toEqual([
      "quarantine-agent",
      "null-handler",
      "outlier-remover",
      "type-fixer",
      "duplicate-resolver",
      "field-standardization",
    ]);

    // Previewer: rows 1, 2, 3 and 6 remain; 4 + 3 + 3 + 4 cells differ from the upload.
    const preview = report.agents.find((a: AgentOutput) => a.agent_id === "cleanse-previewer").data;
    expect(preview).toMatchObject({ rows_before: 6, rows_after: 4, rows_removed: 2, cells_changed: 14 });
    expect(preview.columns.find((c: { field: string }) => c.field === "is_outlier").status).toBe("added");

    const names = result.outputs.map((o) => o.file_name);
    expect(names).toEqual(expect.arrayContaining(["cleaned.csv", "quarantine.csv", "recipe.json"]));
    const rowIssues = output("row_issues.csv");
    expect(rowIssues).toContain("duplicate-resolver,5,,,,exact_duplicate,low,,Removed: duplicate of row 2");
  });

  it("streams a file of many batches: quarantine, mean fill, duplicates and spelling variants, row numbers kept", async () => {
    const root = mkdtempSync(join(tmpdir(), "clean-chain-"));
    const prefix = `users/usr_test/tasks/tsk_${Math.random().toString(36).slice(2, 10)}/`;
    const category = (i: number) => (i % 5 <= 2 ? "red" : i % 5 === 3 ? "RED" : " blue ");
    const value = (i: number) => (i % 7 === 0 ? "" : String(i * 1.5));
    const lines: string[] = [];
    const expectedIds: number[] = [];
    const numbers: number[] = [];
    for (let i = 1; i <= 3000; i++) {
      // Every 500th row is short (quarantined); every row 50, 150, … repeats the row before it (removed).
      const id = i % 100 === 50 ? i - 1 : i;
      if (i % 500 === 0) lines.push(`${id},${value(id)}`);
      else lines.push(`${id},${value(id)},${category(id)}`);
      if (i % 500 !== 0 && value(id) !== "") numbers.push(Number(value(id)));
      if (i % 500 !== 0 && i % 100 !== 50) expectedIds.push(id);
    }
    const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
    const key = `${prefix}inputs/primary.csv`;
    const size = put(root, key, `sku,amount,colour\n${lines.join("\n")}\n`);
    const parametersKey = `${prefix}parameters.json`;
    put(root, parametersKey, JSON.stringify({ "null-handler": { strategies: { amount: "fill_mean" } } }));
    const agents = ["quarantine-agent", "null-handler", "duplicate-resolver", "field-standardization", "cleanse-writeback"];
    const job = jobFor(prefix, { key, size }, { tool_id: "clean-my-data", agents, parameters_key: parametersKey });
    await runToolOnStore({
      job,
      store: folderStore(root),
      config: testConfig({ BATCH_ROWS: "100" }),
      signal: new AbortController().signal,
      hooks: recordingHooks(),
    });

    const output = (name: string) => readFileSync(join(root, job.output_prefix, name), "utf8");
    const rows = output("cleaned.csv")
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",").slice(1));
    expect(rows.map((r) => Number(r[0]))).toEqual(expectedIds);
    expect(rows).toHaveLength(3000 - 6 - 30);
    for (const [id, amount, colour] of rows) {
      expect(Number(amount)).toBeCloseTo(Number(id) % 7 === 0 ? mean : Number(id) * 1.5, 6);
      expect(colour).toBe(Number(id) % 5 === 4 ? "blue" : "red");
    }
    expect(
      output("quarantine.csv")
        .trimEnd()
        .split("\r\n")
        .slice(1)
        .map((l) => Number(l.split(",")[0])),
    ).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
    const report = JSON.parse(output("report.json"));
    const duplicates = report.agents.find((a: AgentOutput) => a.agent_id === "duplicate-resolver");
    expect(duplicates.row_level_issues.slice(0, 2).map((i: { row: number; message: string }) => [i.row, i.message])).toEqual([
      [50, "Removed: duplicate of row 49"],
      [150, "Removed: duplicate of row 149"],
    ]);
  });
});
