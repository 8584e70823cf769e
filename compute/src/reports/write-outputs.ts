/**
 * Writes every output of a run under the job's output prefix, each as a stream: report.json,
 * report.html, report.xlsx, row_issues.csv, the agents' own files, and last manifest.json listing them all
 * with the byte size the store reports back. Answers the outputs, when each was stored, and the
 * report as report.json holds it (bounded), for the warehouse export.
 */
import type { ManifestEntry } from "@agensium/shared";
import { type ObjectStore, singleChunk } from "../engine/object-store.js";
import type { AgentFile } from "../engine/types.js";
import { type BoundedReport, boundReport, boundStrings } from "./bounded-report.js";
import { reportHtml } from "./report-html.js";
import { reportXlsx } from "./report-xlsx.js";
import { rowIssuesCsv } from "./row-issues-csv.js";
import type { RunReport } from "./run-report.js";
import { withholdPiiStatistics } from "./withhold-pii.js";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface WrittenOutputs {
  outputs: ManifestEntry[];
  manifestKey: string;
  /** What report.json holds. */
  report: BoundedReport;
  /** When each output (by file name) was stored. */
  storedAt: ReadonlyMap<string, Date>;
}

export async function writeOutputs(
  store: ObjectStore,
  outputPrefix: string,
  report: RunReport,
  agentFiles: { agentId: string; file: AgentFile }[],
): Promise<WrittenOutputs> {
  const outputs: ManifestEntry[] = [];
  const storedAt = new Map<string, Date>();
  const used = new Set<string>();
  const put = async (fileName: string, kind: ManifestEntry["kind"], contentType: string, chunks: AsyncIterable<Uint8Array>) => {
    const key = `${outputPrefix}${fileName}`;
    const size = await store.write(key, chunks, contentType);
    used.add(fileName);
    storedAt.set(fileName, new Date());
    outputs.push({ file_name: fileName, key, kind, content_type: contentType, size_bytes: size });
  };

  // Every string the reports store is cut to REPORT_STRING_LIMIT first; report.json is then capped in bytes.
  const truncated = { n: 0 };
  const shown = boundStrings(withholdPiiStatistics(report), undefined, truncated);
  const { report: bounded, json } = boundReport(shown, undefined, truncated.n);
  await put("report.json", "report", "application/json", singleChunk(json));
  await put("report.html", "report", "text/html", singleChunk(new TextEncoder().encode(reportHtml(bounded))));
  await put("report.xlsx", "report", XLSX_CONTENT_TYPE, await reportXlsx(bounded));
  await put("row_issues.csv", "row_issues", "text/csv", rowIssuesCsv(report));
  for (const { agentId, file } of agentFiles) {
    // Two agents writing the same name must not overwrite each other.
    const name = used.has(file.fileName) ? `${agentId}-${file.fileName}` : file.fileName;
    await put(name, file.kind, file.contentType, file.chunks());
  }

  const manifestKey = `${outputPrefix}manifest.json`;
  const manifest = { task_id: report.task_id, created_at: report.created_at, outputs };
  await store.write(manifestKey, singleChunk(new TextEncoder().encode(JSON.stringify(manifest, null, 2))), "application/json");
  return { outputs, manifestKey, report: bounded, storedAt };
}
