/**
 * unified-profiler: one streaming pass that profiles every column (types, nulls, distinct,
 * moments, quantiles, histogram, top values, patterns) and the dataset (duplicates, correlations).
 */
import type * as report from "@agensium/shared";
import type { ProfileMyDataParameters, ReadingLocale } from "@agensium/shared";
import type { Agent, AgentContext, Dataset } from "../engine/types.js";
import { profileColumn } from "./unified-profiler/column-profile.js";
import { profileFindings } from "./unified-profiler/findings.js";
import { scanDataset } from "./unified-profiler/scan.js";

type Params = ProfileMyDataParameters["unified-profiler"];

export type ProfilerData = report.ProfilerData;

export async function profileDataset(
  dataset: Dataset,
  p: Params,
  hooks: { signal?: AbortSignal; progress?: (rows: number) => void; locale?: ReadingLocale | null } = {},
): Promise<ProfilerData> {
  const scan = await scanDataset(dataset, {
    exactDistinctLimit: p.exact_distinct_limit,
    nullMarkers: p.null_markers,
    locale: hooks.locale,
    signal: hooks.signal,
    progress: hooks.progress,
  });
  const columns = scan.columns.map((acc) => profileColumn(acc, { topValues: p.top_values, histogramBins: p.histogram_bins }));
  const numericColumn = (i: number) => columns[i].inferred_type === "integer" || columns[i].inferred_type === "float";
  const correlations = scan.correlations
    .filter((pair) => numericColumn(pair.a) && numericColumn(pair.b) && Number.isFinite(pair.moment.correlation))
    .map((pair) => ({
      column_a: columns[pair.a].name,
      column_b: columns[pair.b].name,
      pearson: pair.moment.correlation,
      n: pair.moment.n,
    }));
  return {
    dataset: {
      rows: scan.rows,
      columns: columns.length,
      duplicate_rows: scan.duplicateRows,
      duplicate_rows_exact: scan.duplicateRowsExact,
      correlations,
    },
    columns,
  };
}

/** The profile from an earlier unified-profiler in this run, or a fresh one. */
export async function profileFrom(ctx: AgentContext<unknown>, p: Params): Promise<ProfilerData> {
  const earlier = ctx.previous.get("unified-profiler");
  if (earlier?.status === "success" && earlier.data) return earlier.data as ProfilerData;
  return profileDataset(ctx.primary, p, { signal: ctx.signal, locale: ctx.locale, progress: (rows) => ctx.progress(rows, "scanning") });
}

export const unifiedProfiler: Agent<Params, ProfilerData> = {
  id: "unified-profiler",
  async run(ctx) {
    const data = await profileDataset(ctx.primary, ctx.parameters, {
      signal: ctx.signal,
      locale: ctx.locale,
      progress: (rows) => ctx.progress(rows, "scanning"),
    });
    const findings = profileFindings(data.dataset, data.columns, ctx.parameters);
    return { ...findings, data };
  },
};
