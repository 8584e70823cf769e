import { describe, expect, it } from "vitest";
import { KeyLanes, keyHashes } from "../../../src/agents/clean-my-data/duplicate-keys.js";
import { duplicateResolver } from "../../../src/agents/clean-my-data/duplicate-resolver.js";
import { fingerprint, levenshteinWithin } from "../../../src/agents/clean-my-data/fuzzy-keys.js";
import { NullMarkers } from "../../../src/agents/clean-my-data/null-markers.js";
import type { Utf8Cells } from "../../../src/stats/utf8-column.js";
import { datasetFromRows } from "../../support/dataset.js";
import { seededRandom } from "../../support/random.js";
import { readRows, runClean } from "./clean-support.js";

const rows = [
  ["Acme Inc.", "NY", "100"],
  ["ACME, Inc", "NY", "100"],
  ["Globex", "SF", "200"],
  ["Acme Inc.", "NY", "100"],
  ["Initech", "LA", "300"],
  ["Globex", "SF", "200"],
  ["Acme Incc", "NY", "100"],
];
const dataset = () => datasetFromRows(["name", "city", "amount"], rows, { batchSize: 3 });

describe("duplicate-resolver", () => {
  it("removes exact duplicate rows keeping the first occurrence", async () => {
    const result = await runClean(duplicateResolver, dataset());
    expect((await readRows(result.nextPrimary!)).map((r) => r.row)).toEqual([1, 2, 3, 5, 7]);
    expect(result.row_level_issues.map((i) => [i.row, i.message])).toEqual([
      [4, "Removed: duplicate of row 1"],
      [6, "Removed: duplicate of row 3"],
    ]);
    expect(result.data.exact_duplicates_removed).toBe(2);
  });

  it("keeps the last occurrence when asked, and compares only the key columns when given", async () => {
    const last = await runClean(duplicateResolver, dataset(), { keep: "last" });
    expect((await readRows(last.nextPrimary!)).map((r) => r.row)).toEqual([2, 4, 5, 6, 7]);
    // On city alone: NY rows 1 2 4 7, SF rows 3 6, LA row 5 → first of each: 1, 3, 5.
    const byCity = await runClean(duplicateResolver, dataset(), { key_columns: ["city"] });
    expect((await readRows(byCity.nextPrimary!)).map((r) => r.row)).toEqual([1, 3, 5]);
  });

  it("clusters Acme Inc. / ACME, Inc (fingerprint) and Acme Incc (one edit), flags them, and merges only when asked", async () => {
    expect(fingerprint("Acme Inc.")).toBe("acme inc");
    expect(fingerprint("ACME, Inc")).toBe("acme inc");
    expect(levenshteinWithin("acme inc", "acme incc", 1)).toBe(1);

    const progress: number[] = [];
    const flagged = await runClean(duplicateResolver, dataset(), { fuzzy_columns: ["name"] }, new Map(), progress);
    // Heartbeats carry whole row counts, rising over the three passes.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((rows, i) => Number.isInteger(rows) && rows <= 7 && (i === 0 || rows >= progress[i - 1]))).toBe(true);
    expect(flagged.data.fuzzy_cluster_count).toBe(1);
    expect(flagged.data.fuzzy_clusters).toEqual([
      {
        id: 1,
        representative: "Acme Inc.",
        values: [
          { value: "Acme Inc.", count: 2 },
          { value: "ACME, Inc", count: 1 },
          { value: "Acme Incc", count: 1 },
        ],
        rows: [1, 2, 7],
      },
    ]);
    expect(flagged.row_level_issues.filter((i) => i.issue_type === "fuzzy_duplicate").map((i) => i.row)).toEqual([1, 2, 7]);
    expect((await readRows(flagged.nextPrimary!)).map((r) => r.row)).toEqual([1, 2, 3, 5, 7]);

    const merged = await runClean(duplicateResolver, dataset(), { fuzzy_columns: ["name"], merge_fuzzy: true });
    expect((await readRows(merged.nextPrimary!)).map((r) => r.row)).toEqual([1, 3, 5]);
    expect(merged.data.fuzzy_rows_merged).toBe(2);
  });

  it("passes a file without duplicates on row for row, and removes the same rows whatever the batch size", async () => {
    const unique = [...new Map(rows.map((r) => [r.join("\u0000"), r])).values()];
    const result = await runClean(duplicateResolver, datasetFromRows(["name", "city", "amount"], unique, { batchSize: 2 }));
    const out = await readRows(result.nextPrimary!);
    expect(out.map((r) => r.values)).toEqual(unique);
    expect(out.map((r) => r.row)).toEqual(unique.map((_, k) => k + 1));
    expect([result.data.rows_in, result.data.rows_out, result.data.exact_duplicates_removed]).toEqual([unique.length, unique.length, 0]);
    for (const batchSize of [1, 2, 7]) {
      const last = await runClean(duplicateResolver, datasetFromRows(["name", "city", "amount"], rows, { batchSize }), { keep: "last" });
      // Rows 1 and 4 are the same, as are 3 and 6: keeping the last drops 1 and 3.
      expect(last.row_level_issues.map((i) => [i.row, i.message])).toEqual([
        [1, "Removed: duplicate of row 4"],
        [3, "Removed: duplicate of row 6"],
      ]);
      expect(last.data.rows_out).toBe(5);
    }
  });

  it("does not cluster values two edits apart at radius 1, empty values, or names that differ by a number", async () => {
    const result = await runClean(
      duplicateResolver,
      datasetFromRows(["name"], [["Jonson"], ["Johnsen"], [""], ["a"], ["b"], ["Unit 1"], ["Unit 11"], ["Unit 12"]]),
      {
        fuzzy_columns: ["name"],
      },
    );
    expect(result.data.fuzzy_cluster_count).toBe(0);
  });
});

/** A column as Arrow lays it out; null entries are missing cells (validity bit 0). */
function cellsOf(texts: (string | null)[]): Utf8Cells {
  const parts = texts.map((t) => Buffer.from(t ?? "", "utf8"));
  const offsets = new Int32Array(texts.length + 1);
  const validity = new Uint8Array(Math.ceil(texts.length / 8));
  parts.forEach((p, i) => {
    offsets[i + 1] = offsets[i] + p.length;
    if (texts[i] !== null) validity[i >> 3] |= 1 << (i & 7);
  });
  return { length: texts.length, offsets, values: new Uint8Array(Buffer.concat(parts)), validity, bitOffset: 0 };
}

describe("row keys", () => {
  it("two rows hash alike exactly when their key cells are the same text or both null, counted over generated rows", () => {
    const markers = new NullMarkers(["", "NA", "N/A", "null", "None", "-", "?"]);
    // Few distinct values per column, so most rows repeat another; nulls written every way; values
    // that move bytes between cells ("ab" + "" against "a" + "b", "abcd" + "e" against "abcde" + ""),
    // differ only in case or padding, or in one byte of a four-byte word or of the bytes after it.
    const values = [null, "", " ", "NA", "n/a", " None ", "-", "a", "ab", "b", "", "A", "a ", "é", "NAN", "12", "1", "2"];
    values.push("abcd", "xbcd", "axcd", "abxd", "abcx", "abcde", "e");
    values.push("abcdabcd", "abcdxbcd", "abcdaxcd", "abcdabxd", "abcdabcx", "abcdabcde");
    values.push("ada@example.com", "ada@example.con", "2024-01-01T10:00:00Z");
    const random = seededRandom(3);
    const width = 3;
    const rows = Array.from({ length: 20_000 }, () => Array.from({ length: width }, () => values[Math.floor(random() * values.length)]));
    const cells = Array.from({ length: width }, (_, c) => cellsOf(rows.map((r) => r[c])));
    const keys = [0, 1, 2];
    // The truth: each cell as its text, or one token for every kind of null.
    const truth = rows.map((r) => JSON.stringify(r.map((v) => (markers.isNull(v) ? null : v))));
    const lanes = new KeyLanes();
    const hashes = Array.from(keyHashes(cells, keys, rows.length, markers, lanes).subarray(0, rows.length));
    const pairs = new Set(rows.map((_, i) => `${hashes[i]} ${truth[i]}`));
    expect(new Set(truth).size).toBeGreaterThan(1000);
    expect(new Set(hashes).size).toBe(new Set(truth).size);
    expect(pairs.size).toBe(new Set(truth).size);
    // A subset of the columns, in another order, keys on those cells only.
    const sub = [2, 0];
    const subTruth = rows.map((r) => JSON.stringify(sub.map((c) => (markers.isNull(r[c]) ? null : r[c]))));
    const subHashes = Array.from(keyHashes(cells, sub, rows.length, markers, lanes).subarray(0, rows.length));
    expect(new Set(subHashes).size).toBe(new Set(subTruth).size);
    expect(new Set(rows.map((_, i) => `${subHashes[i]} ${subTruth[i]}`)).size).toBe(new Set(subTruth).size);
    // A column with neither a null nor a marker (its cells are not checked one by one) beside one with them.
    const plain = ["p", "pq", "q", "qp", "r"];
    const extra = rows.map(() => plain[Math.floor(random() * plain.length)]);
    const withPlain = [...cells, cellsOf(extra)];
    const plainTruth = rows.map((r, i) => JSON.stringify([extra[i], markers.isNull(r[1]) ? null : r[1]]));
    const plainHashes = Array.from(keyHashes(withPlain, [3, 1], rows.length, markers, lanes).subarray(0, rows.length));
    expect(new Set(plainHashes).size).toBe(new Set(plainTruth).size);
    expect(new Set(rows.map((_, i) => `${plainHashes[i]} ${plainTruth[i]}`)).size).toBe(new Set(plainTruth).size);
  });
});
