/**
 * Reports stay small whatever one cell holds: every stored string is cut with a marker, and
 * report.json is capped in bytes (strings shorter, fewer inline row issues, then the largest
 * agents' data left out), counts untouched.
 */
import { readFileSync, statSync } from "node:fs";
import type { AgentOutput } from "@agensium/shared";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { boundReport, REPORT_STRING_LIMIT, truncateText } from "../../src/reports/bounded-report.js";
import type { RunReport } from "../../src/reports/run-report.js";
import { runToolOnFolder } from "../engine/folder-run.js";

async function profile(fileName: string, content: Uint8Array, format: "csv" | "xlsx") {
  const { manifest, path } = await runToolOnFolder({ toolId: "profile-my-data", fileName, content, format });
  const sizes = Object.fromEntries(manifest.outputs.map((o) => [o.file_name, statSync(path(o.file_name)).size]));
  return { sizes, reportText: readFileSync(path("report.json"), "utf8") };
}

function agent(id: string, data: unknown, rowIssues = 0): AgentOutput {
  return {
    status: "success",
    agent_id: id,
    execution_time_ms: 1,
    alerts: [],
    issues: [],
    recommendations: [],
    row_level_issues: Array.from({ length: rowIssues }, (_, i) => ({
      row: i + 1,
      issue_type: "odd",
      value: "v".repeat(500),
      severity: "low" as const,
      message: "m",
    })),
    executive_summary: [],
    data,
  };
}

describe("bounded reports", () => {
  it("a CSV with one 6,000,000-character cell gives a report.json of a few hundred KB that names the cut", async () => {
    const huge = "A".repeat(3_000_000) + "é".repeat(3_000_000);
    const csv = `id,text,amount\n1,short,10\n2,${huge},20\n3,other,30\n`;
    const { sizes, reportText } = await profile("primary.csv", new TextEncoder().encode(csv), "csv");
    expect(sizes["report.json"]).toBeLessThan(400_000);
    expect(sizes["row_issues.csv"]).toBeLessThan(400_000);
    expect(sizes["report.xlsx"]).toBeLessThan(1_000_000);
    const report = JSON.parse(reportText);
    expect(reportText).toContain("… [truncated: ");
    expect(report.truncation.string_limit).toBe(REPORT_STRING_LIMIT);
    expect(report.truncation.strings_truncated).toBeGreaterThan(0);
    // No string in the report is longer than the limit plus its marker.
    const longest = Math.max(...[...reportText.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].length));
    expect(longest).toBeLessThan(REPORT_STRING_LIMIT + 60);
    expect(report.inputs[0].rows).toBe(3);
  }, 120_000);

  it("an XLSX holding one 3,000,000-character string gives a small report too", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow(["id", "note"]);
    sheet.addRow([1, "x".repeat(3_000_000)]);
    sheet.addRow([2, "fine"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(bytes.length).toBeLessThan(100_000);
    const { sizes, reportText } = await profile("primary.xlsx", bytes, "xlsx");
    expect(sizes["report.json"]).toBeLessThan(400_000);
    const longest = Math.max(...[...reportText.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].length));
    expect(longest).toBeLessThan(REPORT_STRING_LIMIT + 60);
  }, 120_000);

  it("caps report.json in bytes: shorter strings and fewer inline row issues first, then the largest agent's data", () => {
    const base: RunReport = {
      task_id: "tsk_1",
      tool_id: "profile-my-data",
      created_at: "2026-01-01T00:00:00Z",
      stopped_early: false,
      inputs: [],
      input_row_issues: [],
      agents: [
        agent("small", { score: 1 }, 2_000),
        agent("big", { columns: Array.from({ length: 5_000 }, (_, i) => ({ name: `c${i}`, top: "t".repeat(100) })) }),
      ],
    };
    const natural = JSON.stringify(base).length;
    // A cap the inline row issues alone break: 2,000 → 100 of them, strings to 200 characters.
    const first = boundReport(base, 900_000);
    expect(natural).toBeGreaterThan(900_000);
    expect(first.json.length).toBeLessThanOrEqual(900_000);
    expect(first.report.truncation).toMatchObject({ string_limit: 200, row_issue_limit: 100, data_omitted: [] });
    const small = first.report.agents[0] as AgentOutput & { row_level_issues_total: number };
    expect(small.row_level_issues).toHaveLength(100);
    expect(small.row_level_issues_total).toBe(2_000);
    expect(small.row_level_issues[0].value).toBe(truncateText("v".repeat(500), 200));
    // A cap only leaving out the big agent's data meets.
    const second = boundReport(base, 100_000);
    expect(second.json.length).toBeLessThanOrEqual(100_000);
    expect(second.report.truncation?.data_omitted).toEqual(["big"]);
    expect(JSON.parse(new TextDecoder().decode(second.json)).agents[1].data.omitted).toMatch(/bytes of detail were left out/);
    expect(second.report.agents[0].data).toEqual({ score: 1 });
    // An ordinary report is unchanged and carries no truncation block.
    const plain = boundReport({ ...base, agents: [agent("small", { score: 1 }, 3)] });
    expect(plain.report.truncation).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(plain.json)).agents[0].row_level_issues).toHaveLength(3);
  });

  it("cuts text at the limit without splitting a surrogate pair, and says how long it was", () => {
    expect(truncateText("abc", 5)).toBe("abc");
    expect(truncateText("abcdefgh", 5)).toBe("abcde… [truncated: 8 characters]");
    const emoji = `${"a".repeat(4)}😀😀`;
    expect(truncateText(emoji, 5)).toBe("aaaa… [truncated: 8 characters]");
  });
});
