/**
 * stewardship-flagger: stewardship_queue.csv, what a data steward should look at — clusters
 * joined by a weak match (minimum pair probability below low_score_threshold), clusters larger
 * than large_cluster_size or stopped by the size guard, clusters whose records disagree on a
 * field (other than row ids and dates, which differ by nature), and records missing key
 * fields — each with its reason and a priority.
 */
import type * as report from "@agensium/shared";
import type { Issue, MasterMyDataParameters, SummaryItem } from "@agensium/shared";
import type { Agent, AgentFile, Dataset } from "../../engine/types.js";
import { EngineError } from "../../engine/types.js";
import { resolutionFrom } from "./golden-record-builder.js";
import { GrowableInt32 } from "./growable.js";
import { attachedMasterIds } from "./handoff.js";
import { assignMasterIds, type MasterIds } from "./master-ids.js";
import type { Resolution } from "./resolve-entities.js";
import { csvChunks, isBlankCell, rowBatches } from "./rows.js";
import { mappingFrom } from "./semantic-mapper.js";
import { survivorsFrom } from "./survivorship-resolver.js";

type Params = MasterMyDataParameters["stewardship-flagger"];
type Priority = "high" | "medium" | "low";
type Reason = "low_match_score" | "large_cluster" | "size_guard" | "conflicting_values" | "missing_key_fields";

export type QueueEntry = report.QueueEntry;

export type StewardshipData = report.StewardshipData;

const PRIORITY_ORDER: Record<Priority, number> = { high: 0, medium: 1, low: 2 };
const PRIORITIES: Priority[] = ["high", "medium", "low"];
type ClusterReason = Exclude<Reason, "missing_key_fields">;
const CLUSTER_REASONS: ClusterReason[] = ["size_guard", "large_cluster", "low_match_score", "conflicting_values"];
/** A cluster entry's reason and priority in one number. */
const entryCodeOf = (reason: ClusterReason, priority: Priority) =>
  CLUSTER_REASONS.indexOf(reason) * PRIORITIES.length + PRIORITY_ORDER[priority];
const reasonOf = (code: number) => CLUSTER_REASONS[Math.floor(code / PRIORITIES.length)];
const priorityRank = (code: number) => code % PRIORITIES.length;
const QUEUE_COLUMNS = ["priority", "reason", "master_id", "cluster_size", "source_rows", "field", "detail"];
const SAMPLE_ENTRIES = 50;

function rowsOf(res: Resolution, c: number): number[] {
  return Array.from(res.members.subarray(res.clusterStart[c], res.clusterStart[c + 1]), (i) => res.sourceRow[i]);
}

/** Key fields missing from a record (by their place in keyIndexes), or null when the record is not to be flagged. */
function missingKeys(blank: (k: number) => boolean, keyIndexes: number[], explicit: boolean): number[] | null {
  const missing: number[] = [];
  for (let n = 0; n < keyIndexes.length; n++) if (blank(keyIndexes[n])) missing.push(n);
  if (missing.length === 0) return null;
  // Without explicit key fields, a record is flagged only when it has none of the blocking fields: it could not be matched at all.
  if (!explicit && missing.length < keyIndexes.length) return null;
  return missing;
}

async function* missingKeyEntries(
  dataset: Dataset,
  res: Resolution,
  ids: MasterIds,
  keyIndexes: number[],
  explicit: boolean,
): AsyncIterable<QueueEntry> {
  let index = 0;
  for await (const batch of rowBatches(dataset)) {
    for (let i = 0; i < batch.rows; i++, index++) {
      const missing = missingKeys((k) => isBlankCell(batch.cells[k], i), keyIndexes, explicit);
      if (!missing) continue;
      const c = res.clusterOf[index];
      yield {
        priority: missing.length === keyIndexes.length ? "medium" : "low",
        reason: "missing_key_fields",
        master_id: ids.ofCluster.get(c),
        cluster_size: res.clusterSize[c],
        source_rows: [batch.firstRow + i],
        field: missing.map((n) => dataset.columns[keyIndexes[n]]).join(";"),
        detail: `Record lacks ${missing.length} of ${keyIndexes.length} key field(s)`,
      };
    }
  }
}

function line(e: QueueEntry): unknown[] {
  return [e.priority, e.reason, e.master_id, e.cluster_size, e.source_rows.join(";"), e.field, e.detail];
}

export const stewardshipFlagger: Agent<Params, StewardshipData> = {
  id: "stewardship-flagger",
  async run(ctx) {
    const p = ctx.parameters;
    const dataset = ctx.primary;
    const res = await resolutionFrom(ctx);
    const survived = await survivorsFrom(ctx);
    const ids =
      attachedMasterIds(ctx.previous.get("master-writeback-agent")) ?? (await assignMasterIds(res, survived, "M", undefined, ctx.signal));
    for (const field of p.key_fields ?? []) {
      if (!dataset.columns.includes(field)) throw new EngineError("PARAMETERS_INVALID", `Key field "${field}" is not in the file`);
    }
    const explicit = p.key_fields !== undefined;
    const keyFields = p.key_fields ?? [...new Set(res.blocking.flatMap((b) => b.columns))];
    const keyIndexes = keyFields.map((f) => dataset.columns.indexOf(f));

    // Row ids and dates differ between the records of one entity by nature; a steward needs to see the rest.
    const mapping = await mappingFrom(ctx);
    const expectedToDiffer = new Set(
      mapping.flatMap((m, k) => ((m.semantic_type === "id" && m.distinct_share >= 0.98) || m.semantic_type === "date" ? [k] : [])),
    );
    // Each cluster's entries as codes in typed arrays, made into queue lines only when written:
    // an object per entry held ~250 bytes for every flagged cluster until the queue was written.
    const entryCluster = new GrowableInt32();
    const entryCode = new GrowableInt32();
    const conflictsOf = (c: number) => survived.byCluster.conflictsOf(c).filter((k) => !expectedToDiffer.has(k));
    const flag = (c: number, reason: ClusterReason, priority: Priority) => {
      entryCluster.push(c);
      entryCode.push(entryCodeOf(reason, priority));
    };
    for (let c = 0; c < res.clusters; c++) {
      const size = res.clusterSize[c];
      if (size < 2) continue;
      if (res.clusterGuarded[c]) flag(c, "size_guard", "high");
      if (size > p.large_cluster_size) flag(c, "large_cluster", "high");
      if (res.clusterMinScore[c] < p.low_score_threshold) flag(c, "low_match_score", "medium");
      const conflicts = conflictsOf(c).length;
      if (conflicts > 0) flag(c, "conflicting_values", conflicts >= 3 ? "medium" : "low");
    }
    const clusters = entryCluster.toArray();
    const codes = entryCode.toArray();
    const firstRow = (c: number) => res.sourceRow[res.members[res.clusterStart[c]]];
    // By priority, then first source row, then the order they were found in (what a stable sort of the entries gave).
    const order = Int32Array.from(clusters, (_, k) => k).sort(
      (x, y) => priorityRank(codes[x]) - priorityRank(codes[y]) || firstRow(clusters[x]) - firstRow(clusters[y]) || x - y,
    );
    /** Entry k's reason, priority, field and detail: the parts not read straight off its cluster. */
    const describe = (k: number): [ClusterReason, Priority, string, string] => {
      const c = clusters[k];
      const reason = reasonOf(codes[k]);
      const priority = PRIORITIES[priorityRank(codes[k])];
      switch (reason) {
        case "size_guard":
          return [reason, priority, "", "More records matched this entity than the cluster-size guard allows; some were kept apart"];
        case "large_cluster":
          return [reason, priority, "", `${res.clusterSize[c]} records in one entity (more than ${p.large_cluster_size})`];
        case "low_match_score":
          return [
            reason,
            priority,
            "",
            `Weakest match in the entity has probability ${res.clusterMinScore[c].toFixed(4)} (below ${p.low_score_threshold})`,
          ];
        default: {
          const fields = conflictsOf(c).map((f) => dataset.columns[f]);
          return [reason, priority, fields.join(";"), `Records disagree on ${fields.join(", ")}`];
        }
      }
    };
    const clusterEntry = (k: number): QueueEntry => {
      const c = clusters[k];
      const [reason, priority, field, detail] = describe(k);
      // The key order report.json has always had for a cluster's entry.
      return {
        master_id: ids.ofCluster.get(c),
        cluster_size: res.clusterSize[c],
        source_rows: rowsOf(res, c),
        field,
        priority,
        reason,
        detail,
      };
    };
    // The queue's lines straight from the codes: an entry object per line, made and dropped by the
    // hundred thousand, was old-generation garbage that raised the run's peak by ~200 MiB at 2M records.
    const clusterLine = (k: number): unknown[] => {
      const c = clusters[k];
      const [reason, priority, field, detail] = describe(k);
      return [priority, reason, ids.ofCluster.get(c), res.clusterSize[c], rowsOf(res, c).join(";"), field, detail];
    };

    const byReason: Record<Reason, number> = {
      low_match_score: 0,
      large_cluster: 0,
      size_guard: 0,
      conflicting_values: 0,
      missing_key_fields: 0,
    };
    for (const code of codes) byReason[reasonOf(code)]++;
    const sample = Array.from(order.subarray(0, SAMPLE_ENTRIES), clusterEntry);
    if (keyIndexes.length > 0) {
      for await (const e of missingKeyEntries(dataset, res, ids, keyIndexes, explicit)) {
        byReason.missing_key_fields++;
        if (sample.length < SAMPLE_ENTRIES) sample.push(e);
      }
    }
    const queueLength = order.length + byReason.missing_key_fields;

    async function* queueRows(): AsyncIterable<unknown[]> {
      for (const k of order) yield clusterLine(k);
      if (keyIndexes.length > 0) for await (const e of missingKeyEntries(dataset, res, ids, keyIndexes, explicit)) yield line(e);
    }
    const files: AgentFile[] = [
      { fileName: "stewardship_queue.csv", kind: "data", contentType: "text/csv", chunks: () => csvChunks(QUEUE_COLUMNS, queueRows()) },
    ];
    const issues: Issue[] = (Object.entries(byReason) as [Reason, number][])
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => ({
        id: `stewardship-${reason}`,
        type: reason,
        severity: reason === "size_guard" || reason === "large_cluster" ? "high" : reason === "low_match_score" ? "medium" : "low",
        count: n,
        description: `${n} stewardship item(s): ${reason.replaceAll("_", " ")}`,
      }));
    let high = 0;
    for (const code of codes) if (priorityRank(code) === PRIORITY_ORDER.high) high++;
    const summary: SummaryItem[] = [
      {
        title: "Stewardship queue",
        value: queueLength,
        status: high > 0 ? "critical" : queueLength > 0 ? "warning" : "good",
        description: `${high} high-priority item(s) need a steward's review`,
      },
    ];
    return {
      alerts: [],
      issues,
      recommendations: [],
      row_level_issues: [],
      executive_summary: summary,
      data: { queue_length: queueLength, by_reason: byReason, key_fields: keyFields, sample },
      files,
    };
  },
};
