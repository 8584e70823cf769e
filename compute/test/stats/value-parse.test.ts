import { describe, expect, it } from "vitest";
import { classifyText } from "../../src/stats/value-parse.js";

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
});
