/**
 * The profiler's scan split across worker threads gives the single-thread profile, every
 * statistic exactly: each thread reads the same spill file and scans its own columns in row
 * order, and duplicate rows and correlations are combined from all of them in column order.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { profileMyDataParameters } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { profileColumn } from "../../src/agents/unified-profiler/column-profile.js";
import { type ScanOptions, scanDataset } from "../../src/agents/unified-profiler/scan.js";
import { ingestDataset } from "../../src/engine/dataset.js";
import { folderStore } from "../../src/engine/object-store.js";
import { seededRandom } from "../support/random.js";

const random = seededRandom(41);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
const int = (n: number) => Math.floor(random() * n);

/** A file with a column of every type, nulls and null markers, padding, decimal commas, leading zeros and repeated rows. */
function mixedFile(rows: number): { lines: string[]; duplicates: number } {
  const lines = ["id,amount,price_eu,flag,day,stamp,zip,city,note,score"];
  const seen = new Set<string>();
  let duplicates = 0;
  for (let row = 1; row <= rows; row++) {
    const line =
      row % 50 === 0
        ? lines[1 + int(row - 2)]
        : [
            row % 97 === 0 ? "" : String(int(rows / 2)),
            random() < 0.05 ? pick(["NA", "null", "-"]) : (random() * 2_000 - 500).toFixed(int(4)),
            `"${int(9_999)},${String(int(100)).padStart(2, "0")}"`,
            pick(["true", "false", "yes", "no", ""]),
            `2024-${String(1 + int(12)).padStart(2, "0")}-${String(1 + int(28)).padStart(2, "0")}`,
            `2023-0${1 + int(9)}-1${int(9)}T${String(int(24)).padStart(2, "0")}:${String(int(60)).padStart(2, "0")}:00`,
            String(int(100_000)).padStart(5, "0"),
            pick(["Paris", " Lyon", "Nice ", "Köln", "São Paulo", "N/A"]),
            random() < 0.3 ? `order ${int(5_000)} shipped` : String(int(10)),
            random() < 0.02 ? "unknown" : String(int(1_000) / 8),
          ].join(",");
    if (seen.has(line)) duplicates++;
    seen.add(line);
    lines.push(line);
  }
  return { lines, duplicates };
}

async function spilledMixedFile(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), "profiler-threads-"));
  const { lines, duplicates } = mixedFile(rows);
  writeFileSync(join(dir, "in.csv"), `${lines.join("\n")}\n`);
  const dataset = await ingestDataset({
    store: folderStore(dir),
    key: "in.csv",
    role: "primary",
    format: "csv",
    batchRows: 1_000,
    maxBytes: 1e9,
    spillDir: mkdtempSync(join(tmpdir(), "profiler-threads-spill-")),
  });
  return { dataset, duplicates };
}

async function profileWith(dataset: Awaited<ReturnType<typeof spilledMixedFile>>["dataset"], options: ScanOptions) {
  const scan = await scanDataset(dataset, options);
  return {
    threads: scan.threads,
    rows: scan.rows,
    duplicateRows: scan.duplicateRows,
    duplicateRowsExact: scan.duplicateRowsExact,
    correlations: scan.correlations.map((p) => ({ a: p.a, b: p.b, n: p.moment.n, r: p.moment.correlation })),
    columns: scan.columns.map((acc) => profileColumn(acc, { topValues: 10, histogramBins: 20 })),
  };
}

describe("profiler scan on several threads", () => {
  const p = profileMyDataParameters.parse({})["unified-profiler"];

  it("gives exactly the single-thread profile of a file with every type", async () => {
    const rows = 12_000;
    const { dataset, duplicates } = await spilledMixedFile(rows);
    const options = { exactDistinctLimit: p.exact_distinct_limit, nullMarkers: p.null_markers };
    const one = await profileWith(dataset, { ...options, threads: 1 });
    const progress: number[] = [];
    const two = await profileWith(dataset, { ...options, threads: 2, progress: (n) => progress.push(n) });
    const three = await profileWith(dataset, { ...options, threads: 3 });

    // The profile holds what the file holds, so the comparison is of real findings.
    expect(one.rows).toBe(rows);
    expect(one.duplicateRows).toBe(duplicates);
    expect(one.columns.map((c) => c.inferred_type)).toEqual([
      "integer",
      "float",
      "float",
      "boolean",
      "date",
      "datetime",
      "string",
      "string",
      "string",
      "float",
    ]);
    expect(one.correlations.length).toBeGreaterThan(0);
    expect([one.threads, two.threads, three.threads]).toEqual([1, 2, 3]);
    expect({ ...two, threads: 1 }).toEqual(one);
    expect({ ...three, threads: 1 }).toEqual(one);
    expect(progress.at(-1)).toBe(rows);
  });

  it("stays exact across threads once distinct values and quantiles switch to their sketches", async () => {
    const { dataset } = await spilledMixedFile(8_000);
    const options = { exactDistinctLimit: 300, exactQuantileLimit: 2_000, nullMarkers: p.null_markers };
    const one = await profileWith(dataset, { ...options, threads: 1 });
    const two = await profileWith(dataset, { ...options, threads: 2 });
    expect(one.columns[0].distinct_exact).toBe(false);
    expect(one.columns[1].quantiles_exact).toBe(false);
    expect(two.threads).toBe(2);
    expect({ ...two, threads: 1 }).toEqual(one);
  });
});
