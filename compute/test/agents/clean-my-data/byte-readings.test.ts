/**
 * Cells read from their bytes (plain decimals, null markers, canonical ISO dates, clean text and
 * emails) must give what reading their text gives. Each check states the answer worked out by
 * hand, and the byte reading is also compared with the text reading of the same cell.
 */
import { describe, expect, it } from "vitest";
import { toIsoDate } from "../../../src/agents/clean-my-data/dates.js";
import { fieldStandardization, type StandardizationData } from "../../../src/agents/clean-my-data/field-standardization.js";
import { NullMarkers } from "../../../src/agents/clean-my-data/null-markers.js";
import { plainDecimalCell, plainDecimalShape } from "../../../src/agents/clean-my-data/plain-numbers.js";
import { type TypeFixerData, typeFixer } from "../../../src/agents/clean-my-data/type-fixer.js";
import { notLooseNumberBytes, parseLooseNumber } from "../../../src/agents/clean-my-data/value-conversions.js";
import { newParsedCell } from "../../../src/stats/value-parse.js";
import { datasetFromColumns } from "../../support/dataset.js";
import { cellsOf, readColumn, runClean } from "./clean-support.js";

describe("plain decimals read from bytes", () => {
  it("knows the shape: optional minus, digits, optionally a point and digits", () => {
    const shape = (t: string) => plainDecimalShape(Buffer.from(t), 0, Buffer.byteLength(t));
    expect(["12", "-0", "0042"].map(shape)).toEqual([1, 1, 1]);
    expect(["2854.63", "-0.5"].map(shape)).toEqual([2, 2]);
    expect(["", "-", "1.", ".5", "+1", "1e3", "1,234", "1.2.3", " 1"].map(shape)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("gives the value parseLooseNumber gives the text, and NaN where the bytes are not a plain decimal", () => {
    const texts = ["2854.63", " 12 ", "-7", "0042", "-0", "\t3.25\n", "$12", "1,234.50", "12\u00a0", "1e3", "abc", "9".repeat(400)];
    const byHand = [2854.63, 12, -7, 42, -0, 3.25, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN];
    const cells = cellsOf(texts);
    const out = newParsedCell();
    const fromBytes = texts.map((_, i) => plainDecimalCell(cells, i, out));
    expect(fromBytes).toEqual(byHand);
    texts.forEach((text, i) => {
      if (!Number.isNaN(fromBytes[i])) expect(fromBytes[i]).toBe(parseLooseNumber(text));
    });
  });
});

describe("texts told from their bytes not to be numbers", () => {
  const notNumber = (t: string) => notLooseNumberBytes(Buffer.from(t), 0, Buffer.byteLength(t));

  it("rules out texts without a digit or with a byte no number holds, and nothing parseLooseNumber reads", () => {
    const numbers = ["$6,748.80", "(1,000)", "1.008,30 €", "USD 12", "12 eur", "-1e3", " +4 ", "1 234,5", "¥300", "\u00a012\u00a0"];
    expect(numbers.map((t) => parseLooseNumber(t) !== null)).toEqual(numbers.map(() => true));
    expect(numbers.map(notNumber)).toEqual(numbers.map(() => false));
    const words = ["electronics", "true", "NA", "inf", "", "  ", "user1@example.com", "2021-03-30 07:37:54", "12%", "1/2", "#4", "a_1"];
    expect(words.map((t) => parseLooseNumber(t))).toEqual(words.map(() => null));
    expect(words.map(notNumber)).toEqual(words.map(() => true));
    // Left to parseLooseNumber: a digit and only bytes a number may hold, though not a number.
    expect(["2021-03-30", "12 apples", "1.2.3"].map(notNumber)).toEqual([false, false, false]);
  });

  it("never rules out a text parseLooseNumber reads, over random texts of number-like characters", () => {
    const alphabet = [..."0159.,-+() $€eEUSDa:%/", "\u00a0", "\u202f", "\t"];
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    let numbersSeen = 0;
    for (let n = 0; n < 20_000; n++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      const read = parseLooseNumber(text);
      if (read !== null) numbersSeen++;
      if (notNumber(text)) expect([text, read]).toEqual([text, null]);
    }
    expect(numbersSeen).toBeGreaterThan(500);
  });
});

describe("null markers read from bytes", () => {
  it("isNullCellExact answers as isNull on the text, for short, long, padded and non-ASCII cells", () => {
    const markers = new NullMarkers(["", "NA", "N/A", "null", "None", "-", "?"]);
    const texts = [
      "NA",
      " n/a ",
      "NULL",
      "none",
      "-",
      "?",
      "",
      "   ",
      `${" ".repeat(40)}NA${" ".repeat(40)}`,
      "\u00a0NA\u00a0",
      "NAN",
      "0",
      "x".repeat(50),
    ];
    const byHand = [true, true, true, true, true, true, true, true, true, true, false, false, false];
    const cells = cellsOf(texts);
    expect(texts.map((_, i) => markers.isNullCellExact(cells, i))).toEqual(byHand);
    expect(texts.map((t) => markers.isNull(t))).toEqual(byHand);
  });

  it("agrees with isNull on the text for generated cells of every length, padding and script", () => {
    // Pieces that trim (ASCII and Unicode spaces), that lower-case into a marker (KELVIN SIGN) or
    // change length when lower-cased (İ), around markers and long runs: the text reading is the truth.
    const pieces = [
      " ",
      "\t",
      "\n",
      "\u00a0",
      "\ufeff",
      "\u3000",
      "NA",
      "n/a",
      "NULL",
      "None",
      "-",
      "?",
      "x",
      "\u212a",
      "\u0130",
      "é",
      "abcdefghij",
    ];
    const markers = new NullMarkers(["", "NA", "N/A", "null", "None", "-", "?", "k", "i\u0307"]);
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const texts = Array.from({ length: 4000 }, () => {
      const count = next() % 12;
      let text = "";
      for (let k = 0; k < count; k++) text += pieces[next() % pieces.length];
      return text;
    });
    const cells = cellsOf(texts);
    expect(texts.map((_, i) => markers.isNullCellExact(cells, i))).toEqual(texts.map((t) => markers.isNull(t)));
    expect(texts.filter((t) => markers.isNull(t)).length).toBeGreaterThan(100);
  });

  it("an ASCII cell matches only through ASCII lower-casing; a non-ASCII cell is decoded", () => {
    // U+212A KELVIN SIGN lower-cases to "k": only the decoded text can see that.
    const markers = new NullMarkers(["k"]);
    const cells = cellsOf(["K", "k", "\u212a", "kk"]);
    expect([0, 1, 2, 3].map((i) => markers.isNullCellExact(cells, i))).toEqual([true, true, true, false]);
  });
});

describe("canonical ISO dates", () => {
  it("reads YYYY-MM-DD and YYYY-MM-DD HH:MM:SS as the general reader does, impossible dates and times included", () => {
    expect(toIsoDate("2024-02-29", "MDY")).toBe("2024-02-29");
    expect(toIsoDate("2023-02-29", "MDY")).toBeNull();
    expect(toIsoDate("0000-01-01", "MDY")).toBeNull();
    expect(toIsoDate(" 2024-12-31 23:59:59 ", "DMY")).toBe("2024-12-31T23:59:59");
    expect(toIsoDate("2024-12-31T00:00:00", "MDY")).toBe("2024-12-31T00:00:00");
    expect(toIsoDate("2024-12-31 24:00:00", "MDY")).toBeNull();
    expect(toIsoDate("2024-12-31 23:60:00", "MDY")).toBeNull();
    // Other shapes still go through the general reader.
    expect(toIsoDate("2024-1-5", "MDY")).toBe("2024-01-05");
    expect(toIsoDate("2024-12-31 7:05", "MDY")).toBe("2024-12-31T07:05:00");
    expect(toIsoDate("2024-12-31 11:05:00 PM", "MDY")).toBe("2024-12-31T23:05:00");
    expect(toIsoDate("2024-12-3x", "MDY")).toBeNull();
  });
});

describe("agents on cells read from bytes", () => {
  it("type-fixer: plain numbers stay as written, others convert, and an integer column's 2.0 becomes 2", async () => {
    const amount = ["12.50", " 7 ", "$1,200.00", "-3", "0.125", "N/A", "abc"];
    const count = ["1", "2.0", "-4", "5", "6", "7", "8"];
    const result = await runClean<TypeFixerData>(typeFixer, datasetFromColumns({ amount, count }, { batchSize: 3 }), {
      target_types: { amount: "float", count: "integer" },
    });
    expect(await readColumn(result.nextPrimary!, "amount")).toEqual(["12.50", "7", "1200.00", "-3", "0.125", "N/A", null]);
    expect(await readColumn(result.nextPrimary!, "count")).toEqual(["1", "2", "-4", "5", "6", "7", "8"]);
    const amountReport = result.data.columns.find((c) => c.field === "amount");
    // "$1,200.00" converted; "abc" failed; " 7 " trimmed.
    expect(amountReport).toMatchObject({ converted: 1, failed: 1, trimmed: 1 });
    expect(result.data.columns.find((c) => c.field === "count")).toMatchObject({ converted: 1, failed: 0 });
  });

  it("type-fixer: inference reads a column of plain numbers with one leading-zero code as text, and 0/1 as integers", async () => {
    const reading = ["0042", "17", "23", "99", "15", "16", "18", "19", "20", "21"];
    const flag = ["0", "1", "1", "0", "1", "0", "0", "1", "1", "0"];
    const word = ["yes", "no", "yes", "yes", "no", "no", "yes", "no", "yes", "no"];
    const result = await runClean<TypeFixerData>(typeFixer, datasetFromColumns({ reading, flag, word }, { batchSize: 4 }));
    expect(result.data.columns.map((c) => c.type)).toEqual(["string", "integer", "boolean"]);
    expect(await readColumn(result.nextPrimary!, "word")).toEqual(word.map((w) => String(w === "yes")));
  });

  it("type-fixer: ISO dates and datetimes are inferred as such; an impossible date fails and becomes null", async () => {
    const day = Array.from({ length: 20 }, (_, k) => `2024-03-${String(k + 1).padStart(2, "0")}`);
    day[4] = "2023-02-29";
    const seen = day.map((_, k) => `2024-05-${String(k + 1).padStart(2, "0")} 12:${String(k).padStart(2, "0")}:59`);
    const result = await runClean<TypeFixerData>(typeFixer, datasetFromColumns({ day, seen }, { batchSize: 6 }));
    expect(result.data.columns.map((c) => c.type)).toEqual(["date", "datetime"]);
    const days = await readColumn(result.nextPrimary!, "day");
    expect(days[4]).toBeNull();
    expect(days.filter((d) => d !== null)).toEqual(day.filter((_, k) => k !== 4));
    expect((await readColumn(result.nextPrimary!, "seen"))[7]).toBe("2024-05-08T12:07:59");
    expect(result.data.columns.find((c) => c.field === "day")).toMatchObject({ failed: 1, converted: 0 });
    expect(result.data.columns.find((c) => c.field === "seen")).toMatchObject({ failed: 0, converted: 20 });
  });

  it("field-standardization: clean text and lower-case emails pass as written; the rest is standardised", async () => {
    const notes = ["quick brown fox", "  padded", "two  spaces", "tab\there", "caf\u00e9 au lait", "NA", "ends "];
    const email = ["a@example.com", "B@Example.com", " c@example.com", "d@example.com", "e@example.com", "f@example.com", "g@example.com"];
    const result = await runClean<StandardizationData>(fieldStandardization, datasetFromColumns({ notes, email }, { batchSize: 3 }), {
      cluster_categorical: false,
    });
    expect(await readColumn(result.nextPrimary!, "notes")).toEqual([
      "quick brown fox",
      "padded",
      "two spaces",
      "tab here",
      "caf\u00e9 au lait",
      "NA",
      "ends",
    ]);
    expect(await readColumn(result.nextPrimary!, "email")).toEqual(email.map((e) => e.trim().toLowerCase()));
    expect(result.data.cells_changed).toBe(4 + 2);
  });
});
