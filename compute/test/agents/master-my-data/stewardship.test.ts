import { describe, expect, it } from "vitest";
import { goldenRecordBuilder } from "../../../src/agents/master-my-data/golden-record-builder.js";
import { masterWritebackAgent } from "../../../src/agents/master-my-data/master-writeback-agent.js";
import { type StewardshipData, stewardshipFlagger } from "../../../src/agents/master-my-data/stewardship-flagger.js";
import { survivorshipResolver } from "../../../src/agents/master-my-data/survivorship-resolver.js";
import { datasetFromRows } from "../../support/dataset.js";
import { seededRandom } from "../../support/random.js";
import { fileText, parseCsv, runMasterChain } from "./run-master-agent.js";

const COLUMNS = ["customer_id", "first_name", "last_name", "email", "phone", "zip"];
const seven = Array.from({ length: 7 }, (_, i) => [`K${i + 1}`, "Maria", "Garcia", "maria.garcia@example.com", "555-010-2000", "73301"]);
// One record of the seven has another phone number: a real conflict (the ids differ by nature).
const sevenWithConflict = seven.map((r, i) => (i === 2 ? [...r.slice(0, 4), "555-010-2001", r[5]] : r));
const ROWS = [
  ...sevenWithConflict,
  // Rows 8–9 share only an email and a surname.
  ["K8", null, "Okafor", "okafor@example.net", null, null],
  ["K9", null, "Okafor", "okafor@example.net", null, null],
  // Row 10 has none of the blocking fields.
  ["K10", "Lee", null, null, "", null],
];

describe("stewardship-flagger", () => {
  it("queues a large cluster, a weakly matched cluster, conflicts and a record without key fields", async () => {
    const { results } = await runMasterChain(
      [goldenRecordBuilder, survivorshipResolver, masterWritebackAgent, stewardshipFlagger],
      datasetFromRows(COLUMNS, ROWS),
      {
        parameters: { "stewardship-flagger": { low_score_threshold: 0.95 } },
      },
    );
    // Rows 8–9 by hand: λ = 1e-4, exact email (m .85, u .0005), exact surname (m .7, u .01); other fields blank.
    const weight = Math.log2(1e-4 / (1 - 1e-4)) + Math.log2(0.85 / 0.0005) + Math.log2(0.7 / 0.01);
    const pair = 2 ** weight / (1 + 2 ** weight);
    expect(pair).toBeGreaterThan(0.85);
    expect(pair).toBeLessThan(0.95);

    const result = results.get("stewardship-flagger");
    const data = result?.data as StewardshipData;
    expect(data.by_reason).toEqual({ low_match_score: 1, large_cluster: 1, size_guard: 0, conflicting_values: 1, missing_key_fields: 1 });
    const queue = parseCsv(await fileText(result?.files?.find((f) => f.fileName === "stewardship_queue.csv")));
    expect(queue[0]).toEqual(["priority", "reason", "master_id", "cluster_size", "source_rows", "field", "detail"]);
    const entries = queue.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[5]]);
    expect(entries).toEqual([
      ["high", "large_cluster", "7", "1;2;3;4;5;6;7", ""],
      ["medium", "low_match_score", "2", "8;9", ""],
      ["low", "conflicting_values", "7", "1;2;3;4;5;6;7", "phone"],
      ["medium", "missing_key_fields", "1", "10", "email;phone;last_name;zip"],
    ]);
    expect(queue[2][6]).toContain(pair.toFixed(4));
    // The queue names the same master ids as the crosswalk.
    const crosswalk = parseCsv(await fileText(results.get("master-writeback-agent")?.files?.find((f) => f.fileName === "crosswalk.csv")));
    expect(queue[1][2]).toBe(crosswalk[1][0]);
    expect(queue[2][2]).toBe(crosswalk[8][0]);
  });

  it("flags clusters the size guard kept apart", async () => {
    const { results } = await runMasterChain([goldenRecordBuilder, stewardshipFlagger], datasetFromRows(COLUMNS, seven), {
      parameters: { "golden-record-builder": { max_cluster_size: 4 } },
    });
    const golden = results.get("golden-record-builder")?.data as { clusters: number; refused_merges: number; largest_cluster: number };
    expect(golden.largest_cluster).toBe(4);
    expect(golden.clusters).toBe(2);
    expect(golden.refused_merges).toBeGreaterThan(0);
    const data = results.get("stewardship-flagger")?.data as StewardshipData;
    expect(data.by_reason.size_guard).toBe(2);
  });

  it("orders a long queue by priority, then first source row, and counts every entry it writes", async () => {
    // 2,000 people, a third of them entered again with one field changed: many clusters, many conflicts.
    const random = seededRandom(31);
    const rows: (string | null)[][] = [];
    for (let person = 0; person < 2_000; person++) {
      const record = [
        `K${rows.length + 1}`,
        `First${person % 97}`,
        `Last${person}`,
        `p${person}@example.com`,
        `555-01${String(person).padStart(4, "0")}`,
        String(10_000 + (person % 50)),
      ];
      rows.push(record);
      if (person % 3 === 0) {
        const again: (string | null)[] = [...record];
        again[0] = `K${rows.length + 1}`;
        again[1 + Math.floor(random() * 5)] = random() < 0.5 ? null : "changed";
        rows.push(again);
      }
    }
    const { results } = await runMasterChain(
      [goldenRecordBuilder, survivorshipResolver, masterWritebackAgent, stewardshipFlagger],
      datasetFromRows(COLUMNS, rows, { batchSize: 300 }),
      { parameters: { "stewardship-flagger": { low_score_threshold: 0.999, large_cluster_size: 2 } } },
    );
    const result = results.get("stewardship-flagger");
    const data = result?.data as StewardshipData;
    const queue = parseCsv(await fileText(result?.files?.find((f) => f.fileName === "stewardship_queue.csv"))).slice(1);
    expect(queue.length).toBe(data.queue_length);
    expect(queue.length).toBeGreaterThan(300);
    const counted: Record<string, number> = {};
    for (const r of queue) counted[r[1]] = (counted[r[1]] ?? 0) + 1;
    expect(counted).toEqual(Object.fromEntries(Object.entries(data.by_reason).filter(([, n]) => n > 0)));
    // Four reasons and two priorities, so the order checked below is between them as well as within.
    expect(Object.keys(counted).length).toBeGreaterThanOrEqual(4);
    expect(new Set(queue.map((r) => r[0])).size).toBeGreaterThanOrEqual(2);
    // Cluster entries first (by priority, then first source row), records missing key fields after.
    const rank = { high: 0, medium: 1, low: 2 } as Record<string, number>;
    const clusterRows = queue.filter((r) => r[1] !== "missing_key_fields");
    for (let k = 1; k < clusterRows.length; k++) {
      const [a, b] = [clusterRows[k - 1], clusterRows[k]];
      const order = rank[a[0]] - rank[b[0]] || Number(a[4].split(";")[0]) - Number(b[4].split(";")[0]);
      expect(order, `${a} before ${b}`).toBeLessThanOrEqual(0);
    }
    // Every entry names its cluster's size and rows; a conflict names its fields.
    for (const r of clusterRows) expect(r[4].split(";").length).toBe(Number(r[3]));
    for (const r of clusterRows.filter((r) => r[1] === "conflicting_values"))
      expect(r[6]).toBe(`Records disagree on ${r[5].split(";").join(", ")}`);
    // The sample is the queue's head.
    expect(data.sample.slice(0, 5).map((e) => [e.priority, e.reason, e.source_rows.join(";")])).toEqual(
      queue.slice(0, 5).map((r) => [r[0], r[1], r[4]]),
    );
  });
});
