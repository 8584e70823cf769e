/**
 * Column accumulators are mergeable: profiling two halves of a file and merging them gives the
 * profile of the whole, which is what lets the work be split across workers.
 */
import { profileMyDataParameters } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { profileColumn } from "../../src/agents/unified-profiler/column-profile.js";
import { scanDataset } from "../../src/agents/unified-profiler/scan.js";
import { type Cell, datasetFromRows } from "../support/dataset.js";
import { seededRandom } from "../support/random.js";

describe("merging column accumulators", () => {
  it("gives the same profile as one pass over the whole file", async () => {
    const random = seededRandom(99);
    const rows: Cell[][] = Array.from({ length: 5_000 }, (_, i) => [
      String(i),
      random() < 0.1 ? "" : (random() * 100 - 30).toFixed(3),
      ["x", "y", "z", "NA"][Math.floor(random() * 4)],
      `2020-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    ]);
    const columns = ["id", "value", "letter", "day"];
    const p = profileMyDataParameters.parse({})["unified-profiler"];
    const options = { exactDistinctLimit: p.exact_distinct_limit, nullMarkers: p.null_markers };
    const whole = await scanDataset(datasetFromRows(columns, rows), options);
    const first = await scanDataset(datasetFromRows(columns, rows.slice(0, 1_700)), options);
    const second = await scanDataset(datasetFromRows(columns, rows.slice(1_700)), options);
    const profileOptions = { topValues: 10, histogramBins: 20 };
    for (let c = 0; c < columns.length; c++) {
      first.columns[c].merge(second.columns[c]);
      const merged = profileColumn(first.columns[c], profileOptions);
      const single = profileColumn(whole.columns[c], profileOptions);
      for (const key of [
        "inferred_type",
        "count",
        "nulls",
        "distinct",
        "min",
        "max",
        "top_values",
        "quantiles",
        "histogram",
        "date_min",
        "date_max",
      ] as const) {
        expect(merged[key], `${columns[c]} ${key}`).toEqual(single[key]);
      }
      for (const key of ["mean", "std", "skewness", "kurtosis"] as const) {
        if (single[key] === null) expect(merged[key]).toBeNull();
        else
          expect(Math.abs(merged[key]! - single[key]!), `${columns[c]} ${key}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(single[key]!)),
          );
      }
    }
  });
});
