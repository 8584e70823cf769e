/**
 * duplicate-resolver: exact duplicates on the whole row or on key columns are removed, keeping
 * the first or the last occurrence. Fuzzy duplicates on chosen columns (OpenRefine fingerprint
 * collision, then Levenshtein radius 1 over n-gram blocks) are reported as clusters and merged
 * into one row only when asked. Pass one maps each row key to the row that survives and gathers
 * the distinct fuzzy values; the clustering runs on those values; the last pass writes.
 */
import type * as report from "@agensium/shared";
import type { Alert, CleanMyDataParameters, RecipeOperation } from "@agensium/shared";
import { worthFollowing } from "../../engine/column-threads.js";
import { type Agent, type Dataset, EngineError, scanBatches } from "../../engine/types.js";
import { DerivedDatasetWriter, knownRows, rowNumberOf } from "./derived-dataset.js";
import { clusterNonEmpty, FUZZY_VALUE_LIMIT, fuzzyValue, summarizeClusters } from "./duplicate-keys.js";
import { operation, percent, RowIssueLog } from "./findings.js";
import { NullMarkers } from "./null-markers.js";
import { columnsOf, keptRows } from "./row-batch.js";
import { RowKeyFollowing } from "./row-key-following.js";
import { duplicateRows, RowKeyScan } from "./row-key-scan.js";

type Params = CleanMyDataParameters["duplicate-resolver"];

export type DuplicateData = report.DuplicateData;

/** Rows the dataset says it holds (a spilled or derived one knows), to size the key table once. */
function expectedRows(dataset: Dataset): number {
  const rows = knownRows(dataset);
  return rows > 0 ? rows : 1 << 16;
}

export const duplicateResolver: Agent<Params, DuplicateData> = {
  id: "duplicate-resolver",
  // The row keys are hashed on another thread as the agent ahead writes them (fuzzy values are
  // gathered in the same pass, so with fuzzy columns the agent makes the pass itself).
  follow(input) {
    const { parameters: p, handoff, inputRows, signal } = input;
    if (p.fuzzy_columns.length > 0 || !worthFollowing(input)) return undefined;
    const options = {
      keyColumns: p.key_columns ?? null,
      nullMarkers: p.null_markers,
      keepLast: p.keep === "last",
      expectedRows: inputRows ?? 1 << 16,
    };
    return new RowKeyFollowing(handoff, options, signal);
  },
  async run(ctx) {
    const { primary, parameters: p } = ctx;
    const columns = primary.columns;
    for (const name of [...(p.key_columns ?? []), ...p.fuzzy_columns]) {
      if (!columns.includes(name)) throw new EngineError("PARAMETERS_INVALID", `duplicate-resolver: the file has no column "${name}"`);
    }
    const keys = p.key_columns && p.key_columns.length > 0 ? p.key_columns.map((n) => columns.indexOf(n)) : columns.map((_, c) => c);
    const fuzzy = p.fuzzy_columns.map((n) => columns.indexOf(n));

    const markers = new NullMarkers(p.null_markers);
    // Pass 1: the surviving row of every key, the rows that lose to it, and the distinct fuzzy
    // values. The keys may already be done, by a worker that followed the agent ahead's writing.
    const keepLast = p.keep === "last";
    let found = ctx.followed instanceof RowKeyFollowing ? await ctx.followed.result(primary) : null;
    const fuzzyIndex = new Map<string, number>();
    const fuzzyValues: string[] = [];
    const fuzzyCounts: number[] = [];
    let fuzzySkipped = false;
    if (found === null) {
      const scan = new RowKeyScan({ keys, nullMarkers: p.null_markers, keepLast, expectedRows: expectedRows(primary) });
      for await (const data of scanBatches(primary, ctx.signal)) {
        const cells = columnsOf(data.batch, columns.length);
        scan.add(data, cells);
        for (let i = 0; i < data.batch.numRows && fuzzy.length > 0 && !fuzzySkipped; i++) {
          const value = fuzzyValue(cells, fuzzy, i, markers);
          const index = fuzzyIndex.get(value);
          if (index !== undefined) fuzzyCounts[index]++;
          else if (fuzzyValues.length >= FUZZY_VALUE_LIMIT) fuzzySkipped = true;
          else {
            fuzzyIndex.set(value, fuzzyValues.length);
            fuzzyValues.push(value);
            fuzzyCounts.push(1);
          }
        }
        ctx.progress(Math.floor(scan.found.rows / 3), "scanning");
      }
      found = scan.found;
    }
    const rowsIn = found.rows;
    const duplicateOf = duplicateRows(found);
    // Empty values never cluster: "" is one edit away from every one-letter value.
    const nonEmpty = fuzzyValues.map((v) => v.replaceAll("|", "").trim() !== "");
    const clusterOfIndex = new Int32Array(fuzzyValues.length).fill(-1);
    const clustering = fuzzySkipped || fuzzy.length === 0 ? null : clusterNonEmpty(fuzzyValues, nonEmpty, clusterOfIndex, p);
    const clusterOfValue = (value: string): number => {
      const index = fuzzyIndex.get(value);
      return index === undefined ? -1 : clusterOfIndex[index];
    };
    const clusterCount = clustering?.clusters ?? 0;

    // Pass 2: the rows each cluster holds after exact de-duplication, and the one kept when merging.
    const clusterRows: number[][] = Array.from({ length: clusterCount }, () => []);
    const clusterSize = new Int32Array(clusterCount);
    const chosen = new Float64Array(clusterCount).fill(-1);
    if (clusterCount > 0) {
      for await (const data of scanBatches(primary, ctx.signal)) {
        const cells = columnsOf(data.batch, columns.length);
        for (let i = 0; i < data.batch.numRows; i++) {
          const row = rowNumberOf(data, i);
          if (duplicateOf.has(row)) continue;
          const c = clusterOfValue(fuzzyValue(cells, fuzzy, i, markers));
          if (c < 0) continue;
          clusterSize[c]++;
          if (clusterRows[c].length < 20) clusterRows[c].push(row);
          if (p.keep === "last" || chosen[c] < 0) chosen[c] = row;
        }
      }
    }

    // Pass 3: write the survivors. When no row goes (the common case) the input itself is the
    // output, not a copy of it, and the pass runs only to flag fuzzy duplicates, if there are any.
    const fuzzyFlagged = clusterSize.some((n) => n > 1);
    const removesRows = duplicateOf.size > 0 || (p.merge_fuzzy && fuzzyFlagged);
    const writer = removesRows ? await DerivedDatasetWriter.open(ctx.spillDir, "duplicate-resolver", columns, primary, ctx.handoff) : null;
    const log = new RowIssueLog();
    let exactRemoved = 0;
    let fuzzyMerged = 0;
    let rowsDone = 0;
    try {
      for await (const data of removesRows || fuzzyFlagged ? scanBatches(primary, ctx.signal) : []) {
        const cells = columnsOf(data.batch, columns.length);
        // Rows are decided first and copied only when the batch loses some: most batches pass whole.
        const survives = new Uint8Array(data.batch.numRows);
        let survivors = 0;
        for (let i = 0; i < data.batch.numRows; i++) {
          const row = rowNumberOf(data, i);
          const kept = duplicateOf.get(row);
          if (kept !== undefined) {
            exactRemoved++;
            log.add({ row, issue_type: "exact_duplicate", value: null, message: `Removed: duplicate of row ${kept}`, severity: "low" });
            continue;
          }
          const c = clusterCount > 0 ? clusterOfValue(fuzzyValue(cells, fuzzy, i, markers)) : -1;
          if (c >= 0 && clusterSize[c] > 1) {
            const value = fuzzyValue(cells, fuzzy, i, markers);
            if (p.merge_fuzzy && chosen[c] !== row) {
              fuzzyMerged++;
              log.add({
                row,
                field: p.fuzzy_columns.join(", "),
                issue_type: "fuzzy_duplicate_merged",
                value,
                message: `Merged into row ${chosen[c]} (fuzzy cluster ${c + 1})`,
                severity: "low",
              });
              continue;
            }
            log.add({
              row,
              field: p.fuzzy_columns.join(", "),
              issue_type: "fuzzy_duplicate",
              value,
              message: `Possible duplicate: fuzzy cluster ${c + 1} of ${clusterSize[c]} rows`,
              severity: "medium",
            });
          }
          survives[i] = 1;
          survivors++;
        }
        // Only flagging when there is no writer: nothing to copy.
        if (writer !== null && survivors === data.batch.numRows) await writer.writeBatch(data);
        else if (writer !== null && survivors > 0) {
          const built = keptRows(data, columns, cells, survives, survivors);
          await writer.write(built.batch, built.rows);
        }
        rowsDone += data.batch.numRows;
        ctx.progress(Math.floor(((clusterCount > 0 ? 2 : 1) * rowsIn) / 3 + rowsDone / 3), "writing");
      }
    } catch (err) {
      await writer?.discard();
      throw err;
    }
    ctx.progress(rowsIn, "writing");
    const next = writer ? await writer.finish() : primary;
    const rowsOut = rowsIn - exactRemoved - fuzzyMerged;

    const clusters = clustering ? summarizeClusters(fuzzyValues, fuzzyCounts, clusterOfIndex, clusterSize, clusterRows) : [];
    const fuzzyClusterCount = Array.from(clusterSize).filter((n) => n > 1).length;
    const operations: RecipeOperation[] = [
      operation("duplicate-resolver", "remove_exact_duplicates", exactRemoved, { key_columns: keys.map((c) => columns[c]), keep: p.keep }),
    ];
    if (fuzzy.length > 0) {
      operations.push(
        operation(
          "duplicate-resolver",
          p.merge_fuzzy ? "merge_fuzzy_duplicates" : "flag_fuzzy_duplicates",
          p.merge_fuzzy ? fuzzyMerged : fuzzyClusterCount,
          {
            fuzzy_columns: p.fuzzy_columns,
            method: "fingerprint+levenshtein",
            radius: p.fuzzy_radius,
            ngram_size: p.ngram_size,
            keep: p.keep,
          },
        ),
      );
    }
    const alerts: Alert[] = [];
    if (fuzzySkipped) {
      alerts.push({
        id: "fuzzy-skipped",
        severity: "medium",
        category: "uniqueness",
        message: `Fuzzy matching skipped: more than ${FUZZY_VALUE_LIMIT} distinct values in ${p.fuzzy_columns.join(", ")}`,
      });
    }
    if ((clustering?.skippedBlocks ?? 0) > 0) {
      alerts.push({
        id: "fuzzy-blocks-skipped",
        severity: "info",
        category: "uniqueness",
        message: `${clustering?.skippedBlocks} very common n-gram blocks were not compared pairwise; fingerprint matches in them still count`,
      });
    }
    return {
      alerts,
      issues: [
        ...(exactRemoved > 0
          ? [
              {
                id: "exact-duplicates",
                type: "exact_duplicate",
                severity: "medium" as const,
                count: exactRemoved,
                description: `${exactRemoved} duplicate rows removed (keep ${p.keep})`,
              },
            ]
          : []),
        ...(fuzzyClusterCount > 0
          ? [
              {
                id: "fuzzy-duplicates",
                type: "fuzzy_duplicate",
                severity: "medium" as const,
                field: p.fuzzy_columns.join(", "),
                count: fuzzyClusterCount,
                description: `${fuzzyClusterCount} clusters of near-identical values`,
              },
            ]
          : []),
      ],
      recommendations:
        fuzzyClusterCount > 0 && !p.merge_fuzzy
          ? [
              {
                id: "fuzzy-review",
                priority: "medium",
                action: "Review the fuzzy clusters; set merge_fuzzy to keep one row per cluster",
                field: p.fuzzy_columns.join(", "),
                rationale: `${fuzzyClusterCount} clusters look like the same entity written differently`,
              },
            ]
          : [],
      row_level_issues: log.kept,
      executive_summary: [
        {
          title: "Exact duplicates removed",
          value: exactRemoved,
          status: exactRemoved === 0 ? "good" : "warning",
          description: `${percent(exactRemoved, rowsIn)} of ${rowsIn} rows`,
        },
        {
          title: "Fuzzy clusters",
          value: fuzzyClusterCount,
          status: fuzzyClusterCount === 0 ? "good" : "warning",
          description: p.merge_fuzzy ? `${fuzzyMerged} rows merged` : "Flagged for review",
        },
      ],
      data: {
        rows_in: rowsIn,
        rows_out: rowsOut,
        columns_out: columns,
        key_columns: keys.map((c) => columns[c]),
        exact_duplicates_removed: exactRemoved,
        fuzzy_clusters: clusters,
        fuzzy_cluster_count: fuzzyClusterCount,
        fuzzy_rows_merged: fuzzyMerged,
        fuzzy_skipped: fuzzySkipped,
        operations,
      },
      nextPrimary: next,
    };
  },
};
