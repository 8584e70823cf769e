/**
 * Bounds what a report stores, whatever the input holds. A file whose one cell is 100 million
 * characters long must not give a report that stores the cell as min, max, top value and sample:
 * every string in the report is cut to REPORT_STRING_LIMIT characters with a marker saying how
 * long it was, and report.json as a whole is kept under a byte cap by stepping down (shorter
 * strings, fewer inline row issues, then the largest agents' `data` replaced by a note), with
 * a top-level `truncation` block saying what was cut. Counts are never changed.
 */
import type * as report from "@agensium/shared";
import { REPORT_ROW_ISSUE_LIMIT } from "@agensium/shared";
import { cappedReport, type RunReport } from "./run-report.js";

/** Characters a string in the report keeps. */
export const REPORT_STRING_LIMIT = 1_000;
/** report.json stays under this many bytes. */
export const REPORT_MAX_BYTES = 32 * 1024 * 1024;
/** Reports larger than this are written compact; smaller ones indented for reading. */
const INDENT_BELOW_BYTES = 4 * 1024 * 1024;

export type Truncation = report.Truncation;

/** `text` cut to `limit` characters (never inside a surrogate pair), with the marker. */
export function truncateText(text: string, limit = REPORT_STRING_LIMIT): string {
  if (text.length <= limit) return text;
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… [truncated: ${text.length.toLocaleString("en-US")} characters]`;
}

/** A copy of `value` with every string (keys too) cut to `limit`; `counter.n` counts the cuts. */
export function boundStrings<T>(value: T, limit = REPORT_STRING_LIMIT, counter = { n: 0 }): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      if (v.length <= limit) return v;
      counter.n++;
      return truncateText(v, limit);
    }
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(walk);
    if (ArrayBuffer.isView(v) || v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(v)) out[walk(key) as string] = walk(inner);
    return out;
  };
  return walk(value) as T;
}

export type BoundedReport = RunReport & { truncation?: Truncation };

interface Step {
  stringLimit: number;
  rowIssueLimit: number;
}

const STEPS: Step[] = [
  { stringLimit: REPORT_STRING_LIMIT, rowIssueLimit: REPORT_ROW_ISSUE_LIMIT },
  { stringLimit: 200, rowIssueLimit: 100 },
  { stringLimit: 80, rowIssueLimit: 10 },
];

/**
 * The report as report.json stores it (row issues capped inline, with their total) and its bytes,
 * under `maxBytes`. `alreadyTruncated` counts strings the caller cut before (boundStrings).
 */
export function boundReport(
  report: RunReport,
  maxBytes = REPORT_MAX_BYTES,
  alreadyTruncated = 0,
): { report: BoundedReport; json: Uint8Array } {
  let candidate: BoundedReport = report;
  let text = "";
  const omitted: string[] = [];
  for (const step of STEPS) {
    const counter = { n: alreadyTruncated };
    candidate = boundStrings(cappedReport(report, step.rowIssueLimit), step.stringLimit, counter);
    const cut = counter.n > 0 || step !== STEPS[0];
    if (cut) candidate.truncation = truncation(step, counter.n, omitted, maxBytes);
    text = JSON.stringify(candidate);
    if (Buffer.byteLength(text) <= maxBytes) return finish(candidate, text, maxBytes);
  }
  // Still too large (thousands of columns): leave out the largest agents' data, one at a time.
  const sizes = candidate.agents.map((a, i) => ({ i, bytes: JSON.stringify(a.data ?? null).length })).sort((a, b) => b.bytes - a.bytes);
  const agents = [...candidate.agents];
  for (const { i, bytes } of sizes) {
    omitted.push(agents[i].agent_id);
    agents[i] = {
      ...agents[i],
      data: {
        omitted: `${bytes.toLocaleString("en-US")} bytes of detail were left out to keep report.json under ${maxBytes.toLocaleString("en-US")} bytes`,
      },
    };
    candidate = { ...candidate, agents, truncation: { ...(candidate.truncation as Truncation), data_omitted: [...omitted] } };
    text = JSON.stringify(candidate);
    if (Buffer.byteLength(text) <= maxBytes) break;
  }
  return finish(candidate, text, maxBytes);
}

function finish(report: BoundedReport, compact: string, maxBytes: number): { report: BoundedReport; json: Uint8Array } {
  const indented = compact.length < INDENT_BELOW_BYTES ? JSON.stringify(report, null, 2) : null;
  const json = new TextEncoder().encode(compact);
  if (indented === null) return { report, json };
  const pretty = new TextEncoder().encode(indented);
  return { report, json: pretty.length <= maxBytes ? pretty : json };
}

function truncation(step: Step, strings: number, omitted: string[], maxBytes: number): Truncation {
  return {
    string_limit: step.stringLimit,
    strings_truncated: strings,
    row_issue_limit: step.rowIssueLimit,
    data_omitted: [...omitted],
    max_bytes: maxBytes,
  };
}
