/**
 * lineage-tracer: where every output of the master tool comes from. A pass over the input
 * records its rows (first and last row number, gaps the reader left), its columns and a
 * fingerprint per column, so an output can be checked against the exact input it came from.
 * lineage.json then gives the column-level lineage of each output file (output column ←
 * input columns + transformation), with the canonical names semantic-mapper found and the
 * contract checks contract-enforcer applied. Row-level lineage is in the outputs themselves:
 * golden records carry source_file and source_rows, the crosswalk one row per source row.
 */
import type * as report from "@agensium/shared";
import type { MasterMyDataParameters, SummaryItem } from "@agensium/shared";
import type { Agent, AgentFile } from "../../engine/types.js";
import { combineHash } from "../../stats/hash.js";
import { isNullCell } from "../../stats/utf8-column.js";
import type { ColumnMapping } from "./column-mapping.js";
import type { ContractEnforcerData } from "./contract-enforcer.js";
import { MASTER_ID_COLUMN } from "./master-ids.js";
import { cellHash, isBlankCell, rowBatches, sourceLabel } from "./rows.js";
import type { SemanticMapperData } from "./semantic-mapper.js";

type Params = MasterMyDataParameters["lineage-tracer"];

export type ColumnLineage = report.ColumnLineage;

export type SourceLineage = report.SourceLineage;

export type LineageData = report.LineageData;

export const lineageTracer: Agent<Params, LineageData> = {
  id: "lineage-tracer",
  async run(ctx) {
    const dataset = ctx.primary;
    const file = sourceLabel(dataset);
    const fingerprints = dataset.columns.map(() => 0x3c6ef372);
    const nonBlank = new Float64Array(dataset.columns.length);
    let rows = 0;
    let firstRow: number | null = null;
    let lastRow: number | null = null;
    let missingRows = 0;
    for await (const batch of rowBatches(dataset, ctx.signal)) {
      if (firstRow === null) firstRow = batch.firstRow;
      if (lastRow !== null && batch.firstRow > lastRow + 1) missingRows += batch.firstRow - lastRow - 1;
      for (let c = 0; c < dataset.columns.length; c++) {
        const cells = batch.cells[c];
        let h = fingerprints[c];
        for (let i = 0; i < batch.rows; i++) {
          if (!isBlankCell(cells, i)) nonBlank[c]++;
          h = combineHash(h, isNullCell(cells, i) ? 0x1f3d5b79 : cellHash(cells, i));
        }
        fingerprints[c] = h;
      }
      rows += batch.rows;
      lastRow = batch.firstRow + batch.rows - 1;
      ctx.progress(rows, "tracing");
    }
    const source: SourceLineage = {
      file,
      role: dataset.role,
      format: dataset.format,
      rows,
      first_row: firstRow,
      last_row: lastRow,
      missing_rows: missingRows,
      columns: dataset.columns.map((name, c) => ({ name, non_blank: nonBlank[c], fingerprint: fingerprints[c].toString(16) })),
    };

    const mapper = ctx.previous.get("semantic-mapper");
    const mapping = mapper?.status === "success" ? (mapper.data as SemanticMapperData).columns : [];
    const enforcer = ctx.previous.get("contract-enforcer");
    const contractChecks = enforcer?.status === "success" ? (enforcer.data as ContractEnforcerData).checks : [];
    const meaning = (column: string): Partial<ColumnLineage> => {
      const m: ColumnMapping | undefined = mapping.find((x) => x.column === column);
      const checks = contractChecks.filter((c) => c.column === column).map((c) => `${c.check}: ${c.status}`);
      return {
        ...(m ? { canonical_name: m.canonical_name, semantic_type: m.semantic_type } : {}),
        ...(checks.length > 0 ? { contract_checks: checks } : {}),
      };
    };
    const all = dataset.columns.map((column) => ({ file, column }));
    const columns: ColumnLineage[] = [
      {
        output_file: "golden_records.csv",
        column: MASTER_ID_COLUMN,
        inputs: all,
        transformation: "Stable id of the entity: from the hash of its smallest normalised record, or kept from the baseline golden file",
      },
      ...dataset.columns.map((column) => ({
        output_file: "golden_records.csv",
        column: column === MASTER_ID_COLUMN ? `previous_${column}` : column,
        inputs: [{ file, column }],
        transformation:
          "Surviving value among the entity's records under the survivorship rule of this column; crosswalk.csv names the row that gave it",
        ...meaning(column),
      })),
      { output_file: "golden_records.csv", column: "source_file", inputs: [], transformation: `The input file: ${file}` },
      {
        output_file: "golden_records.csv",
        column: "source_rows",
        inputs: [],
        transformation: "Row numbers in the input of the entity's records",
      },
      { output_file: "golden_records.csv", column: "record_count", inputs: [], transformation: "Number of input records in the entity" },
      { output_file: "crosswalk.csv", column: MASTER_ID_COLUMN, inputs: all, transformation: "The entity the input row was resolved to" },
      { output_file: "crosswalk.csv", column: "source_file", inputs: [], transformation: `The input file: ${file}` },
      { output_file: "crosswalk.csv", column: "source_row", inputs: [], transformation: "Row number in the input" },
      {
        output_file: "crosswalk.csv",
        column: "match_probability",
        inputs: all,
        transformation: "Best Fellegi-Sunter match probability with another record of the entity",
      },
      {
        output_file: "crosswalk.csv",
        column: "survived_fields",
        inputs: all,
        transformation: "Columns whose golden value came from this row",
      },
    ];
    const rowLineage = {
      "golden_records.csv": "source_file and source_rows: every golden record lists the input rows of its entity",
      "crosswalk.csv": "source_file and source_row: one line per input row, with its master_id",
      "stewardship_queue.csv": "source_rows: the input rows each item concerns",
      "row_issues.csv": "row: the input row of each issue",
    };
    const data: LineageData = { sources: [source], row_lineage: rowLineage, columns };
    const files: AgentFile[] = [
      {
        fileName: "lineage.json",
        kind: "lineage",
        contentType: "application/json",
        async *chunks() {
          yield new TextEncoder().encode(JSON.stringify(data, null, 2));
        },
      },
    ];
    const summary: SummaryItem[] = [
      {
        title: "Traced rows",
        value: rows,
        status: missingRows > 0 ? "warning" : "good",
        description:
          missingRows > 0
            ? `${missingRows} row number(s) of the file were not read (malformed rows)`
            : `Rows ${firstRow ?? 0}–${lastRow ?? 0} of ${file}, each traceable in the outputs`,
      },
    ];
    return { alerts: [], issues: [], recommendations: [], row_level_issues: [], executive_summary: summary, data, files };
  },
};
