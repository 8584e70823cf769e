import { describe, expect, it } from "vitest";
import { type ContractEnforcerData, contractEnforcer } from "../../../src/agents/master-my-data/contract-enforcer.js";
import { type KeyIdentifierData, keyIdentifier } from "../../../src/agents/master-my-data/key-identifier.js";
import { scanKeyColumns } from "../../../src/agents/master-my-data/key-scan.js";
import { hashText } from "../../../src/agents/master-my-data/rows.js";
import { testCoverageAgent } from "../../../src/agents/test-coverage-agent.js";
import { datasetFromRows } from "../../support/dataset.js";
import { seededRandom } from "../../support/random.js";
import { runAgent } from "../../support/run-agent.js";
import { spilledCsv } from "../../support/spilled-csv.js";
import { runMasterAgent } from "./run-master-agent.js";

describe("key-identifier", () => {
  // 60 rows: id 1…60; store × day is unique by construction (6 stores × 10 days); rows 10 and 20 share an email.
  const columns = ["id", "store", "day", "email", "region", "amount"];
  const rows = Array.from({ length: 60 }, (_, k) => {
    const i = k + 1;
    const store = Math.floor(k / 10) + 1;
    return [
      String(i),
      `S${store}`,
      String((k % 10) + 1),
      i === 20 ? "u10@shop.com" : `u${i}@shop.com`,
      ["north", "south", "east"][store % 3],
      String((i % 4) * 5),
    ];
  });

  it("reports the 100 % column as primary key and finds the composite key built in", async () => {
    const result = await runMasterAgent<KeyIdentifierData>(keyIdentifier, datasetFromRows(columns, rows));
    const data = result.data;
    expect(data.primary_key).toEqual(["id"]);
    expect(data.single_column_candidates).toEqual([
      { columns: ["id"], distinct: 60, distinct_share: 1, unique: true },
      { columns: ["email"], distinct: 59, distinct_share: 0.9833, unique: false },
    ]);
    // Every minimal unique pair or triple of the non-key columns, by brute force.
    const others = columns.slice(1);
    const unique = (cols: string[]) => new Set(rows.map((r) => cols.map((c) => r[columns.indexOf(c)]).join("\u0000"))).size === rows.length;
    const expected: string[][] = [];
    for (let a = 0; a < others.length; a++)
      for (let b = a + 1; b < others.length; b++) if (unique([others[a], others[b]])) expected.push([others[a], others[b]]);
    for (let a = 0; a < others.length; a++)
      for (let b = a + 1; b < others.length; b++)
        for (let c = b + 1; c < others.length; c++) {
          const cols = [others[a], others[b], others[c]];
          if (unique(cols) && !expected.some((k) => k.every((x) => cols.includes(x)))) expected.push(cols);
        }
    const sorted = (keys: string[][]) => keys.map((k) => [...k].sort().join("+")).sort();
    expect(sorted(data.composite_keys.map((k) => k.columns))).toEqual(sorted(expected));
    expect(sorted(data.composite_keys.map((k) => k.columns))).toContain("day+store");
    expect(result.alerts.map((a) => a.field)).toEqual(["email"]);
  });
});

describe("key-identifier over many batches and passes", () => {
  /** Minimal unique pairs and triples of the non-key columns and how many were worth testing, by brute force over the rows. */
  function bruteForce(columns: string[], rows: string[][]) {
    const others = columns.slice(1);
    const tuples = (cols: string[]) => rows.map((r) => cols.map((c) => r[columns.indexOf(c)]).join("\u0000"));
    const keys: string[][] = [];
    let tested = 0;
    for (const size of [2, 3]) {
      const found: string[][] = [];
      const pick = (start: number, chosen: string[]) => {
        if (chosen.length === size) {
          if (keys.some((k) => k.every((c) => chosen.includes(c)))) return;
          if (chosen.reduce((n, c) => n * new Set(tuples([c])).size, 1) < rows.length) return;
          tested++;
          if (new Set(tuples(chosen)).size === rows.length) found.push(chosen);
          return;
        }
        for (let i = start; i < others.length; i++) pick(i + 1, [...chosen, others[i]]);
      };
      pick(0, []);
      keys.push(...found);
    }
    return { keys, tested };
  }

  const spilled = (columns: string[], rows: string[][]) =>
    spilledCsv(`${columns.join(",")}\n${rows.map((r) => r.join(",")).join("\n")}\n`, { batchRows: 256 });

  const sorted = (keys: string[][]) => keys.map((k) => [...k].sort().join("+")).sort();

  /** The agent's composite keys on the rows, read from a spill and from memory in odd batches, against brute force. */
  async function expectBruteForceKeys(columns: string[], rows: string[][], built: string[]) {
    const truth = bruteForce(columns, rows);
    // The keys built into the rows are there, so the test covers what it means to.
    expect(sorted(truth.keys)).toEqual(expect.arrayContaining(built));
    for (const dataset of [await spilled(columns, rows), datasetFromRows(columns, rows, { batchSize: 77 })]) {
      const data = (await runMasterAgent<KeyIdentifierData>(keyIdentifier, dataset)).data;
      expect(data.rows).toBe(rows.length);
      expect(data.primary_key).toEqual(["id"]);
      expect(sorted(data.composite_keys.map((k) => k.columns))).toEqual(sorted(truth.keys));
      expect(data.composite_combinations_tested).toBe(truth.tested);
    }
    return truth;
  }

  it("finds exactly the minimal pairs and triples when every column repeats", async () => {
    // 3,000 rows: g × h is unique by construction (i = 60 g + h), so is x × y × z (i = x + 10 y + 150 z); a is random.
    const random = seededRandom(7);
    const rows = Array.from({ length: 3000 }, (_, i) =>
      [i, Math.floor(random() * 3000), Math.floor(i / 60), i % 60, i % 10, Math.floor(i / 10) % 15, Math.floor(i / 150)].map(String),
    );
    await expectBruteForceKeys(["id", "a", "g", "h", "x", "y", "z"], rows, ["g+h", "x+y+z"]);
  });

  it("recounts a column's repeats after a pass that every pair left early", async () => {
    // 1,000 rows: no pair is unique (b, c, d have 10 values each; a is random, so a with any of them repeats early),
    // b × c × d is (i = b + 10 c + 100 d), and the triples with a are counted on a's repeats again.
    const random = seededRandom(11);
    const rows = Array.from({ length: 1000 }, (_, i) =>
      [i, Math.floor(random() * 1000), i % 10, Math.floor(i / 10) % 10, Math.floor(i / 100)].map(String),
    );
    const truth = await expectBruteForceKeys(["id", "a", "b", "c", "d"], rows, ["b+c+d"]);
    expect(truth.keys.filter((k) => k.length === 2)).toEqual([]);
  });
});

describe("contract-enforcer", () => {
  const columns = ["id", "email", "age", "status"];
  const rows: (string | null)[][] = Array.from({ length: 20 }, (_, k) => [
    String(k + 1),
    `p${k + 1}@a.io`,
    String(20 + k),
    k % 2 ? "active" : "inactive",
  ]);
  rows[5][0] = "5"; // row 6 repeats row 5's id
  rows[6][0] = "x7"; // row 7: not an integer
  rows[2][1] = "bad-email"; // row 3: pattern
  rows[3][1] = "averyveryverylongname@example.com"; // row 4: longer than 20
  rows[7][2] = "-1"; // row 8: below 0
  rows[8][2] = "200"; // row 9: above 120
  rows[9][2] = ""; // row 10: empty, allowed
  rows[10][2] = "abc"; // row 11: not an integer, so out of range too
  rows[11][3] = "pending"; // row 12: not allowed
  rows[12][3] = null; // row 13: missing
  const contract = {
    columns: [
      { name: "id", type: "integer", not_null: true, unique: true },
      { name: "email", pattern: "^[^@]+@[^@]+$", max_length: 20 },
      { name: "age", type: "integer", min: 0, max: 120 },
      { name: "status", not_null: true, allowed_values: ["active", "inactive"] },
    ],
  };

  it("counts each check's violations and judges them against the thresholds", async () => {
    const result = await runMasterAgent<ContractEnforcerData>(contractEnforcer, datasetFromRows(columns, rows), {
      parameters: { contract },
    });
    const data = result.data;
    const summary = Object.fromEntries(data.checks.map((c) => [`${c.column}.${c.check}`, [c.violations, c.status]]));
    expect(summary).toEqual({
      "id.not_null": [0, "pass"],
      "id.type": [1, "pass"],
      "id.unique": [1, "pass"],
      "email.max_length": [1, "pass"],
      "email.pattern": [1, "pass"],
      "age.type": [1, "pass"],
      "age.range": [3, "warn"],
      "status.not_null": [1, "pass"],
      "status.allowed_values": [1, "pass"],
    });
    // Rows 3, 4, 6, 7, 8, 9, 11, 12, 13 break something: 11 of 20 pass (55 %) < 80 % → fail.
    expect(data.rows_passing).toBe(11);
    expect(data.pass_share).toBe(0.55);
    expect(data.status).toBe("fail");
    expect(result.row_level_issues.map((i) => [i.row, i.issue_type])).toEqual([
      [3, "contract_pattern"],
      [4, "contract_max_length"],
      [6, "contract_unique"],
      [7, "contract_type"],
      [8, "contract_range"],
      [9, "contract_range"],
      [11, "contract_type"],
      [11, "contract_range"],
      [12, "contract_allowed_values"],
      [13, "contract_not_null"],
    ]);

    const lenient = await runMasterAgent<ContractEnforcerData>(contractEnforcer, datasetFromRows(columns, rows), {
      parameters: { contract, warn_threshold: 0.9, fail_threshold: 0.5 },
    });
    expect(lenient.data.status).toBe("warn");
    expect(lenient.data.checks.find((c) => c.check === "range")?.status).toBe("warn");

    const strict = await runMasterAgent<ContractEnforcerData>(contractEnforcer, datasetFromRows(columns, rows), {
      parameters: { contract, warn_threshold: 1, fail_threshold: 0.9 },
    });
    // 19 of 20 ids are integers (95 %): between 90 % and 100 % → warn; 17 of 20 ages in range (85 %) → fail.
    expect(strict.data.checks.find((c) => c.column === "id" && c.check === "type")?.status).toBe("warn");
    expect(strict.data.checks.find((c) => c.check === "range")?.status).toBe("fail");
    expect(strict.data.checks.find((c) => c.column === "id" && c.check === "not_null")?.status).toBe("pass");
  });

  it("fails a file missing a required column or carrying columns the contract forbids", async () => {
    const result = await runMasterAgent<ContractEnforcerData>(contractEnforcer, datasetFromRows(columns, rows), {
      parameters: { contract: { columns: [{ name: "id" }, { name: "code" }], allow_extra_columns: false } },
    });
    expect(result.data.missing_columns).toEqual(["code"]);
    expect(result.data.extra_columns).toEqual(["email", "age", "status"]);
    expect(result.data.rows_passing).toBe(0);
    expect(result.data.status).toBe("fail");
  });

  it("accepts the contract test-coverage-agent emits and passes the data it was drawn from", async () => {
    const clean = rows.map((r, k) => [String(k + 1), `p${k + 1}@a.io`, String(20 + k), r[3] ?? "active"]);
    const dataset = datasetFromRows(columns, clean);
    const coverage = await runAgent<{ contract: unknown }>(testCoverageAgent, dataset);
    const result = await runMasterAgent<ContractEnforcerData>(contractEnforcer, dataset, {
      parameters: { contract: coverage.data.contract },
    });
    expect(result.data.contract_source).toBe("parameters");
    expect(result.data.checks.length).toBeGreaterThan(4);
    expect(result.data.status).toBe("pass");
    expect(result.data.rows_passing).toBe(20);
  });

  it("infers a contract from the file when none is given", async () => {
    const result = await runMasterAgent<ContractEnforcerData>(contractEnforcer, datasetFromRows(columns, rows));
    expect(result.data.contract_source).toBe("inferred");
    // The profile sees id as integer (19 of 20 values), so "x7" breaks the inferred type.
    expect(result.data.contract.columns.find((c) => c.name === "id")?.type).toBe("integer");
    expect(result.data.checks.find((c) => c.column === "id" && c.check === "type")?.violations).toBe(1);
  });
});

describe("key-identifier's first pass on two threads", () => {
  it("counts every column's values exactly as one thread does, and as a Map of the texts does", async () => {
    const random = seededRandom(23);
    const columns = ["id", "city", "code", "note", "blank_often", "padded"];
    const rows = Array.from({ length: 4_000 }, (_, i) => [
      String(i + 1),
      ["Paris", "Lyon", "Nice", "Köln"][Math.floor(random() * 4)],
      `C${Math.floor(random() * 900)}`,
      `note ${Math.floor(random() * 3_000)} ${"x".repeat(Math.floor(random() * 40))}`,
      random() < 0.3 ? "" : String(Math.floor(random() * 50)),
      i % 997 === 0 ? ` v${i % 7}` : `v${i % 7}`,
    ]);
    const dataset = await spilledCsv(`${columns.join(",")}\n${rows.map((r) => r.join(",")).join("\n")}\n`, { batchRows: 300 });
    const one = await scanKeyColumns(dataset, undefined, undefined, 1);
    const two = await scanKeyColumns(dataset, undefined, undefined, 2);
    expect(two.rows).toBe(4_000);
    expect([...two.blanks]).toEqual([...one.blanks]);
    expect([...two.untrimmed]).toEqual([...one.untrimmed]);
    columns.forEach((name, c) => {
      expect([...two.distinct[c].entries()], name).toEqual([...one.distinct[c].entries()]);
      // Counted a second way: the texts in a Map, their hashes looked up in the table.
      const counts = new Map<string, number>();
      for (const row of rows) if (row[c] !== "") counts.set(row[c], (counts.get(row[c]) ?? 0) + 1);
      expect(two.distinct[c].size, name).toBe(counts.size);
      for (const [text, n] of counts) expect(two.distinct[c].get(hashText(text))).toBe(n);
      expect(two.blanks[c], name).toBe(rows.filter((r) => r[c] === "").length);
    });
    // A note without x ends in a space; a padded value starts with one; Köln is non-ASCII only inside.
    expect([...two.untrimmed]).toEqual([0, 0, 0, 1, 0, 1]);
  });
});
