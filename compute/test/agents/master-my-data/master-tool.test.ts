import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { AgentOutput, Manifest } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { folderStore } from "../../../src/engine/object-store.js";
import { runToolOnStore } from "../../../src/engine/run-tool.js";
import { jobFor, recordingHooks, testConfig } from "../../engine/b2-run.js";
import { parseCsv } from "./run-master-agent.js";

const MASTER_AGENTS = [
  "key-identifier",
  "contract-enforcer",
  "semantic-mapper",
  "lineage-tracer",
  "golden-record-builder",
  "survivorship-resolver",
  "master-writeback-agent",
  "stewardship-flagger",
];

function put(root: string, key: string, text: string): number {
  mkdirSync(dirname(join(root, key)), { recursive: true });
  writeFileSync(join(root, key), text);
  return Buffer.byteLength(text);
}

const CSV = [
  "customer_id,name,email,phone,zip,updated_at",
  'C1,"Smith, John",john.smith@example.com,(555) 123-4567,10001,2024-01-10',
  "C2,John Smith,JOHN.SMITH@example.com,555-123-4567,10001,2024-03-05",
  "C3,Ana Lopez,ana@lopez.es,555-999-0000,28001,2023-05-05",
  "C4,Anna Lopez,ana@lopez.es,,28001,2024-02-02",
  "C5,Wei Chen,wei@chen.cn,555-321-7654,94105,2022-12-12",
].join("\n");

async function runMaster(root: string, parameters: object, baseline?: { key: string; size: number }) {
  const prefix = `users/usr_test/tasks/tsk_${Math.random().toString(36).slice(2, 10)}/`;
  const key = `${prefix}inputs/primary.csv`;
  const size = put(root, key, CSV);
  const parametersKey = `${prefix}parameters.json`;
  put(root, parametersKey, JSON.stringify(parameters));
  const job = jobFor(prefix, { key, size }, { tool_id: "master-my-data", agents: MASTER_AGENTS, parameters_key: parametersKey });
  if (baseline) job.inputs.baseline = { key: baseline.key, format: "csv", size_bytes: baseline.size };
  await runToolOnStore({
    job,
    store: folderStore(root),
    config: testConfig({ BATCH_ROWS: "2" }),
    signal: new AbortController().signal,
    hooks: recordingHooks(),
  });
  const output = (name: string) => readFileSync(join(root, job.output_prefix, name), "utf8");
  return { job, output };
}

describe("master-my-data through the engine", () => {
  it("runs every agent and writes golden records, the crosswalk, the stewardship queue and lineage", async () => {
    const root = mkdtempSync(join(tmpdir(), "master-tool-"));
    const { output } = await runMaster(root, {
      "survivorship-resolver": { timestamp_column: "updated_at", default_rule: "most_recent" },
    });
    const report = JSON.parse(output("report.json"));
    expect(report.agents.map((a: AgentOutput) => [a.agent_id, a.status])).toEqual(MASTER_AGENTS.map((id) => [id, "success"]));
    const manifest = JSON.parse(output("manifest.json")) as Manifest;
    expect(manifest.outputs.map((o) => o.file_name)).toEqual([
      "report.json",
      "report.html",
      "report.xlsx",
      "row_issues.csv",
      "lineage.json",
      "golden_records.csv",
      "crosswalk.csv",
      "stewardship_queue.csv",
    ]);

    // Rows 1–2 ("Smith, John" / "John Smith", same email and phone) and 3–4 (same email) are one
    // person each; most_recent takes every field from the latest row of each (2 and 4), except
    // row 4's missing phone, which comes from row 3.
    const golden = parseCsv(output("golden_records.csv"));
    expect(golden[0]).toEqual([
      "master_id",
      "customer_id",
      "name",
      "email",
      "phone",
      "zip",
      "updated_at",
      "source_file",
      "source_rows",
      "record_count",
    ]);
    expect(golden.slice(1).map((r) => r.slice(1))).toEqual([
      ["C2", "John Smith", "JOHN.SMITH@example.com", "555-123-4567", "10001", "2024-03-05", "primary.csv", "1;2", "2"],
      ["C4", "Anna Lopez", "ana@lopez.es", "555-999-0000", "28001", "2024-02-02", "primary.csv", "3;4", "2"],
      ["C5", "Wei Chen", "wei@chen.cn", "555-321-7654", "94105", "2022-12-12", "primary.csv", "5", "1"],
    ]);
    const ids = golden.slice(1).map((r) => r[0]);
    expect(new Set(ids).size).toBe(3);

    const crosswalk = parseCsv(output("crosswalk.csv"));
    expect(crosswalk.slice(1).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      [ids[0], "primary.csv", "1", ""],
      [ids[0], "primary.csv", "2", "customer_id;name;email;phone;zip;updated_at"],
      [ids[1], "primary.csv", "3", "phone"],
      [ids[1], "primary.csv", "4", "customer_id;name;email;zip;updated_at"],
      [ids[2], "primary.csv", "5", "customer_id;name;email;phone;zip;updated_at"],
    ]);
    const lineage = JSON.parse(output("lineage.json"));
    expect(lineage.sources[0]).toMatchObject({ file: "primary.csv", rows: 5 });
    const keys = report.agents.find((a: AgentOutput) => a.agent_id === "key-identifier");
    expect(keys.data.primary_key).toEqual(["customer_id"]);
  });

  it("keeps the master ids of the previous golden file given as baseline", async () => {
    const root = mkdtempSync(join(tmpdir(), "master-tool-"));
    const first = await runMaster(root, {});
    const golden = parseCsv(first.output("golden_records.csv"));
    const renamed = [golden[0], ...golden.slice(1).map((r, i) => [`GOLD${i + 1}`, ...r.slice(1)])];
    const text = renamed.map((r) => r.map((v) => (v.includes(",") ? `"${v}"` : v)).join(",")).join("\n");
    const baselineKey = "previous/golden_records.csv";
    const size = put(root, baselineKey, text);
    const second = await runMaster(root, {}, { key: baselineKey, size });
    const again = parseCsv(second.output("golden_records.csv"));
    expect(again.slice(1).map((r) => r[0])).toEqual(["GOLD1", "GOLD2", "GOLD3"]);
    expect(again.slice(1).map((r) => r.slice(1))).toEqual(golden.slice(1).map((r) => r.slice(1)));
  });
});
