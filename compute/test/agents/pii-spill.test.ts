/**
 * The PII scan past its verdict cache (over 20,000 distinct values in a column), where values no
 * recogniser could take are passed on their bytes, and the spill files its cells wait in.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PiiScan } from "../../src/agents/score-risk/scan-pii.js";
import { scoreRisk } from "../../src/agents/score-risk.js";
import { LineFileReader, LineFileWriter } from "../../src/engine/line-spill.js";
import { datasetFromColumns } from "../support/dataset.js";
import { luhnComplete } from "../support/luhn.js";
import { seededRandom } from "../support/random.js";
import { runAgent } from "../support/run-agent.js";

describe("PII scan of columns with many distinct values", () => {
  it("finds every e-mail, card and embedded address among 60,000 distinct values", async () => {
    const random = seededRandom(91);
    const rows = 60_000;
    const codes: string[] = [];
    const notes: string[] = [];
    const emailRows: number[] = [];
    const badCardRows: number[] = [];
    const embeddedRows: number[] = [];
    for (let row = 1; row <= rows; row++) {
      const n = Math.floor(random() * 1e9);
      const kind = row % 4;
      if (kind === 0) {
        codes.push(`buyer${n}@shop${row % 7}.example.com`);
        emailRows.push(row);
      } else if (kind === 1) {
        // Letters, digits and punctuation no recogniser takes.
        codes.push(`ref-${row}-${n.toString(36)}`);
      } else if (kind === 2) {
        codes.push(`Zoë ${row} ${n}`);
      } else {
        const card = luhnComplete(`5${String(n).padStart(14, "0")}`);
        const bad = row % 3 === 0;
        codes.push(bad ? card.slice(0, 15) + String((Number(card[15]) + 1) % 10) : card);
        if (bad) badCardRows.push(row);
      }
      const withAddress = row % 9 === 0;
      const parcel = n % 100_000;
      notes.push(withAddress ? `parcel ${parcel} left, write to pat${row}@post.example.org` : `parcel ${parcel} left at the door`);
      if (withAddress) embeddedRows.push(row);
    }
    const { data, row_level_issues } = await runAgent<PiiScan>(scoreRisk, datasetFromColumns({ code: codes, note: notes }));
    const [code, note] = data.columns;
    expect(code.entity_counts.email).toBe(emailRows.length);
    expect(code.entity_counts.credit_card).toBe(rows / 4 - badCardRows.length);
    expect(code.checksums).toEqual([
      { entity: "credit_card", check: "Luhn check", valid: rows / 4 - badCardRows.length, invalid: badCardRows.length },
    ]);
    expect(note.embedded.map((e) => [e.entity, e.count])).toEqual([["email", embeddedRows.length]]);
    const rowsOf = (type: string) => row_level_issues.filter((r) => r.issue_type === type).map((r) => r.row);
    expect(rowsOf("invalid_credit_card")).toEqual(badCardRows);
    expect(rowsOf("pii_embedded_email")).toEqual(embeddedRows);
    // By row, then field: "code" before "note" in the same row.
    const order = row_level_issues.map((r) => [r.row, r.field]);
    expect(order).toEqual([...order].sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1]))));
  });
});

describe("line spill files", () => {
  it("read back every line as written, across read chunks and multi-byte characters", () => {
    const path = join(mkdtempSync(join(tmpdir(), "line-spill-")), "lines");
    const writer = new LineFileWriter(path);
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      // Lines of 1 to ~200 KiB in places, one of 1.2 MB (more than the writer buffers), with 2-, 3- and 4-byte characters.
      const rest = `\tZoë\t€${"x".repeat(i % 97)}😀`;
      const line = i === 25_000 ? "€".repeat(400_000) : i % 5_000 === 0 ? "é€😀".repeat(20_000 + i) : `${i}${rest}`;
      lines.push(line);
      // Every third line as a row number and the rest, the way the PII scan writes e-mail cells.
      if (i % 3 === 1 && line.startsWith(String(i))) writer.addNumbered(i, `${rest}\n`);
      else writer.add(`${line}\n`);
    }
    writer.close();
    const reader = new LineFileReader(path);
    const read: string[] = [];
    for (let line = reader.read(); line !== null; line = reader.read()) read.push(line);
    expect(read.length).toBe(lines.length);
    expect(read).toEqual(lines);
    expect(writer.count).toBe(lines.length);
  });

  it("writes a numbered line's row as its decimal digits, and any other number as text", () => {
    const path = join(mkdtempSync(join(tmpdir(), "line-spill-")), "lines");
    const writer = new LineFileWriter(path);
    const rows = [0, 7, 10, 99, 100, 123_456_789, 2 ** 53 - 1, -3, 1.5];
    for (const row of rows) writer.addNumbered(row, "\tx\n");
    writer.close();
    const reader = new LineFileReader(path);
    const read: string[] = [];
    for (let line = reader.read(); line !== null; line = reader.read()) read.push(line);
    expect(read).toEqual(["0", "7", "10", "99", "100", "123456789", "9007199254740991", "-3", "1.5"].map((row) => `${row}\tx`));
  });

  it("a writer that wrote nothing reads as no lines", () => {
    expect(new LineFileReader(null).read()).toBeNull();
  });
});
