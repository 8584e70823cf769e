/**
 * score-risk's row_issues.csv lines put together from the spilled cells' bytes must be the lines
 * rowIssueLine writes from each issue: quoting, formula prefixes, escapes, cut values and
 * multi-byte text included, and the cells merged by row, then field.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { profileMyDataParameters, type RowLevelIssue } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { cellLine, ListedCells, mergeByRow } from "../../src/agents/score-risk/pii-cell-spill.js";
import { lineBytesVisitor, rowIssuesOf } from "../../src/agents/score-risk/row-issue-lines.js";
import type { ColumnPii, PiiCell } from "../../src/agents/score-risk/scan-pii.js";
import { LineFileWriter } from "../../src/engine/line-spill.js";
import { RowIssueWriter } from "../../src/engine/row-issue-spill.js";
import { rowIssueLine } from "../../src/reports/row-issue-line.js";

const params = profileMyDataParameters.parse({})["score-risk"];
const AGENT = "score-risk";

/** Values a masked cell can hold, each one of csvField's cases or the spill's escapes. */
const VALUES = [
  "j***@example.org",
  "",
  "a,b",
  'say "hi"',
  " lead",
  "trail ",
  "\u00a0nbsp",
  "nbsp\u00a0",
  "\u2003em",
  "=cmd|' /C calc'!A0",
  "+1 555 0100",
  "-12.5",
  "-x",
  "@home",
  "tab\there",
  "new\nline",
  "cr\rhere",
  "back\\slash",
  "é***@exämple.org",
  "😀***@x.io",
  "x".repeat(1_000),
  "x".repeat(1_001),
  "€".repeat(400),
  "€".repeat(1_001),
  `${"😀".repeat(499)}a`,
  "****1234",
];

interface Spilled {
  field: string;
  row: number;
  kind: PiiCell["kind"];
  entity: "email" | "credit_card";
  score: number;
  check: string;
  value: string;
}

function spill(dir: string, field: string, cells: Spilled[]): string {
  const path = join(dir, `${field}.lines`);
  const writer = new LineFileWriter(path);
  for (const c of cells) writer.add(cellLine(c.row, c.kind, c.entity, c.score, c.value, c.check));
  writer.close();
  return path;
}

describe("score-risk row_issues.csv lines from spilled bytes", () => {
  it("are rowIssueLine's lines of the same issues, in row then field order", () => {
    const dir = mkdtempSync(join(tmpdir(), "pii-lines-"));
    // "contact": e-mails (strong, and weak ones the column promotes), failed card checksums, and
    // one failed checksum of an entity the column does not report (not listed). "note": text with
    // an address inside. Rows shared between the two test the field order.
    const contact: Spilled[] = [];
    const note: Spilled[] = [];
    let row = 1;
    for (const value of VALUES) {
      contact.push({ field: "contact", row, kind: "pii", entity: "email", score: 0.9, check: "", value });
      contact.push({ field: "contact", row: row + 1, kind: "pii", entity: "email", score: 0.4, check: "", value });
      contact.push({ field: "contact", row: row + 2, kind: "invalid", entity: "credit_card", score: 0, check: "Luhn check", value });
      note.push({ field: "note", row: row + 1, kind: "embedded", entity: "email", score: 0, check: "", value });
      row += 3;
    }
    contact.push({ field: "contact", row, kind: "invalid", entity: "email", score: 0, check: "format", value: "not listed" });
    note.push({ field: "note", row: row + 1, kind: "embedded", entity: "email", score: 0, check: "", value: "last, quoted" });
    const paths = { contact: spill(dir, "contact", contact), note: spill(dir, "note", note) };
    const filters = {
      contact: { entity: "email" as const, promoted: new Set(["email" as const]), reported: new Set(["credit_card" as const]) },
      note: { entity: null, promoted: new Set<never>(), reported: new Set<never>() },
    };
    const columns = [
      { name: "contact", entity: "email", risk_score: 80 },
      { name: "note", entity: null, risk_score: 10 },
    ] as unknown as ColumnPii[];
    const lists = () => [
      new ListedCells([paths.contact], "contact", filters.contact, params),
      new ListedCells([paths.note], "note", filters.note, params),
    ];

    // What the report lists, worked out here: every cell but the unreported entity's, weak
    // e-mails boosted by the header boost, by row, then field.
    const listedCells = [...contact, ...note]
      .filter((c) => !(c.kind === "invalid" && c.entity === "email"))
      .map((c) => ({ ...c, score: c.kind === "pii" && c.score < params.min_score ? Math.min(1, c.score + params.header_boost) : c.score }))
      .sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));

    const rows = rowIssuesOf(columns, AGENT);
    const writer = new RowIssueWriter(AGENT, join(dir, "row-issues.lines"), Number.POSITIVE_INFINITY);
    mergeByRow(lists(), lineBytesVisitor(rows, AGENT, writer.addBytes.bind(writer)));
    writer.close();

    const issues: RowLevelIssue[] = writer.kept;
    expect(issues.map((i) => [i.row, i.field, i.value])).toEqual(listedCells.map((c) => [c.row, c.field, c.value]));
    // The weak e-mails are listed with the boosted score.
    const pii = listedCells.flatMap((c, k) => (c.kind === "pii" ? [[issues[k].message, `email (confidence ${c.score.toFixed(2)})`]] : []));
    expect(pii.map(([message]) => message)).toEqual(pii.map(([, expected]) => expected));
    expect(new Set(pii.map(([message]) => message)).size).toBe(2);
    const written = readFileSync(join(dir, "row-issues.lines"), "utf8");
    expect(written).toBe(issues.map((issue) => rowIssueLine(AGENT, issue)).join(""));
    expect(writer.total).toBe(listedCells.length);
    // The cases csvField changes are in the file changed, so the lines above did take both paths.
    expect(written).toContain(`"a,b"`);
    expect(written).toContain(",'=cmd|' /C calc'!A0,");
    expect(written).toContain(",-12.5,");
    expect(written).toContain(`'-x`);
    expect(written).toContain("[truncated: 1,001 characters]");
    expect(written).toContain(`,"\u00a0nbsp",`);
    expect(written).toContain(",j***@example.org,");
  });

  it("hand each cell to a visitor without lists as the PiiCell it is", () => {
    const dir = mkdtempSync(join(tmpdir(), "pii-lines-"));
    const cells: Spilled[] = VALUES.map((value, k) => ({
      field: "contact",
      row: k,
      kind: "pii",
      entity: "email",
      score: 0.9,
      check: "",
      value,
    }));
    const path = spill(dir, "contact", cells);
    const filter = { entity: "email" as const, promoted: new Set<never>(), reported: new Set<never>() };
    const seen: PiiCell[] = [];
    mergeByRow([new ListedCells([path], "contact", filter, params)], { cell: (cell) => seen.push(cell) });
    expect(seen).toEqual(cells.map((c) => ({ row: c.row, field: "contact", entity: "email", score: 0.9, value: c.value, kind: "pii" })));
  });
});
