/**
 * castCell against the PlanetScale driver's own cast: for every column type the driver knows,
 * with text and binary character sets, the same value for the same cell bytes: ASCII, UTF-8
 * text, arbitrary bytes (invalid UTF-8 included), JSON, numbers, NULL. A JSON cell the driver
 * refuses is refused as well.
 */
import { cast as driverCast, type Field } from "@planetscale/database";
import { describe, expect, it } from "vitest";
import { castCell } from "../../src/db/cast.js";

const TYPES = [
  "INT8",
  "INT16",
  "INT24",
  "INT32",
  "INT64",
  "UINT8",
  "UINT16",
  "UINT24",
  "UINT32",
  "UINT64",
  "YEAR",
  "FLOAT32",
  "FLOAT64",
  "DECIMAL",
  "DATE",
  "TIME",
  "DATETIME",
  "TIMESTAMP",
  "JSON",
  "VARCHAR",
  "CHAR",
  "TEXT",
  "BLOB",
  "VARBINARY",
  "BINARY",
  "ENUM",
  "SET",
  "BIT",
  "NULL",
  "GEOMETRY",
];
/** utf8mb4_general_ci, utf8mb4_0900_ai_ci, binary. */
const CHARSETS = [45, 255, 63];

/** The answer's cell as the driver sees it: each byte of the cell one latin1 character. */
const cellOf = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const utf8Cell = (text: string) => cellOf(new TextEncoder().encode(text));

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function cells(): string[] {
  const next = random(15);
  const out = ["", "0", "42", "-7", "3.25", "2026-12-02 09:47:52.024", "CREATED", "tsk_01M8V2EGAE927M5V3DR41E2QW7"];
  out.push(utf8Cell("Zoë Müller-Ångström"), utf8Cell("日本語のテキスト"), utf8Cell("emoji 🙂 here"));
  for (let i = 0; i < 200; i++) {
    const length = Math.floor(next() * 40);
    const top = i % 3 === 0 ? 0x80 : 0x100; // a third plain ASCII, the rest any byte at all
    out.push(cellOf(Uint8Array.from({ length }, () => Math.floor(next() * top))));
  }
  return out;
}

function jsonCells(): string[] {
  return [
    '["unified-profiler","drift-detector"]',
    '{"rows":600000,"score":0.87,"note":null}',
    utf8Cell('{"name":"Zoë","city":"Zürich","tags":["日本"]}'),
    "42",
    '"text"',
    "null",
  ];
}

/** Both casts on one cell: equal values, or both throwing. */
function expectSame(field: Field, cell: string | null) {
  let expected: unknown;
  let expectedError: unknown;
  try {
    expected = driverCast(field, cell);
  } catch (err) {
    expectedError = err;
  }
  if (expectedError) {
    expect(() => castCell(field, cell)).toThrow();
    return;
  }
  const actual = castCell(field, cell);
  expect(actual).toStrictEqual(expected);
}

describe("castCell gives the driver's value for every cell", () => {
  it("for NULL in every column type", () => {
    for (const type of TYPES) for (const charset of CHARSETS) expectSame({ name: "c", type, charset }, null);
  });

  it("for text, binary and numeric cells in every column type and character set", () => {
    const all = cells();
    for (const type of TYPES.filter((t) => t !== "JSON")) {
      for (const charset of CHARSETS) for (const cell of all) expectSame({ name: "c", type, charset }, cell);
    }
  });

  it("for JSON cells, ASCII or not, and refuses what the driver refuses", () => {
    for (const charset of CHARSETS) {
      for (const cell of jsonCells()) expectSame({ name: "c", type: "JSON", charset }, cell);
      for (const cell of ["", "{", "not json"]) expectSame({ name: "c", type: "JSON", charset }, cell);
    }
  });

  it("returns text cells as the decoded string (a check on the reference itself)", () => {
    const field = { name: "full_name", type: "VARCHAR", charset: 255 };
    expect(castCell(field, utf8Cell("Zoë Müller"))).toBe("Zoë Müller");
    expect(castCell(field, "plain ascii")).toBe("plain ascii");
    expect(castCell({ name: "agents", type: "JSON", charset: 63 }, utf8Cell('["Zoë"]'))).toEqual(["Zoë"]);
  });
});
