/**
 * cleanse-writeback: the final cleaned file as cleaned.csv (and cleaned.xlsx when asked), and
 * recipe.json: the ordered, replayable list of operations every earlier cleaning agent applied,
 * with their parameters and counts, so the same cleaning can run again on the next file.
 */
import type * as report from "@agensium/shared";
import type { CleaningStepData, CleanMyDataParameters, RecipeOperation } from "@agensium/shared";
import type { Agent, AgentFile } from "../../engine/types.js";
import { CleanedCsvFollowing } from "./cleaned-csv-following.js";
import { cleanedXlsx } from "./cleaned-xlsx.js";
import { sourceRowColumn, startedDatasetCsv } from "./csv-output.js";
import { knownRows, originOf } from "./derived-dataset.js";

type Params = CleanMyDataParameters["cleanse-writeback"];

const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export type Recipe = report.Recipe;

export type WritebackData = report.WritebackData;

function isCleaningStep(data: unknown): data is CleaningStepData {
  return typeof data === "object" && data !== null && Array.isArray((data as CleaningStepData).operations);
}

export const cleanseWriteback: Agent<Params, WritebackData> = {
  id: "cleanse-writeback",
  // cleaned.csv written on another core while the agent ahead still writes the cleaned rows.
  follow: (input) => CleanedCsvFollowing.start(input),
  async run(ctx) {
    const { primary } = ctx;
    // A spilled or derived dataset knows its rows; reading every batch only to count them was a
    // whole pass over the cleaned file before it is written.
    let rows = knownRows(primary);
    if (rows < 0) {
      rows = 0;
      for await (const { batch } of primary.batches(ctx.signal)) rows += batch.numRows;
    }
    ctx.progress(rows, "writing");
    const operations: RecipeOperation[] = [];
    for (const output of ctx.previous.values()) {
      if (output.status === "success" && isCleaningStep(output.data)) operations.push(...output.data.operations);
    }
    const recipe: Recipe = {
      recipe_version: 1,
      tool_id: ctx.toolId,
      input_columns: originOf(primary).columns,
      output_columns: primary.columns,
      steps: operations.map((op, index) => ({ step: index + 1, ...op })),
    };
    const files: AgentFile[] = [
      {
        fileName: "cleaned.csv",
        kind: "data",
        contentType: "text/csv",
        // Written from now on, while the previewer and the reports run (csv-threads.ts), or
        // already being written since the agent ahead began writing these rows.
        chunks:
          (ctx.followed instanceof CleanedCsvFollowing ? ctx.followed.take(primary, ctx.signal) : null) ??
          startedDatasetCsv(primary, ctx.signal, { sourceRow: sourceRowColumn(primary.columns) }),
      },
      {
        fileName: "recipe.json",
        kind: "recipe",
        contentType: "application/json",
        async *chunks() {
          yield new TextEncoder().encode(JSON.stringify(recipe, null, 2));
        },
      },
    ];
    if (ctx.parameters.write_xlsx) {
      files.push({
        fileName: "cleaned.xlsx",
        kind: "data",
        contentType: XLSX_CONTENT_TYPE,
        chunks: () => cleanedXlsx(primary, ctx.signal),
      });
    }
    const changed = operations.reduce((n, op) => n + op.count, 0);
    return {
      alerts: [],
      issues: [],
      recommendations:
        operations.length > 0
          ? [
              {
                id: "recipe-reuse",
                priority: "low",
                action: "Keep recipe.json and run it on the next delivery of this file",
                rationale: `${operations.length} operations reproduce this cleaning`,
              },
            ]
          : [],
      row_level_issues: [],
      executive_summary: [
        {
          title: "Rows written",
          value: rows,
          status: "good",
          description: `cleaned.csv${ctx.parameters.write_xlsx ? " and cleaned.xlsx" : ""}, ${primary.columns.length} columns`,
        },
        { title: "Recipe steps", value: operations.length, status: "good", description: `${changed} rows or cells changed in all` },
      ],
      data: { rows_written: rows, columns: primary.columns, files: files.map((f) => f.fileName), recipe },
      files,
    };
  },
};
