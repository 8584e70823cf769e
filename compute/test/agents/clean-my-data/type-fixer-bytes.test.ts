/**
 * type-fixer's byte paths (canonical ISO dates, yes/no words, the string columns its first pass
 * stops reading) against the text path they stand in for: every expected value below comes from
 * the text functions (canonicalIso, parseLooseBoolean, convertValue) or from counting.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalIso, canonicalIsoBytes, IsoBytes } from "../../../src/agents/clean-my-data/dates.js";
import { DerivedDatasetWriter } from "../../../src/agents/clean-my-data/derived-dataset.js";
import { convertValue, typeFixer } from "../../../src/agents/clean-my-data/type-fixer.js";
import { bytesReading, readingOf } from "../../../src/agents/clean-my-data/type-inference.js";
import { looseBooleanBytes, parseLooseBoolean } from "../../../src/agents/clean-my-data/value-conversions.js";
import type { Dataset } from "../../../src/engine/types.js";
import { type Cell, datasetFromRows } from "../../support/dataset.js";
import { cellsOf, readColumn, runClean } from "./clean-support.js";

const DATE_TEXTS = [
  "2024-02-29",
  "2023-02-29",
  "2024-13-01",
  "2024-00-10",
  "0000-01-01",
  "9999-12-31",
  "2024-1-05",
  "2024/01/05",
  "2024-01-05 07:08:09",
  "2024-01-05T23:59:59",
  "2024-01-05 24:00:00",
  "2024-01-05 12:60:00",
  "2024-01-05 12:00:60",
  "2024-01-05X12:00:00",
  "2024-01-05 12-00-00",
  "2024-01-05 1a:00:00",
  "2o24-01-05",
  "2024-01-0a",
  "2024-01-05 ",
  " 2024-01-05",
  "2024-01-05 07:08:09Z",
  "20240105",
  "",
];

function isoOfText(text: string): IsoBytes {
  const iso = canonicalIso(text);
  if (iso === undefined) return IsoBytes.Other;
  if (iso === null) return IsoBytes.Invalid;
  return iso.includes("T") ? IsoBytes.DateTime : IsoBytes.Date;
}

/** The rows as a derived dataset, which knows its row count as every dataset inside the chain does. */
async function derived(columns: string[], rows: Cell[][], batchSize: number): Promise<Dataset> {
  const source = datasetFromRows(columns, rows, { batchSize });
  const writer = await DerivedDatasetWriter.open(mkdtempSync(join(tmpdir(), "type-bytes-")), "rows", columns, source);
  for await (const data of source.batches()) await writer.writeBatch(data);
  return writer.finish();
}

describe("cells read from their bytes", () => {
  it("canonicalIsoBytes sorts every shape as canonicalIso does", () => {
    for (const text of DATE_TEXTS) {
      const bytes = Buffer.from(`xx${text}yy`, "utf8");
      expect([text, canonicalIsoBytes(bytes, 2, bytes.length - 2)]).toEqual([text, isoOfText(text)]);
    }
  });

  it("looseBooleanBytes reads every word as parseLooseBoolean does, and leaves whitespace and non-ASCII to the text", () => {
    const words = ["", ..."true TRUE True t F yes YeS y No n on OFF 1 0 false falsey tru maybe 2 o".split(" ")];
    for (const word of words) {
      const bytes = Buffer.from(word, "latin1");
      expect([word, looseBooleanBytes(bytes, 0, bytes.length)]).toEqual([word, parseLooseBoolean(word)]);
    }
    for (const word of [" yes", "no ", "ye s", "yés", "\tt"]) {
      const bytes = Buffer.from(word, "utf8");
      expect([word, looseBooleanBytes(bytes, 0, bytes.length)]).toEqual([word, undefined]);
    }
  });
});

describe("type-fixer on dates, datetimes and booleans", () => {
  it("reads a cell from its bytes as type inference reads its trimmed text, or leaves it to the text", () => {
    const texts = [
      ...DATE_TEXTS,
      ..."electronics US books toys y N off ON maybe falsey 0 1 12 -3.5 0042 n/a NA".split(" "),
      // Plain decimals: integer-valued fractions, signs, leading zeros, and lengths either side of 15 bytes.
      ..."12.00 12.50 -0 -0.0 -01 00 0.0 01.5 123456789012345 1234567890123456 12345678901234.5 -12345678901234 0.000000000001".split(" "),
      ..."9007199254740993 99999999999999999999.0 1.0000000000000001 000000000000000001".split(" "),
      "quick brown fox",
      "  yes  ",
      "\tno",
      "a\u0001b",
      "user12@example3.com",
      "12 apples",
      "$1,234",
      "Zoë",
      "\u00a0yes\u00a0",
      "",
    ];
    const cells = cellsOf(texts);
    const fromBytes = texts.map((_, i) => bytesReading(cells, i));
    texts.forEach((text, i) => {
      if (fromBytes[i] >= 0) expect([text, fromBytes[i]]).toEqual([text, readingOf(text.trim(), "YMD")]);
    });
    // The words without a digit read from their bytes: nothing, or a yes/no word.
    const words = ["electronics", "US", "books", "maybe", "falsey", "quick brown fox", "a\u0001b", "y", "N", "off", "ON", "  yes  "];
    expect(words.map((w) => bytesReading(cells, texts.indexOf(w)) >= 0)).toEqual(words.map(() => true));
    // Left to the text: a non-ASCII byte, or a digit in what is no number.
    expect(["Zoë", "\u00a0yes\u00a0", "user12@example3.com", "12 apples"].map((w) => bytesReading(cells, texts.indexOf(w)))).toEqual([
      -1, -1, -1, -1,
    ]);
  });

  it("writes each cell as convertValue on its text does, counting conversions, trims and failures alike", async () => {
    const markers = ["", "NA", "2000-01-01 00:00:00"];
    const dates = [...DATE_TEXTS, "NA", " na ", "2000-01-01 00:00:00", null, "Jan 3, 2024", "12/31/2024"];
    const words = [
      "true",
      "false",
      "TRUE",
      "yes",
      "n",
      " true",
      "false ",
      "0",
      "maybe",
      "NA",
      null,
      "on",
      "t",
      "Off",
      "y",
      "true",
      "x",
      "false",
      "1",
    ];
    const rows = Array.from({ length: 60 }, (_, i) => [dates[i % dates.length], dates[(i * 7) % dates.length], words[i % words.length]]);
    const targets = { d: "date", dt: "datetime", b: "boolean" } as const;
    const result = await runClean(typeFixer, await derived(["d", "dt", "b"], rows, 8), {
      target_types: targets,
      date_order: "MDY",
      null_markers: markers,
    });
    const names = ["d", "dt", "b"] as const;
    let failed = 0;
    for (const [c, name] of names.entries()) {
      let converted = 0;
      let trimmed = 0;
      const expected = rows.map((row) => {
        const raw = row[c];
        if (raw === null) return null;
        const text = raw.trim();
        if (text !== raw) trimmed++;
        if (markers.some((m) => m.toLowerCase() === text.toLowerCase())) return text;
        const value = convertValue(text, targets[name], "MDY");
        if (value === null) failed++;
        else if (value !== text) converted++;
        return value;
      });
      expect(await readColumn(result.nextPrimary!, name)).toEqual(expected);
      const report = result.data.columns.find((r: { field: string }) => r.field === name);
      expect([name, report.converted, report.trimmed]).toEqual([name, converted, trimmed]);
    }
    expect(result.data.cells_failed).toBe(failed);
  });
});

describe("type-fixer's first pass", () => {
  it("infers what counting every row decides, when text fills the start of a column that is numeric after it", async () => {
    const rowsTotal = 2_000;
    // Text in the first 4 % or 6 % of the rows: 96 % numbers reach the 95 % share, 94 % do not.
    const shares = [0.04, 0.06, 0.049, 0.051];
    const rows = Array.from({ length: rowsTotal }, (_, i) => shares.map((share) => (i < share * rowsTotal ? `word ${i}` : String(i))));
    const columns = shares.map((_, k) => `c${k}`);
    const result = await runClean(typeFixer, await derived(columns, rows, 50));
    const types = result.data.columns.map((r: { type: string }) => r.type);
    const truth = shares.map((_, k) => {
      const numbers = rows.filter((row) => /^\d+$/.test(row[k] as string)).length;
      return numbers >= 0.95 * rowsTotal ? "integer" : "string";
    });
    expect(types).toEqual(truth);
    expect(truth).toEqual(["integer", "string", "integer", "string"]);
    // A settled column is still written out whole.
    expect((await readColumn(result.nextPrimary!, "c1")).slice(118, 122)).toEqual(["word 118", "word 119", "120", "121"]);
  });
});
