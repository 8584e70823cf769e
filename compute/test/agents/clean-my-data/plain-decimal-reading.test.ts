/**
 * readPlainDecimal, the one-pass reading of a plain decimal's bytes, against the two readings it
 * stands in for: the shape check followed by classifyCell (plainDecimalShape + plainDecimalValue),
 * and Number() on the decoded text. Values are generated (digit runs of every length, leading
 * zeros, long fractions) and adversarial (signs, exponents, spaces, Unicode digits).
 */
import { describe, expect, it } from "vitest";
import {
  LONG_PLAIN_DECIMAL,
  NOT_PLAIN_DECIMAL,
  PLAIN_INTEGRAL,
  PLAIN_LEADING_ZERO,
  plainDecimalShape,
  plainDecimalValue,
  readPlainDecimal,
  shortPlainDecimal,
} from "../../../src/agents/clean-my-data/plain-numbers.js";
import { convertValue, typeFixer } from "../../../src/agents/clean-my-data/type-fixer.js";
import { DateOrder, newParsedCell } from "../../../src/stats/value-parse.js";
import { datasetFromColumns } from "../../support/dataset.js";
import { seededRandom } from "../../support/random.js";
import { readColumn, runClean } from "./clean-support.js";

const ADVERSARIAL = [
  "0",
  "-0",
  "-0.0",
  "00",
  "007",
  "-007",
  "0.5",
  "00.50",
  "12.3456789",
  "12.34567890123",
  "-12.3456789",
  "1.",
  ".5",
  "-",
  "",
  "+1",
  "1e3",
  "1E-3",
  "1.5e10",
  " 1",
  "1 ",
  "1\t",
  "1,5",
  "1.2.3",
  "--1",
  "1-",
  "١٢٣",
  "１２",
  "12\u00a0",
  "Infinity",
  "inf",
  "NaN",
  "0x10",
  "9007199254740993",
  "999999999999999",
  "9999999999999999",
  "0.1",
  "0.30000000000000004",
  "123456789012345.5",
  "1.7976931348623157",
  `0.${"0".repeat(21)}1`,
  `0.${"0".repeat(22)}1`,
  `1${"0".repeat(22)}`,
  `1${"0".repeat(308)}`,
  "9".repeat(308),
  "9".repeat(309),
  "9".repeat(400),
  `${"0".repeat(400)}1`,
  `-${"0".repeat(50)}.${"0".repeat(50)}`,
  "12.05.2024",
  "2024-01-05",
];

function randomPlain(random: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(random() * 10))).join("");
  const zeros = random() < 0.2 ? "0".repeat(Math.floor(random() * 4)) : "";
  const sign = random() < 0.3 ? "-" : "";
  const int = zeros + digits(1 + Math.floor(random() * (random() < 0.1 ? 30 : 12)));
  const fraction = random() < 0.6 ? `.${digits(1 + Math.floor(random() * (random() < 0.1 ? 30 : 8)))}` : "";
  return sign + int + fraction;
}

function texts(): string[] {
  const random = seededRandom(20261202);
  const out = [...ADVERSARIAL];
  for (let n = 0; n < 50_000; n++) out.push(randomPlain(random));
  return out;
}

describe("readPlainDecimal", () => {
  it("gives the value and marks of the shape check and classifyCell, and Number() of the text", () => {
    const fast = newParsedCell();
    const slow = newParsedCell();
    let plain = 0;
    // Mismatches are gathered, not asserted one by one: 50 000 expect calls would be most of the time.
    const mismatches: string[] = [];
    for (const text of texts()) {
      const bytes = Buffer.from(text, "utf8");
      fast.dateOrder = DateOrder.DayFirst;
      slow.dateOrder = DateOrder.DayFirst;
      const got = readPlainDecimal(bytes, 0, bytes.length, fast);
      const isPlain = plainDecimalShape(bytes, 0, bytes.length) !== 0;
      const expected = isPlain ? plainDecimalValue(bytes, 0, bytes.length, slow) : Number.NaN;
      if (!Object.is(got, expected)) mismatches.push(`${text}: ${got} vs slow path ${expected}`);
      if (!isPlain || Number.isNaN(expected)) continue;
      plain++;
      if (!Object.is(got, Number(text))) mismatches.push(`${text}: ${got} vs Number ${Number(text)}`);
      const marks = (c: typeof fast) => `${c.value} ${c.leadingZero} ${c.plainDigits} ${c.decimalComma} ${c.dateOrder}`;
      if (marks(fast) !== marks(slow)) mismatches.push(`${text}: marks ${marks(fast)} vs ${marks(slow)}`);
    }
    expect(mismatches).toEqual([]);
    // The generated values are mostly plain decimals, so the comparison above really ran.
    expect(plain).toBeGreaterThan(50_000);
  });

  it("shortPlainDecimal tells what the value and marks would say, without the value, up to 15 bytes", () => {
    const out = newParsedCell();
    const mismatches: string[] = [];
    let short = 0;
    for (const text of texts()) {
      const bytes = Buffer.from(text, "utf8");
      const got = shortPlainDecimal(bytes, 0, bytes.length);
      const value = readPlainDecimal(bytes, 0, bytes.length, out);
      const isPlain = plainDecimalShape(bytes, 0, bytes.length) !== 0;
      const expected = !isPlain
        ? NOT_PLAIN_DECIMAL
        : bytes.length > 15
          ? LONG_PLAIN_DECIMAL
          : (Number.isInteger(value) ? PLAIN_INTEGRAL : 0) | (out.leadingZero ? PLAIN_LEADING_ZERO : 0);
      if (got !== expected) mismatches.push(`${text}: ${got} vs ${expected}`);
      if (got >= 0) short++;
    }
    expect(mismatches).toEqual([]);
    expect(short).toBeGreaterThan(20_000);
  });

  it("reads a slice of a larger buffer without looking past its end", () => {
    const bytes = Buffer.from("x12.5e3", "latin1");
    expect(readPlainDecimal(bytes, 1, 5, newParsedCell())).toBe(12.5);
    expect(readPlainDecimal(bytes, 1, 3, newParsedCell())).toBe(12);
  });

  it("leaves a decimal-comma scratch to classifyCell: 1.500 is then 1500", () => {
    const bytes = Buffer.from("1.500", "latin1");
    expect(readPlainDecimal(bytes, 0, 5, newParsedCell({ decimal: "," }))).toBe(1500);
    expect(readPlainDecimal(bytes, 0, 5, newParsedCell())).toBe(1.5);
  });
});

describe("type-fixer on long plain decimals", () => {
  it("writes what convertValue gives the text, around the largest double", async () => {
    const values = ["12", "-0", "0042", "2.50", "9".repeat(300), "9".repeat(301), "9".repeat(308), "9".repeat(309), `${"9".repeat(305)}.5`];
    for (const type of ["integer", "float"] as const) {
      const result = await runClean(typeFixer, datasetFromColumns({ n: values }), { target_types: { n: type } });
      expect(await readColumn(result.nextPrimary!, "n"), type).toEqual(values.map((v) => convertValue(v, type, "YMD")));
    }
  });
});
