/**
 * report.xlsx read back with exceljs: no cell holds JSON, counts and shares carry number formats,
 * every sheet's table has an autofilter, the profile sheet has one row per column, and the AI
 * summary appears on the summary sheet when the report has one.
 */
import { readFileSync } from "node:fs";
import { findTool } from "@agensium/shared";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { reportXlsx } from "../../src/reports/report-xlsx.js";
import { peopleFile, profileFile, runTool } from "./generated-files.js";

const PROFILE_AGENTS = findTool("profile-my-data")?.agents.map((a) => a.id) ?? [];

async function readWorkbook(bytes: Buffer | Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return false;
  try {
    const parsed = JSON.parse(t);
    return typeof parsed === "object" && parsed !== null;
  } catch {
    return false;
  }
}

function expectNoJson(workbook: ExcelJS.Workbook) {
  let cells = 0;
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        cells++;
        if (typeof cell.value === "string") {
          expect(looksLikeJson(cell.value), `${sheet.name}!${cell.address}: ${cell.value.slice(0, 80)}`).toBe(false);
          expect(cell.value, `${sheet.name}!${cell.address}`).not.toMatch(/\{"|":\s*[[{"\d]/);
        }
      }),
    );
  });
  expect(cells).toBeGreaterThan(100);
}

async function streamBytes(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

describe("report.xlsx of profile-my-data", () => {
  const file = profileFile(1_500, 11);
  let workbook: ExcelJS.Workbook;
  let report: any;

  beforeAll(async () => {
    const run = await runTool({ tool: "profile-my-data", agents: PROFILE_AGENTS, csv: file.csv, baseline: profileFile(1_500, 12, 50).csv });
    workbook = await readWorkbook(readFileSync(run.path("report.xlsx")));
    report = JSON.parse(run.text("report.json"));
  });

  it("holds no JSON in any cell", () => expectNoJson(workbook));

  it("has one row per column on the profile sheet, with counts and shares formatted", () => {
    const sheet = workbook.getWorksheet("Profile")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const columns = report.agents.find((a: { agent_id: string }) => a.agent_id === "unified-profiler").data.columns;
    expect(sheet.actualRowCount).toBe(columns.length + 1);
    columns.forEach((c: { name: string; count: number; null_share: number }, i: number) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col("Column")).value).toBe(c.name);
      expect(row.getCell(col("Rows")).value).toBe(file.rows);
      expect(row.getCell(col("Rows")).numFmt).toBe("#,##0");
      expect(row.getCell(col("Missing %")).value).toBe(c.null_share);
      expect(row.getCell(col("Missing %")).numFmt).toBe("0.0%");
    });
    const email = sheet.getRow(columns.findIndex((c: { name: string }) => c.name === "email") + 2);
    expect(email.getCell(col("Missing")).value).toBe(file.missingEmails);
  });

  it("lists each histogram bin and top value in its own row", () => {
    const bins = workbook.getWorksheet("Histograms")!;
    const amountBins: number[] = [];
    bins.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === "amount") amountBins.push(row.getCell(4).value as number);
    });
    expect(amountBins.reduce((s, x) => s + x, 0)).toBe(file.rows);
    const top = workbook.getWorksheet("Top values")!;
    const categories: Record<string, number> = {};
    top.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value === "category") categories[String(row.getCell(2).value)] = row.getCell(3).value as number;
    });
    expect(categories).toEqual(file.categories);
  });

  it("puts an autofilter on every sheet's table", () => {
    workbook.eachSheet((sheet) => {
      if (sheet.actualRowCount < 2) return;
      expect(sheet.autoFilter, sheet.name).toBeTruthy();
      expect(String(sheet.autoFilter)).toMatch(/^A1:[A-Z]+\d+$/);
    });
  });

  it("formats shares on agent sheets as percents", () => {
    const sheet = workbook.getWorksheet("drift-detector")!;
    let share: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(2).value === "drift_share") share = row.getCell(3);
    });
    expect(share?.value).toBe(report.agents.find((a: { agent_id: string }) => a.agent_id === "drift-detector").data.drift_share);
    expect(share?.numFmt).toBe("0.0%");
  });

  it("writes the AI summary on the summary sheet when the report has one", async () => {
    const summary = {
      text: "The email column holds personal data.",
      actions: [{ text: "Hash the email column", cites: ["risk-1"] }],
      cites: ["risk-1"],
      ai_written: false,
      model: null,
      created_at: new Date().toISOString(),
      note: "Built from the findings without a language model",
    };
    const book = await readWorkbook(await streamBytes(await reportXlsx({ ...report, ai_summary: summary })));
    expectNoJson(book);
    const texts: string[] = [];
    book.getWorksheet("Summary")!.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts).toContain("not AI-written");
    expect(texts).toContain(summary.text);
    expect(texts).toContain(summary.note);
    expect(texts).toContain("Hash the email column (risk-1)");
  });
});

describe("report.xlsx of master-my-data", () => {
  it("holds no JSON in any cell, nested values being columns or readable lists", async () => {
    const run = await runTool({
      tool: "master-my-data",
      agents: [
        "key-identifier",
        "contract-enforcer",
        "semantic-mapper",
        "golden-record-builder",
        "survivorship-resolver",
        "stewardship-flagger",
      ],
      csv: peopleFile(40).csv,
    });
    const workbook = await readWorkbook(readFileSync(run.path("report.xlsx")));
    expectNoJson(workbook);
    const header = (workbook.getWorksheet("survivorship-resolver")!.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain("fields.name.value");
    expect(header).toContain("fields.name.source_row");
    const contract = workbook.getWorksheet("contract-enforcer")!;
    const passShare = (contract.getRow(1).values as unknown[]).indexOf("pass_share");
    let formatted = 0;
    contract.eachRow((row, n) => {
      const cell = row.getCell(passShare);
      if (n > 1 && row.getCell(1).value === "checks" && typeof cell.value === "number") {
        expect(cell.numFmt).toBe("0.0%");
        formatted++;
      }
    });
    expect(formatted).toBeGreaterThan(0);
  });
});
