/**
 * report.xlsx, written with exceljs's streaming WorkbookWriter so rows leave memory as they are
 * committed: Summary, one sheet per agent, Alerts, Issues, Recommendations, Row issues. Every
 * sheet has a bold filled header, a frozen header row and set widths; severities are coloured.
 */
import { PassThrough } from "node:stream";
import { REPORT_ROW_ISSUE_LIMIT } from "@agensium/shared";
import type ExcelJS from "exceljs";
import type { RunReport } from "./run-report.js";

type Cell = string | number | boolean | null | undefined;
interface ColumnSpec {
  header: string;
  width: number;
}

const SEVERITY_FILL: Record<string, string> = {
  critical: "FFC00000",
  high: "FFFF7C80",
  medium: "FFFFD966",
  low: "FFBDD7EE",
  info: "FFE7E6E6",
  good: "FFC6EFCE",
  warning: "FFFFEB9C",
  error: "FFFF7C80",
  success: "FFC6EFCE",
  skipped: "FFE7E6E6",
};
const HEADER_FILL = "FF1F4E78";
/** Excel refuses cells longer than this. */
const MAX_CELL = 32_000;
const TABLE_ROW_LIMIT = 10_000;

function sheetName(raw: string, used: Set<string>): string {
  const base = raw.replace(/[\\/?*[\]:]/g, " ").slice(0, 31);
  let name = base;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base.slice(0, 28)} ${k}`;
  used.add(name.toLowerCase());
  return name;
}

function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean") return value;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
}

class SheetWriter {
  private readonly sheet: ExcelJS.Worksheet;

  constructor(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: ColumnSpec[], colourColumn?: number) {
    this.colourColumn = colourColumn;
    this.sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    this.sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    const header = this.sheet.getRow(1);
    header.font = { bold: true, color: { argb: "FFFFFFFF" } };
    header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
    header.commit();
  }

  private readonly colourColumn?: number;

  add(values: unknown[]) {
    const row = this.sheet.addRow(values.map(cellValue));
    if (this.colourColumn !== undefined) {
      const fill = SEVERITY_FILL[String(values[this.colourColumn])];
      if (fill) row.getCell(this.colourColumn + 1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
    }
    row.commit();
  }

  commit() {
    this.sheet.commit();
  }
}

/** Arrays of objects inside an agent's data (per-column profiles, checks, …) become tables. */
function dataTables(data: unknown): { title: string; rows: Record<string, unknown>[] }[] {
  if (!data || typeof data !== "object") return [];
  const tables: { title: string; rows: Record<string, unknown>[] }[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === "object" && !Array.isArray(v))) {
      tables.push({ title: key, rows: value as Record<string, unknown>[] });
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > 0 && entries.every(([, v]) => v && typeof v === "object" && !Array.isArray(v))) {
        tables.push({ title: key, rows: entries.map(([name, v]) => ({ name, ...(v as Record<string, unknown>) })) });
      }
    }
  }
  return tables;
}

function writeAgentSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, agent: RunReport["agents"][number]) {
  const tables = dataTables(agent.data);
  const keys = [...new Set(tables.flatMap((t) => t.rows.slice(0, TABLE_ROW_LIMIT).flatMap((r) => Object.keys(r))))].slice(0, 60);
  const columns = [
    { header: "Section", width: 22 },
    { header: "Item", width: 30 },
    { header: "Value", width: 18 },
    { header: "Status", width: 12 },
    { header: "Description", width: 60 },
  ];
  const sheet = new SheetWriter(
    workbook,
    name,
    [...columns, ...keys.map((k) => ({ header: k, width: Math.min(40, Math.max(12, k.length + 2)) }))],
    3,
  );
  sheet.add(["agent", agent.agent_id, agent.execution_time_ms, agent.status, agent.reason ?? agent.error?.message ?? ""]);
  for (const item of agent.executive_summary) sheet.add(["summary", item.title, item.value, item.status, item.description]);
  if (agent.data && typeof agent.data === "object") {
    for (const [key, value] of Object.entries(agent.data as Record<string, unknown>)) {
      if (value === null || typeof value !== "object") sheet.add(["data", key, value, "", ""]);
    }
  }
  for (const table of tables) {
    for (const row of table.rows.slice(0, TABLE_ROW_LIMIT)) sheet.add([table.title, "", "", "", "", ...keys.map((k) => row[k])]);
  }
  sheet.commit();
}

/** exceljs is loaded when the report is written, after the agents, so it does not add to their peak memory. */
export async function reportXlsx(report: RunReport): Promise<AsyncIterable<Uint8Array>> {
  const { default: excel } = await import("exceljs");
  const stream = new PassThrough();
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = "Agensium";
  const used = new Set<string>();
  const write = async () => {
    const summary = new SheetWriter(
      workbook,
      sheetName("Summary", used),
      [
        { header: "Agent", width: 26 },
        { header: "Status", width: 12 },
        { header: "Time (ms)", width: 12 },
        { header: "Alerts", width: 10 },
        { header: "Issues", width: 10 },
        { header: "Row issues", width: 12 },
        { header: "Note", width: 60 },
      ],
      1,
    );
    for (const input of report.inputs)
      summary.add([
        `input: ${input.role}`,
        "",
        "",
        "",
        "",
        input.ragged_rows,
        `${input.format}, ${input.rows} rows, ${input.columns.length} columns, ${input.size_bytes} bytes`,
      ]);
    for (const a of report.agents) {
      summary.add([
        a.agent_id,
        a.status,
        a.execution_time_ms,
        a.alerts.length,
        a.issues.length,
        a.row_level_issues.length,
        a.reason ?? a.error?.message ?? "",
      ]);
    }
    summary.commit();
    for (const agent of report.agents) writeAgentSheet(workbook, sheetName(agent.agent_id, used), agent);

    const alerts = new SheetWriter(
      workbook,
      sheetName("Alerts", used),
      [
        { header: "Agent", width: 22 },
        { header: "Severity", width: 10 },
        { header: "Category", width: 18 },
        { header: "Field", width: 20 },
        { header: "Message", width: 70 },
        { header: "Metric", width: 16 },
        { header: "Value", width: 12 },
        { header: "Threshold", width: 12 },
      ],
      1,
    );
    for (const a of report.agents)
      for (const x of a.alerts) alerts.add([a.agent_id, x.severity, x.category, x.field, x.message, x.metric, x.value, x.threshold]);
    alerts.commit();

    const issues = new SheetWriter(
      workbook,
      sheetName("Issues", used),
      [
        { header: "Agent", width: 22 },
        { header: "Severity", width: 10 },
        { header: "Type", width: 20 },
        { header: "Field", width: 20 },
        { header: "Count", width: 10 },
        { header: "Description", width: 70 },
      ],
      1,
    );
    for (const a of report.agents) for (const x of a.issues) issues.add([a.agent_id, x.severity, x.type, x.field, x.count, x.description]);
    issues.commit();

    const recommendations = new SheetWriter(
      workbook,
      sheetName("Recommendations", used),
      [
        { header: "Agent", width: 22 },
        { header: "Priority", width: 10 },
        { header: "Field", width: 20 },
        { header: "Action", width: 50 },
        { header: "Rationale", width: 70 },
      ],
      1,
    );
    for (const a of report.agents)
      for (const x of a.recommendations) recommendations.add([a.agent_id, x.priority, x.field, x.action, x.rationale]);
    recommendations.commit();

    const rows = new SheetWriter(
      workbook,
      sheetName("Row issues", used),
      [
        { header: "Agent", width: 22 },
        { header: "Row", width: 10 },
        { header: "Severity", width: 10 },
        { header: "Field", width: 20 },
        { header: "Issue", width: 20 },
        { header: "Value", width: 24 },
        { header: "Message", width: 70 },
      ],
      2,
    );
    const sections: [string, RunReport["input_row_issues"]][] = [
      ["input", report.input_row_issues],
      ...report.agents.map((a): [string, RunReport["input_row_issues"]] => [a.agent_id, a.row_level_issues]),
    ];
    for (const [agentId, list] of sections) {
      for (const x of list.slice(0, REPORT_ROW_ISSUE_LIMIT))
        rows.add([agentId, x.row, x.severity, x.field, x.issue_type, x.value, x.message]);
    }
    rows.commit();
    await workbook.commit();
  };
  write().catch((err) => stream.destroy(err as Error));
  return stream;
}
