/**
 * report.xlsx, written with exceljs's streaming WorkbookWriter so rows leave memory as they are
 * committed: Summary (with the AI summary when there is one), the profiler's Profile, Top values
 * and Histograms, one sheet per agent, Alerts, Issues, Recommendations, Row issues. Every sheet
 * is a table with a frozen header, number formats and an autofilter; no cell holds JSON.
 */
import { PassThrough } from "node:stream";
import { REPORT_ROW_ISSUE_LIMIT } from "@agensium/shared";
import type ExcelJS from "exceljs";
import type { ReportAgent, ReportData } from "./html/report-data.js";
import { profiledColumns } from "./html/sections/columns.js";
import { dataParts, type Flat } from "./xlsx/flatten.js";
import { writeProfileSheets } from "./xlsx/profile-sheets.js";
import { type ColumnSpec, isShareKey, SheetWriter } from "./xlsx/sheet-writer.js";
import { loadWorkbookWriter } from "./xlsx/workbook-writer.js";

const TABLE_ROW_LIMIT = 10_000;
const DATA_COLUMN_LIMIT = 60;

function sheetNamer(used: Set<string>) {
  return (raw: string): string => {
    const base = raw.replace(/[\\/?*[\]:]/g, " ").slice(0, 31);
    let name = base;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base.slice(0, 28)} ${k}`;
    used.add(name.toLowerCase());
    return name;
  };
}

function writeAgentSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, agent: ReportAgent, hasProfileSheets: boolean) {
  const { scalars, tables } = dataParts(agent.data);
  // The profiler's per-column table has its own sheets (Profile, Top values, Histograms).
  const shown = tables.filter((t) => !(hasProfileSheets && agent.agent_id === "unified-profiler" && t.title === "columns"));
  const rowsOf = (t: { rows: Flat[] }) => t.rows.slice(0, TABLE_ROW_LIMIT);
  const keys = [...new Set(shown.flatMap((t) => rowsOf(t).flatMap((r) => Object.keys(r))))].slice(0, DATA_COLUMN_LIMIT);
  const columns: ColumnSpec[] = [
    { header: "Section", width: 22 },
    { header: "Item", width: 30 },
    { header: "Value", width: 18 },
    { header: "Status", width: 12 },
    { header: "Description", width: 60 },
    ...keys.map(
      (k): ColumnSpec => ({ header: k, width: Math.min(40, Math.max(12, k.length + 2)), format: isShareKey(k) ? "percent" : undefined }),
    ),
  ];
  const sheet = new SheetWriter(workbook, name, columns, 3);
  sheet.add(["agent", agent.agent_id, agent.execution_time_ms, agent.status, agent.reason ?? agent.error?.message ?? ""]);
  for (const item of agent.executive_summary) sheet.add(["summary", item.title, item.value, item.status, item.description]);
  for (const [key, value] of Object.entries(scalars)) sheet.add(["data", key, value, "", ""], isShareKey(key) ? { 2: "percent" } : {});
  for (const table of shown) for (const row of rowsOf(table)) sheet.add([table.title, "", "", "", "", ...keys.map((k) => row[k])]);
  sheet.commit();
}

function writeSummary(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, report: ReportData) {
  const summary = new SheetWriter(
    workbook,
    name,
    [
      { header: "Agent", width: 26 },
      { header: "Status", width: 12 },
      { header: "Time (ms)", width: 12, format: "count" },
      { header: "Alerts", width: 10, format: "count" },
      { header: "Issues", width: 10, format: "count" },
      { header: "Row issues", width: 12, format: "count" },
      { header: "Note", width: 80 },
    ],
    1,
  );
  for (const input of report.inputs)
    summary.add([
      `input: ${input.role}`,
      "",
      null,
      null,
      null,
      input.ragged_rows,
      `${input.format}, ${input.rows.toLocaleString("en-US")} rows, ${input.columns.length} columns, ${input.size_bytes.toLocaleString("en-US")} bytes`,
    ]);
  for (const a of report.agents) {
    summary.add([
      a.agent_id,
      a.status,
      a.execution_time_ms,
      a.alerts.length,
      a.issues.length,
      a.row_level_issues_total ?? a.row_level_issues.length,
      a.reason ?? a.error?.message ?? a.executive_summary.map((s) => `${s.title}: ${s.value}`).join(" · "),
    ]);
  }
  const tableRows = summary.rowCount;
  const ai = report.ai_summary;
  if (ai && typeof ai.text === "string") {
    summary.add([]);
    summary.add([
      "Summary",
      ai.ai_written ? `written by ${ai.model ?? "a language model"}` : "not AI-written",
      null,
      null,
      null,
      null,
      ai.text,
    ]);
    if (!ai.ai_written && ai.note) summary.add(["", "", null, null, null, null, ai.note]);
    for (const [i, action] of ai.actions.entries()) {
      const cites = action.cites.length > 0 ? ` (${action.cites.join(", ")})` : "";
      summary.add([`Action ${i + 1}`, "", null, null, null, null, `${action.text}${cites}`]);
    }
  }
  summary.commit(tableRows);
}

/** exceljs is loaded when the report is written, after the agents, so it does not add to their peak memory. */
export async function reportXlsx(report: ReportData): Promise<AsyncIterable<Uint8Array>> {
  const WorkbookWriter = await loadWorkbookWriter();
  const stream = new PassThrough();
  const workbook = new WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = "Agensium";
  const names = sheetNamer(new Set<string>());
  const write = async () => {
    writeSummary(workbook, names("Summary"), report);
    const profiled = profiledColumns(report);
    if (profiled.length > 0) writeProfileSheets(workbook, names, profiled);
    for (const agent of report.agents) writeAgentSheet(workbook, names(agent.agent_id), agent, profiled.length > 0);

    const alerts = new SheetWriter(
      workbook,
      names("Alerts"),
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
      for (const x of a.alerts) {
        const share = x.metric !== undefined && isShareKey(x.metric);
        alerts.add(
          [a.agent_id, x.severity, x.category, x.field, x.message, x.metric, x.value, x.threshold],
          share ? { 6: "percent", 7: "percent" } : {},
        );
      }
    alerts.commit();

    const issues = new SheetWriter(
      workbook,
      names("Issues"),
      [
        { header: "Agent", width: 22 },
        { header: "Severity", width: 10 },
        { header: "Type", width: 20 },
        { header: "Field", width: 20 },
        { header: "Count", width: 10, format: "count" },
        { header: "Description", width: 70 },
      ],
      1,
    );
    for (const a of report.agents) for (const x of a.issues) issues.add([a.agent_id, x.severity, x.type, x.field, x.count, x.description]);
    issues.commit();

    const recommendations = new SheetWriter(
      workbook,
      names("Recommendations"),
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
      names("Row issues"),
      [
        { header: "Agent", width: 22 },
        { header: "Row", width: 10, format: "count" },
        { header: "Severity", width: 10 },
        { header: "Field", width: 20 },
        { header: "Issue", width: 20 },
        { header: "Value", width: 24 },
        { header: "Message", width: 70 },
      ],
      2,
    );
    const sections: [string, ReportData["input_row_issues"]][] = [
      ["input", report.input_row_issues],
      ...report.agents.map((a): [string, ReportData["input_row_issues"]] => [a.agent_id, a.row_level_issues]),
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
