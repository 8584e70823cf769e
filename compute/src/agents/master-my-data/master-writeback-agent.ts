/**
 * master-writeback-agent: golden_records.csv (one row per entity: its surviving values under a
 * stable master id, with the file and rows it came from) and crosswalk.csv (master id ↔ every
 * source row, with the row's match probability and the fields it gave the golden record).
 * Both files stream from the input when they are written; only the clusters stay in memory.
 */
import type * as report from "@agensium/shared";
import type { Alert, MasterMyDataParameters, SummaryItem } from "@agensium/shared";
import type { Agent, AgentFile, Dataset } from "../../engine/types.js";
import { CsvBytes, fieldBytes } from "./csv-bytes.js";
import { resolutionFrom } from "./golden-record-builder.js";
import { attachMasterIds } from "./handoff.js";
import { assignMasterIds, MASTER_ID_COLUMN, type MasterIds } from "./master-ids.js";
import type { Resolution } from "./resolve-entities.js";
import { isBlankCell, rowBatches, sourceLabel } from "./rows.js";
import { survivorsFrom } from "./survivorship-resolver.js";
import type { SurvivedClusters } from "./survivorship-rules.js";

type Params = MasterMyDataParameters["master-writeback-agent"];

export type MasterWritebackData = report.MasterWritebackData;

const SAMPLE_RECORDS = 20;
const CROSSWALK_COLUMNS = [MASTER_ID_COLUMN, "source_file", "source_row", "match_probability", "survived_fields"];

function sourceRowsOf(res: Resolution, cluster: number): number[] {
  return Array.from(res.members.subarray(res.clusterStart[cluster], res.clusterStart[cluster + 1]), (i) => res.sourceRow[i]);
}

/** golden_records.csv: an entity is written once, where its first record is; a lone record's cells are copied as bytes. */
async function* goldenChunks(
  dataset: Dataset,
  header: string[],
  res: Resolution,
  survived: SurvivedClusters,
  ids: MasterIds,
): AsyncIterable<Uint8Array> {
  const out = new CsvBytes();
  for (const name of header) out.field(name);
  out.endLine();
  const label = fieldBytes(sourceLabel(dataset));
  let index = 0;
  for await (const batch of rowBatches(dataset)) {
    for (let i = 0; i < batch.rows; i++, index++) {
      const c = res.clusterOf[index];
      if (res.members[res.clusterStart[c]] !== index) continue;
      out.field(ids.ofCluster.get(c));
      const golden = survived.byCluster.get(c);
      if (golden) for (const value of golden.values) out.field(value);
      else for (const cells of batch.cells) out.cell(cells, i);
      out.raw(label);
      const start = res.clusterStart[c];
      const end = res.clusterStart[c + 1];
      if (end - start === 1) out.field(res.sourceRow[res.members[start]]);
      else out.field(sourceRowsOf(res, c).join(";"));
      out.field(end - start);
      const chunk = out.endLine();
      if (chunk) yield chunk;
    }
  }
  if (out.pending > 0) yield out.take();
}

/** Most files have few columns: the survived_fields of a row are cached by the bit set of its columns. */
const MASKED_COLUMNS = 30;

async function* crosswalkChunks(dataset: Dataset, res: Resolution, survived: SurvivedClusters, ids: MasterIds): AsyncIterable<Uint8Array> {
  const out = new CsvBytes();
  for (const name of CROSSWALK_COLUMNS) out.field(name);
  out.endLine();
  const label = fieldBytes(sourceLabel(dataset));
  const columns = dataset.columns;
  const fieldsOfMask = new Map<number, Uint8Array>();
  const survivedFields = (has: (k: number) => boolean) => {
    if (columns.length > MASKED_COLUMNS) return fieldBytes(columns.filter((_, k) => has(k)).join(";"));
    let mask = 0;
    for (let k = 0; k < columns.length; k++) if (has(k)) mask |= 1 << k;
    let bytes = fieldsOfMask.get(mask);
    if (!bytes) {
      bytes = fieldBytes(columns.filter((_, k) => (mask & (1 << k)) !== 0).join(";"));
      fieldsOfMask.set(mask, bytes);
    }
    return bytes;
  };
  const table = survived.byCluster;
  let index = 0;
  for await (const batch of rowBatches(dataset)) {
    for (let i = 0; i < batch.rows; i++, index++) {
      const c = res.clusterOf[index];
      const row = batch.firstRow + i;
      const golden = table.hasEntry(c);
      out.field(ids.ofCluster.get(c));
      out.raw(label);
      out.field(row);
      out.field(res.clusterSize[c] > 1 ? Math.round(res.bestScore[index] * 10_000) / 10_000 : "");
      out.raw(survivedFields(golden ? (k) => table.sourceRowOf(c, k) === row : (k) => !isBlankCell(batch.cells[k], i)));
      const chunk = out.endLine();
      if (chunk) yield chunk;
    }
  }
  if (out.pending > 0) yield out.take();
}

export const masterWritebackAgent: Agent<Params, MasterWritebackData> = {
  id: "master-writeback-agent",
  async run(ctx) {
    const res = await resolutionFrom(ctx);
    const survived = await survivorsFrom(ctx);
    const ids = await assignMasterIds(res, survived, ctx.parameters.id_prefix, ctx.baseline, ctx.signal);
    // A primary that is itself a golden file keeps its old ids as previous_master_id.
    const header = [
      MASTER_ID_COLUMN,
      ...ctx.primary.columns.map((c) => (c === MASTER_ID_COLUMN ? `previous_${c}` : c)),
      "source_file",
      "source_rows",
      "record_count",
    ];
    const sample: MasterWritebackData["sample"] = [];
    for (let c = 0; c < res.clusters && sample.length < SAMPLE_RECORDS; c++)
      sample.push({ master_id: ids.ofCluster.get(c), source_rows: sourceRowsOf(res, c) });
    let merged = 0;
    for (let c = 0; c < res.clusters; c++) if (res.clusterSize[c] > 1) merged++;
    const data: MasterWritebackData = {
      golden_records: res.clusters,
      merged_entities: merged,
      source_records: res.rows,
      ids_reused_from_baseline: ids.reusedFromBaseline,
      baseline_records: ids.baselineRecords,
      new_ids: res.clusters - ids.reusedFromBaseline,
      golden_columns: header,
      crosswalk_columns: CROSSWALK_COLUMNS,
      sample,
    };
    attachMasterIds(data, ids);
    const dataset = ctx.primary;
    const files: AgentFile[] = [
      {
        fileName: "golden_records.csv",
        kind: "data",
        contentType: "text/csv",
        chunks: () => goldenChunks(dataset, header, res, survived, ids),
      },
      {
        fileName: "crosswalk.csv",
        kind: "data",
        contentType: "text/csv",
        chunks: () => crosswalkChunks(dataset, res, survived, ids),
      },
    ];
    const alerts: Alert[] = [];
    if (ids.baselineWithoutIds) {
      alerts.push({
        id: "writeback-baseline-no-ids",
        severity: "medium",
        category: "master_ids",
        message: `The baseline file has no ${MASTER_ID_COLUMN} column, so no previous master id could be kept`,
      });
    }
    const summary: SummaryItem[] = [
      {
        title: "Golden records",
        value: res.clusters,
        status: "good",
        description: `${res.rows} source records written as ${res.clusters} golden records`,
      },
      {
        title: "Master ids kept",
        value: ids.reusedFromBaseline,
        status: ctx.baseline && ids.reusedFromBaseline === 0 ? "warning" : "good",
        description: ctx.baseline
          ? `Ids carried over from the ${ids.baselineRecords} golden records of the baseline`
          : "No previous golden file was given",
      },
    ];
    return { alerts, issues: [], recommendations: [], row_level_issues: [], executive_summary: summary, data, files };
  },
};
