/**
 * An agent writing a million alike row issues quotes their fixed fields once
 * (rowIssueLineTemplate): its lines must be rowIssueLine's, byte for byte.
 */
import type { RowLevelIssue } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { rowIssueLine, rowIssueLineTemplate } from "../../src/reports/row-issue-line.js";

const AWKWARD = [
  "plain",
  "",
  " leading space",
  "trailing ",
  'say "hi"',
  "a,b",
  "two\nlines",
  "=HYPERLINK(1)",
  "@SUM(1)",
  "+1+1",
  "-12.5",
  "é😀",
  "x".repeat(5_000),
];

describe("row issue line template", () => {
  it("writes the lines rowIssueLine writes, whatever the fields hold", () => {
    let lines = 0;
    for (const field of [undefined, "email", "a,b", "=x", "x".repeat(5_000)])
      for (const message of ["e-mail (confidence 0.85)", 'has "quotes", commas', "=cmd"])
        for (const extra of [{}, { line_number: 12, row_key: "k,1" }, { row_key: "=k" }]) {
          const shape: Omit<RowLevelIssue, "row" | "value"> = { field, issue_type: "pii_email", message, severity: "high", ...extra };
          const line = rowIssueLineTemplate("score-risk", shape);
          for (const value of [...AWKWARD, 0, -3.5, true, null]) {
            const row = 1 + lines;
            expect(line(row, value)).toBe(rowIssueLine("score-risk", { row, ...shape, value }));
            lines++;
          }
        }
    expect(lines).toBe(5 * 3 * 3 * (AWKWARD.length + 4));
  });
});
