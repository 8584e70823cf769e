import { describe, expect, it } from "vitest";
import { CellKind, classifyCell, classifyText, classifyTextInto, KIND_NAMES, newParsedCell } from "../../src/stats/value-parse.js";

describe("value parsing from bytes", () => {
  it("parses integers and floats exactly like the JS parser", () => {
    for (const t of [
      "0",
      "-17",
      "+42",
      "123456789012",
      "3.14",
      "-0.5",
      ".25",
      "1e3",
      "2.5E-4",
      "1234567.890123",
      "0.1",
      "9007199254740993.5",
      // Beyond the exact range (more than 15 significant digits or 22 decimals), with a sign.
      "-9007199254740993.5",
      "-1234567890123456789",
      "+1234567890123456789",
      "-0.00000000000000000000001",
      "-1.5e-30",
      "-123456789012345678e5",
    ]) {
      const r = classifyText(t);
      expect(r.value, t).toBe(Number(t));
    }
    expect(classifyText("12").kind).toBe("integer");
    expect(classifyText("12.0").kind).toBe("float");
    expect(classifyText("1e3").kind).toBe("float");
    expect(classifyText("-inf").value).toBe(-Infinity);
  });

  it("marks leading zeros so zip codes and ids stay strings", () => {
    expect(classifyText("02134").leadingZero).toBe(true);
    expect(classifyText("0").leadingZero).toBe(false);
    expect(classifyText("0.5").leadingZero).toBe(false);
    expect(classifyText("2134").leadingZero).toBe(false);
  });

  it("recognises booleans, dates and datetimes, and validates calendar days", () => {
    expect(classifyText("TRUE").kind).toBe("boolean");
    expect(classifyText("no").value).toBe(0);
    expect(classifyText("2024-02-29")).toMatchObject({ kind: "date", value: Date.UTC(2024, 1, 29) });
    expect(classifyText("2023-02-29").kind).toBe("string");
    expect(classifyText("12/31/2020")).toMatchObject({ kind: "date", value: Date.UTC(2020, 11, 31) });
    expect(classifyText("31/12/2020")).toMatchObject({ kind: "date", value: Date.UTC(2020, 11, 31) });
    expect(classifyText("2024-03-01T10:20:30Z")).toMatchObject({ kind: "datetime", value: Date.UTC(2024, 2, 1, 10, 20, 30) });
    expect(classifyText("2024-03-01 10:20:30.250+02:00")).toMatchObject({ kind: "datetime", value: Date.UTC(2024, 2, 1, 8, 20, 30, 250) });
  });

  it("leaves everything else a string", () => {
    for (const t of ["abc", "12abc", "1.2.3", "-", "+", ".", "e5", "info", "2024-13-01", "N/A"])
      expect(classifyText(t).kind, t).toBe("string");
  });

  it("reads each text on its own, whatever a longer text before it left in the shared buffer", () => {
    // Each truncated time follows a full one whose digits lie where the truncated text ends.
    const full = "2024-03-01T10:20:30+02:00";
    for (const t of ["2024-03-01T10:20:", "2024-03-01T10:20:3", "2024-03-01T10:20+", "2024-03-01T10:20+0", "2024-03-01T10:20:30+"]) {
      expect(classifyText(full).kind).toBe("datetime");
      expect(classifyText(t).kind, t).toBe("string");
    }
    expect(classifyText("123456789").value).toBe(123456789);
    expect(classifyText("12")).toMatchObject({ kind: "integer", value: 12 });
  });

  it("gives the text the reading classifyCell gives a fresh copy of its bytes", () => {
    const texts = ["2024-03-01T10:20:30.5Z", "007", "-0.25", "1e400", "é12", "true", "31.12.2024", "2024-03-01T23:59:60-05", "\u{1F600}9"];
    const out = newParsedCell();
    for (const t of [...texts, ...texts.reverse()]) {
      const bytes = new TextEncoder().encode(t);
      const fresh = newParsedCell();
      const kind = classifyCell(bytes, 0, bytes.length, fresh);
      expect(classifyTextInto(t, out), t).toBe(kind);
      // A string has no value: the scratch keeps whatever it held.
      if (kind !== CellKind.String) expect(out.value, t).toBe(fresh.value);
      expect(classifyText(t), t).toEqual({ kind: KIND_NAMES[kind], value: fresh.value, leadingZero: fresh.leadingZero });
    }
  });
});
