/**
 * input.locale overrides the profiler's detection. The file is written the German way by Intl
 * (not by our parser): "1.500" is fifteen hundred and "1,25" one and a quarter, and every date
 * is DD/MM/YYYY with both parts ≤ 12, so detection alone reads them month first.
 */
import { readFileSync } from "node:fs";
import type { Manifest } from "@agensium/shared";
import { findTool } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { parseParameters } from "../../src/engine/parameters.js";
import { runToolOnFolder } from "../engine/folder-run.js";
import { failure } from "../readers/read-all.js";

const german = new Intl.NumberFormat("de-DE", { useGrouping: true, maximumFractionDigits: 2 });
const amounts = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1000 + i * 25 : i + 0.25));
const dates = Array.from({ length: 60 }, (_, i) => ({ day: (i % 12) + 1, month: ((i * 5) % 12) + 1, year: 2020 + (i % 4) }));
const pad = (n: number) => String(n).padStart(2, "0");
const dateText = (d: (typeof dates)[number]) => `${pad(d.day)}/${pad(d.month)}/${d.year}`;
const csv = `amount;booked\n${amounts.map((a, i) => `${german.format(a)};${dateText(dates[i])}`).join("\n")}\n`;

async function profile(input?: object) {
  // A date column may be a birth date: its statistics are shown here so the test can read them.
  const parameters = { ...(input ? { input } : {}), "governance-checker": { withhold_pii_statistics: false } };
  const { manifest, path } = await runToolOnFolder({ toolId: "profile-my-data", fileName: "primary.csv", content: csv, parameters });
  const report = JSON.parse(readFileSync(path("report.json"), "utf8"));
  expect((manifest as Manifest).outputs.length).toBeGreaterThan(0);
  const profiler = report.agents.find((a: { agent_id: string }) => a.agent_id === "unified-profiler");
  const column = (name: string) => profiler.data.columns.find((c: { name: string }) => c.name === name);
  return { amount: column("amount"), booked: column("booked") };
}

/** The earliest and latest date read day first, as the file wrote them. */
function dayFirstRange() {
  const key = (d: (typeof dates)[number]) => d.year * 10_000 + d.month * 100 + d.day;
  const sorted = [...dates].sort((a, b) => key(a) - key(b));
  return { min: dateText(sorted[0]), max: dateText(sorted.at(-1) as (typeof dates)[number]) };
}

describe("input.locale", () => {
  it("reads de-DE numbers and day-first dates as the user said, and says they were given", async () => {
    const { amount, booked } = await profile({ locale: "de-DE" });
    const sum = amounts.reduce((s, a) => s + a, 0);
    expect(amount.inferred_type).toBe("float");
    expect(amount.min).toBe(Math.min(...amounts));
    expect(amount.max).toBe(Math.max(...amounts));
    expect(amount.mean).toBeCloseTo(sum / amounts.length, 9);
    expect(amount.locale).toMatchObject({ decimal_source: "given", date_order_source: "detected" });
    expect(amount.locale.assumption).toContain("input.locale de-DE");
    const range = dayFirstRange();
    expect(booked.date_min).toBe(range.min);
    expect(booked.date_max).toBe(range.max);
    expect(booked.locale).toMatchObject({ date_order: "day_first", date_order_source: "given" });
  });

  it("without it, detection reads the same file otherwise (so the override is what changed the figures)", async () => {
    const { amount, booked } = await profile();
    expect(amount.max === Math.max(...amounts) && amount.mean === amounts.reduce((s, a) => s + a, 0) / amounts.length).toBe(false);
    expect(booked.date_min === dayFirstRange().min && booked.date_max === dayFirstRange().max).toBe(false);
  });

  it("refuses a locale, decimal separator or date order it does not know with LOCALE_INVALID", async () => {
    const tool = findTool("profile-my-data");
    if (!tool) throw new Error("no tool");
    for (const input of [{ locale: "not a locale!" }, { locale: "xx-YY" }, { decimal: ";" }, { date_order: "DDMM" }, { locale: "ar-EG" }]) {
      const err = await failure(Promise.resolve().then(() => parseParameters(tool, { input })));
      expect(err.code, JSON.stringify(input)).toBe("LOCALE_INVALID");
    }
    expect(parseParameters(tool, { input: { locale: "fr-FR" } }).locale).toEqual({ locale: "fr-FR", decimal: ",", date_order: "DMY" });
    expect(parseParameters(tool, { input: { locale: "fr-FR", decimal: "." } }).locale).toEqual({
      locale: "fr-FR",
      decimal: ".",
      date_order: "DMY",
    });
  });
});
