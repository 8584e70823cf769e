import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgentOutput, masterMyDataParameters } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { mapColumns } from "../../../src/agents/master-my-data/column-mapping.js";
import { type GoldenRecordData, goldenRecordBuilder } from "../../../src/agents/master-my-data/golden-record-builder.js";
import { planMatching } from "../../../src/agents/master-my-data/match-plan.js";
import { resolveEntities } from "../../../src/agents/master-my-data/resolve-entities.js";
import { semanticMapper } from "../../../src/agents/master-my-data/semantic-mapper.js";
import { asOutput } from "../../support/run-agent.js";
import { CUSTOMER_COLUMNS, customers } from "./customers.js";
import { runMasterAgent } from "./run-master-agent.js";

async function clustersOf(data: GoldenRecordData): Promise<number[][]> {
  return data.sample_clusters.map((c) => c.rows);
}

describe("golden-record-builder on hand-made customers", () => {
  it("clusters the typo, case, format and shared-email duplicates and nothing else", async () => {
    const result = await runMasterAgent<GoldenRecordData>(goldenRecordBuilder, customers());
    const data = result.data;
    expect(await clustersOf(data)).toEqual([
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(data.rows).toBe(10);
    // 10 records: three merged groups (3 + 2 + 2 records) and three single records left.
    expect(data.clusters).toBe(6);
    expect(data.records_in_multi_record_clusters).toBe(7);
    expect(data.unblocked_rows).toBe(1);
    expect(data.compared_fields.map((f) => [f.column, f.comparison])).toEqual([
      ["first_name", "name"],
      ["last_name", "name"],
      ["email", "email"],
      ["phone", "phone"],
      ["zip", "postcode"],
      ["city", "text"],
    ]);
    expect(data.blocking.map((b) => b.columns)).toEqual([["email"], ["phone"], ["last_name", "zip"]]);
    // Blocks by hand: email {1,2,3} {4,5} → 3 + 1 pairs; phone {1,2} {6}… → 1 pair;
    // surname sound + zip {1,2} (SNAT 10001; Smiht is SNAT too → {1,2,3}) {4,5} {6,7} {8,9} → 3 + 1 + 1 + 1.
    expect(data.blocking.map((b) => b.pair_budget)).toEqual([4, 1, 6]);
    // Pairs compared once: the email rule's 4, then only {6,7} and {8,9} are new.
    expect(data.compared_pairs).toBe(6);
    // Each record after the first of its entity is reported against that first row.
    expect(result.row_level_issues.map((i) => [i.row, i.issue_type, i.message.split(" (")[0]])).toEqual([
      [2, "duplicate_record", "Same entity as row 1"],
      [3, "duplicate_record", "Same entity as row 1"],
      [5, "duplicate_record", "Same entity as row 4"],
      [7, "duplicate_record", "Same entity as row 6"],
    ]);
  });

  it("blocks on the user's keys, reading the columns as the semantic-mapper did", async () => {
    const mapped = await runMasterAgent(semanticMapper, customers(), { parameters: { glossary: { email: ["courriel"] } } });
    const previous = new Map<string, AgentOutput>([["semantic-mapper", asOutput("semantic-mapper", mapped)]]);
    const result = await runMasterAgent<GoldenRecordData>(goldenRecordBuilder, customers(), {
      previous,
      parameters: { blocking_keys: [["zip"]], match_threshold: 0.5 },
    });
    expect(result.data.blocking.map((b) => b.columns)).toEqual([["zip"]]);
    expect(result.data.blocking[0].pair_budget).toBe(3 + 1 + 1 + 1);
  });
});

describe("entity resolution with the compared records spilled to disk", () => {
  it("gives the same clusters, scores and pair counts as in memory", async () => {
    const mapping = await mapColumns(customers(), { glossary: {}, minConfidence: 0.5 });
    const plan = planMatching(CUSTOMER_COLUMNS, mapping, undefined);
    const p = masterMyDataParameters.parse({})["golden-record-builder"];
    const inMemory = await resolveEntities(customers(), plan, p);
    const spillDir = mkdtempSync(join(tmpdir(), "records-spill-"));
    const spilled = await resolveEntities(customers(), plan, p, { spillDir, memoryRecordLimit: 0 });
    expect(Array.from(spilled.clusterOf)).toEqual(Array.from(inMemory.clusterOf));
    expect(Array.from(spilled.bestScore)).toEqual(Array.from(inMemory.bestScore));
    expect(spilled.comparedPairs).toBe(inMemory.comparedPairs);
    expect(Array.from(inMemory.clusterOf)).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 4, 5]);
    // The spill file is gone once the comparisons are done.
    expect(readdirSync(spillDir)).toEqual([]);
  });
});
