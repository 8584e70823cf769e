/**
 * master-my-data: how records resolved into entities (cluster-size histogram, golden-record
 * counts), which value survived for each field and from which row, the stewardship queue, and
 * the column mapping the matching relied on. Values are masked where they are personal.
 */
import type { GoldenRecordData } from "../../../agents/master-my-data/golden-record-builder.js";
import type { MasterWritebackData } from "../../../agents/master-my-data/master-writeback-agent.js";
import type { SemanticMapperData } from "../../../agents/master-my-data/semantic-mapper.js";
import type { StewardshipData } from "../../../agents/master-my-data/stewardship-flagger.js";
import type { SurvivorshipData } from "../../../agents/master-my-data/survivorship-resolver.js";
import { formatCount, formatNumber, formatShare, humanize } from "../format.js";
import { html } from "../html.js";
import { successData } from "../report-data.js";
import { type Bar, barList } from "../svg-charts.js";
import { countWithShare, type SectionWriter, shownOf, table, tile } from "./common.js";

/** Past this many distinct sizes the histogram groups them into ranges. */
const EXACT_SIZES = 15;
const SIZE_RANGES: [number, number][] = [
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 5],
  [6, 10],
  [11, 20],
  [21, 50],
  [51, 100],
  [101, Number.POSITIVE_INFINITY],
];
const SURVIVOR_CLUSTERS = 10;
const QUEUE_ROWS = 25;

export function clusterSizeBars(sizes: { size: number; clusters: number }[]): Bar[] {
  const label = (lo: number, hi: number) =>
    lo === hi ? `${lo} record${lo === 1 ? "" : "s"}` : Number.isFinite(hi) ? `${lo}–${hi} records` : `${lo}+ records`;
  if (sizes.length <= EXACT_SIZES) return sizes.map((s) => ({ label: label(s.size, s.size), count: s.clusters }));
  return SIZE_RANGES.map(([lo, hi]) => ({
    label: label(lo, hi),
    count: sizes.filter((s) => s.size >= lo && s.size <= hi).reduce((n, s) => n + s.clusters, 0),
  })).filter((b) => b.count > 0);
}

export const entitiesSection: SectionWriter = ({ report }) => {
  const golden = successData<GoldenRecordData>(report, "golden-record-builder");
  const writeback = successData<MasterWritebackData>(report, "master-writeback-agent");
  if (!golden && !writeback) return null;
  const parts = [];
  if (golden) {
    parts.push(
      html`<div class="tiles">${tile("Records", formatCount(golden.rows))}${tile("Entities", formatCount(golden.clusters))}${tile("Entities with duplicates", formatCount(golden.multi_record_clusters), golden.multi_record_clusters > 0 ? "warning" : "good")}${tile("Largest entity", `${formatCount(golden.largest_cluster)} records`)}${tile("Pairs compared", `${formatCount(golden.compared_pairs)} of ${formatCount(golden.all_pairs)}`)}</div>`,
    );
    if (golden.cluster_sizes)
      parts.push(
        html`<h3>Records per entity</h3><div class="cluster-sizes">${barList(clusterSizeBars(golden.cluster_sizes), "Cluster-size histogram", golden.clusters)}</div>`,
      );
    parts.push(html`<p class="muted">Match threshold ${formatNumber(golden.match_threshold)}; ${formatCount(golden.matched_pairs)} pairs matched, ${formatCount(golden.refused_merges)} merges refused, ${formatCount(golden.unblocked_rows)} rows shared no blocking key.</p>
<h3>Compared fields</h3>${table(
      ["Column", "Compared as"],
      golden.compared_fields.map((f) => [f.column, humanize(f.comparison)]),
    )}
<h3>Blocking</h3>${table(
      ["Key", "Rows keyed", "Blocks", "Largest block", "Pairs compared"],
      golden.blocking.map((b) => [b.columns.join(" + "), b.keyed_rows, b.blocks, b.largest_block, b.compared_pairs]),
    )}`);
  }
  if (writeback) {
    parts.push(
      html`<h3>Golden records</h3><div class="tiles">${tile("Golden records", formatCount(writeback.golden_records))}${tile("Source records", formatCount(writeback.source_records))}${tile("Merged entities", formatCount(writeback.merged_entities))}${tile("Master ids kept", formatCount(writeback.ids_reused_from_baseline))}${tile("New master ids", formatCount(writeback.new_ids))}</div>`,
    );
  }
  return { id: "entities", title: "Entities and golden records", body: html`${parts}` };
};

export const survivorshipSection: SectionWriter = ({ report, masker }) => {
  const data = successData<SurvivorshipData>(report, "survivorship-resolver");
  if (!data) return null;
  const fields = Object.keys(data.rules);
  const sample = data.sample.slice(0, SURVIVOR_CLUSTERS);
  return {
    id: "survivorship",
    title: "Survivorship",
    body: html`<div class="tiles">${tile("Clusters resolved", formatCount(data.clusters_resolved))}${tile("Clusters with conflicts", countWithShare(data.clusters_with_conflicts, data.clusters_resolved), data.clusters_with_conflicts > 0 ? "warning" : "good")}</div>
${table(
  ["Field", "Rule", "Clusters in conflict"],
  fields.map((f) => [f, humanize(data.rules[f]), data.conflicts_by_field[f] ?? 0]),
)}
<h3>Decisions in the first clusters</h3>
${table(
  ["Cluster", ...fields],
  sample.map((s) => [
    formatCount(s.cluster),
    ...fields.map((f) => {
      const v = s.fields[f];
      return v
        ? `${v.value === null ? "(none)" : masker.show(f, v.value)}${v.source_row === null ? "" : ` ← row ${formatCount(v.source_row)}`}`
        : "–";
    }),
  ]),
)}${shownOf(sample.length, data.clusters_resolved, "golden_records.csv")}`,
  };
};

export const stewardshipSection: SectionWriter = ({ report }) => {
  const data = successData<StewardshipData>(report, "stewardship-flagger");
  if (!data) return null;
  const sample = data.sample.slice(0, QUEUE_ROWS);
  return {
    id: "stewardship",
    title: "Stewardship queue",
    body: html`<div class="tiles">${tile("Items to review", formatCount(data.queue_length), data.queue_length > 0 ? "warning" : "good")}</div>
${table(
  ["Reason", "Items"],
  Object.entries(data.by_reason).map(([r, n]) => [humanize(r), n]),
)}
${
  sample.length > 0
    ? table(
        ["Priority", "Reason", "Master id", "Records", "Fields", "Detail"],
        sample.map((q) => [q.priority, humanize(q.reason), q.master_id, q.cluster_size, q.field.split(";").join(", "), q.detail]),
      )
    : ""
}
${shownOf(sample.length, data.queue_length, "stewardship_queue.csv")}`,
  };
};

export const mappingSection: SectionWriter = ({ report }) => {
  const data = successData<SemanticMapperData>(report, "semantic-mapper");
  if (!data) return null;
  return {
    id: "mapping",
    title: "Column mapping",
    body: html`${table(
      ["Column", "Business meaning", "Canonical name", "Confidence"],
      data.columns.map((c) => [
        c.column,
        c.semantic_type ? humanize(c.semantic_type) : "not mapped",
        c.canonical_name ?? "–",
        formatShare(c.confidence),
      ]),
    )}${data.unmapped_columns.length > 0 ? html`<p class="muted">Not mapped: ${data.unmapped_columns.join(", ")}</p>` : ""}`,
  };
};
