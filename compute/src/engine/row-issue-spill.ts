/**
 * Row-level issues on disk as they are found. A run can find a million PII cells; holding each as
 * an object until the reports are written cost hundreds of MiB. Each agent gets a writer that
 * keeps the first few issues (what report.json, report.html and report.xlsx show) and the exact
 * total, and appends every issue to a spill file as its finished row_issues.csv line, so
 * row_issues.csv is the spill files copied in agent order.
 */
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { type AgentOutput, REPORT_ROW_ISSUE_LIMIT, type RowLevelIssue } from "@agensium/shared";
import { rowIssueLine } from "../reports/row-issue-line.js";
import { LineFileWriter } from "./line-spill.js";

export class RowIssueWriter {
  /** The first issues, in the order they were added. */
  readonly kept: RowLevelIssue[] = [];
  private readonly file: LineFileWriter;

  constructor(
    readonly agentId: string,
    path: string,
    private readonly keep = REPORT_ROW_ISSUE_LIMIT,
  ) {
    this.file = new LineFileWriter(path);
  }

  get total(): number {
    return this.file.count;
  }

  add(issue: RowLevelIssue): void {
    if (this.kept.length < this.keep) this.kept.push(issue);
    this.file.add(rowIssueLine(this.agentId, issue));
  }

  /**
   * add() of an issue given as its row_issues.csv line (rowIssueLine's, for this agent) in UTF-8,
   * bytes[start..end) with its line break: the issue is made only if kept.
   */
  addBytes(bytes: Uint8Array, start: number, end: number, issue: () => RowLevelIssue): void {
    if (this.kept.length < this.keep) this.kept.push(issue());
    this.file.addBytes(bytes, start, end);
  }

  /** Flushes and closes the file; the writer takes no more issues. */
  close(): void {
    this.file.close();
  }

  /** The row_issues.csv lines of every issue added, in order (after close). */
  async *csvChunks(): AsyncIterable<Uint8Array> {
    if (!this.file.isClosed) throw new Error(`Row issues of ${this.agentId} were read before its writer closed`);
    if (this.total === 0) return;
    for await (const chunk of createReadStream(this.file.path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
  }
}

/** The writers of one run, one file per agent in the run's spill folder. */
export class RowIssueSpill {
  private count = 0;

  constructor(private readonly spillDir: string) {}

  writer(agentId: string, keep = REPORT_ROW_ISSUE_LIMIT): RowIssueWriter {
    this.count++;
    return new RowIssueWriter(agentId, join(this.spillDir, `row-issues-${this.count}.csv-lines`), keep);
  }
}

/**
 * Which writer holds an agent output's row issues. The output objects travel from the runner to
 * the report writers inside the run's report; a side table keeps the file handle out of
 * report.json without a second argument threaded through every caller.
 */
const spilled = new WeakMap<AgentOutput, RowIssueWriter>();

export function attachRowIssues(output: AgentOutput, writer: RowIssueWriter): void {
  spilled.set(output, writer);
}

export function spilledRowIssues(output: AgentOutput): RowIssueWriter | undefined {
  return spilled.get(output);
}

/**
 * Moves the issues an agent returned as an array into its writer (agents not yet writing as they
 * go), closes the writer, and answers what the output keeps inline: the first ones and the total.
 */
export function settleRowIssues(writer: RowIssueWriter, returned: readonly RowLevelIssue[]) {
  for (const issue of returned) writer.add(issue);
  writer.close();
  return { row_level_issues: writer.kept, row_level_issues_total: writer.total };
}
