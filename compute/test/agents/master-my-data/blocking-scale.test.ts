import { describe, expect, it } from "vitest";
import { type GoldenRecordData, goldenRecordBuilder } from "../../../src/agents/master-my-data/golden-record-builder.js";
import { masterWritebackAgent } from "../../../src/agents/master-my-data/master-writeback-agent.js";
import { emailKey, phoneKey, postcodeKey } from "../../../src/agents/master-my-data/similarity/normalize.js";
import { nysiis } from "../../../src/agents/master-my-data/similarity/nysiis.js";
import { datasetFromRows } from "../../support/dataset.js";
import { seededRandom } from "../../support/random.js";
import { fileText, parseCsv, runMasterChain } from "./run-master-agent.js";

const SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "sa", "vi", "dor", "el", "an", "ber", "tis", "mo", "ru", "gan"];
const COLUMNS = ["first_name", "last_name", "email", "phone", "zip"];

/** 16,000 people and 4,000 extra records of some of them with typos, reformatting and gaps. */
function generate() {
  const random = seededRandom(20_000);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  const people = Array.from({ length: 16_000 }, (_, i) => {
    const first = cap(pick(SYLLABLES) + pick(SYLLABLES));
    const last = cap(pick(SYLLABLES) + pick(SYLLABLES) + pick(SYLLABLES));
    const digits = String(2_000_000_000 + i * 7919 + Math.floor(random() * 7919)).slice(0, 10);
    return {
      first,
      last,
      email: `${first}.${last}${i}@mail${i % 7}.com`.toLowerCase(),
      phone: `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`,
      zip: String(10_000 + Math.floor(random() * 500)),
    };
  });
  const rows: (string | null)[][] = people.map((p) => [p.first, p.last, p.email, p.phone, p.zip]);
  const entity = people.map((_, i) => i);
  for (let k = 0; k < 4_000; k++) {
    const i = Math.floor(random() * people.length);
    const p = people[i];
    const swap = Math.floor(random() * (p.first.length - 1));
    const first = random() < 0.5 ? p.first.slice(0, swap) + p.first[swap + 1] + p.first[swap] + p.first.slice(swap + 2) : p.first;
    const d = p.phone.replaceAll("-", "");
    const variant = k % 3;
    rows.push([
      first,
      random() < 0.5 ? p.last.toUpperCase() : p.last,
      variant === 0 ? null : p.email.toUpperCase(),
      variant === 1 ? "" : `(${d.slice(0, 3)}) ${d.slice(3, 6)} ${d.slice(6)}`,
      p.zip,
    ]);
    entity.push(i);
  }
  return { rows, entity };
}

describe("golden-record-builder at 20,000 rows", () => {
  it("compares only pairs within blocks — far fewer than n²/2 — and still finds the duplicates", async () => {
    const { rows, entity } = generate();
    const n = rows.length;
    // The blocks by hand: rows grouped by normalised email, by phone digits, by surname sound + zip.
    const keyers: ((r: (string | null)[]) => string)[] = [
      (r) => (r[2] ? emailKey(r[2]) : ""),
      (r) => (r[3] ? phoneKey(r[3]) : ""),
      (r) => (r[1] && r[4] ? `${nysiis(r[1])}|${postcodeKey(r[4])}` : ""),
    ];
    const budgets = keyers.map((key) => {
      const sizes = new Map<string, number>();
      for (const r of rows) {
        const k = key(r);
        if (k) sizes.set(k, (sizes.get(k) ?? 0) + 1);
      }
      let pairs = 0;
      for (const b of sizes.values()) if (b <= 500) pairs += (b * (b - 1)) / 2;
      return pairs;
    });
    const bound = budgets.reduce((a, b) => a + b, 0);
    expect(bound).toBeLessThan((n * (n - 1)) / 2 / 1000);

    const { results } = await runMasterChain(
      [goldenRecordBuilder, masterWritebackAgent],
      datasetFromRows(COLUMNS, rows, { batchSize: 4_096 }),
    );
    const data = results.get("golden-record-builder")?.data as GoldenRecordData;
    expect(data.rows).toBe(n);
    expect(data.blocking.map((b) => b.pair_budget)).toEqual(budgets);
    expect(data.compared_pairs).toBeLessThanOrEqual(bound);
    expect(data.compared_pairs).toBeGreaterThan(0);

    // Against the truth: each extra record should share its person's master id; people should not merge.
    const crosswalk = parseCsv(await fileText(results.get("master-writeback-agent")?.files?.find((f) => f.fileName === "crosswalk.csv")));
    const idOfRow = crosswalk.slice(1).map((r) => r[0]);
    let found = 0;
    for (let row = 16_000; row < n; row++) if (idOfRow[row] === idOfRow[entity[row]]) found++;
    expect(found / 4_000).toBeGreaterThan(0.97);
    const entitiesOfId = new Map<string, Set<number>>();
    for (let row = 0; row < n; row++) {
      const set = entitiesOfId.get(idOfRow[row]) ?? new Set<number>();
      set.add(entity[row]);
      entitiesOfId.set(idOfRow[row], set);
    }
    const wrongMerges = [...entitiesOfId.values()].filter((s) => s.size > 1).length;
    expect(wrongMerges).toBeLessThan(16);
  });
});
