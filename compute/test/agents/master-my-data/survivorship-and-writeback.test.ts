import { describe, expect, it } from "vitest";
import { goldenRecordBuilder } from "../../../src/agents/master-my-data/golden-record-builder.js";
import { type MasterWritebackData, masterWritebackAgent } from "../../../src/agents/master-my-data/master-writeback-agent.js";
import { type SurvivorshipData, survivorshipResolver } from "../../../src/agents/master-my-data/survivorship-resolver.js";
import { datasetFromRows } from "../../support/dataset.js";
import { CUSTOMER_COLUMNS, CUSTOMER_ROWS, customers } from "./customers.js";
import { fileText, parseCsv, runMasterChain } from "./run-master-agent.js";

const chain = [goldenRecordBuilder, survivorshipResolver, masterWritebackAgent];

describe("survivorship-resolver", () => {
  it("picks each field's value by its rule and records the row that gave it", async () => {
    const { results } = await runMasterChain([goldenRecordBuilder, survivorshipResolver], customers(), {
      parameters: {
        "survivorship-resolver": {
          timestamp_column: "updated_at",
          rules: { first_name: "most_recent", phone: "most_recent", city: "most_frequent", updated_at: "max" },
        },
      },
    });
    const data = results.get("survivorship-resolver")?.data as SurvivorshipData;
    expect(data.clusters_resolved).toBe(3);
    const [smith, jones, brown] = data.sample.map((s) => s.fields);
    // Rows 1–3: the latest row (2, 2024-03-05) gives first name and phone; "Smith" (5 letters, like the
    // typo "Smiht") survives from the earliest row; "New York" and "new york" outnumber "New York City".
    expect(smith.first_name).toEqual({ value: "Jon", source_row: 2 });
    expect(smith.phone).toEqual({ value: "555.123.4567", source_row: 2 });
    expect(smith.last_name).toEqual({ value: "Smith", source_row: 1 });
    expect(smith.city).toEqual({ value: "New York", source_row: 1 });
    expect(smith.updated_at).toEqual({ value: "2024-03-05", source_row: 2 });
    // Rows 4–5: row 5 is newer but has no phone, so the phone comes from row 4.
    expect(jones.first_name).toEqual({ value: "Katherine", source_row: 5 });
    expect(jones.phone).toEqual({ value: "555-987-6543", source_row: 4 });
    // Rows 6–7: the longer surname survives; row 7's blank email never does.
    expect(brown.last_name).toEqual({ value: "Browne", source_row: 7 });
    expect(brown.email).toEqual({ value: "rbrown@x.org", source_row: 6 });
    // Fields whose records disagree, counted per cluster: ids in all 3; first names in 1–3 and 4–5; …
    expect(data.conflicts_by_field).toEqual({ customer_id: 3, first_name: 2, last_name: 2, phone: 1, city: 1, updated_at: 3 });
  });

  it("takes a field from the most trusted source and another by its minimum", async () => {
    const rows = [
      ["crm", "Ann Lee", "ann@lee.io", "500"],
      ["erp", "Ann Lee", "ann@lee.io", "1200"],
      ["web", "ann lee", "ANN@LEE.IO", "80"],
    ];
    const { results } = await runMasterChain(
      [goldenRecordBuilder, survivorshipResolver],
      datasetFromRows(["source", "name", "email", "credit"], rows),
      {
        parameters: {
          "survivorship-resolver": {
            source_column: "source",
            source_priority: ["erp", "crm"],
            rules: { name: "source_priority", email: "source_priority", credit: "min" },
          },
        },
      },
    );
    const data = results.get("survivorship-resolver")?.data as SurvivorshipData;
    expect(data.clusters_resolved).toBe(1);
    const fields = data.sample[0].fields;
    // Same email and name: λ 1e-4, exact email and name weights → p ≈ 0.92, one cluster.
    expect(fields.name).toEqual({ value: "Ann Lee", source_row: 2 });
    expect(fields.email).toEqual({ value: "ann@lee.io", source_row: 2 });
    // 80 < 500 < 1200 as numbers (as text "1200" would sort first).
    expect(fields.credit).toEqual({ value: "80", source_row: 3 });
    // Other fields keep the default most_complete: three-letter sources tie, the earliest row wins.
    expect(fields.source).toEqual({ value: "crm", source_row: 1 });
  });

  it("refuses a most_recent rule without a timestamp column", async () => {
    const { results } = await runMasterChain([goldenRecordBuilder], customers());
    expect(results.get("golden-record-builder")).toBeTruthy();
    await expect(
      runMasterChain([goldenRecordBuilder, survivorshipResolver], customers(), {
        parameters: { "survivorship-resolver": { default_rule: "most_recent" } },
      }),
    ).rejects.toThrow(/timestamp_column/);
  });
});

describe("master-writeback-agent", () => {
  it("writes one golden record per entity and a crosswalk of every source row", async () => {
    const { results } = await runMasterChain(chain, customers());
    const result = results.get("master-writeback-agent");
    const golden = parseCsv(await fileText(result?.files?.find((f) => f.fileName === "golden_records.csv")));
    expect(golden[0]).toEqual(["master_id", ...CUSTOMER_COLUMNS, "source_file", "source_rows", "record_count"]);
    expect(golden.slice(1).map((r) => r.slice(-2))).toEqual([
      ["1;2;3", "3"],
      ["4;5", "2"],
      ["6;7", "2"],
      ["8", "1"],
      ["9", "1"],
      ["10", "1"],
    ]);
    // Default most_complete: the longest value, ties to the earliest row.
    expect(golden[1].slice(1, 9)).toEqual([
      "C001",
      "John",
      "Smith",
      "john.smith@example.com",
      "(555) 123-4567",
      "10001",
      "New York City",
      "2024-01-10",
    ]);
    expect(golden[3].slice(1, 9)).toEqual(["C006", "Robert", "Browne", "rbrown@x.org", "555-222-3333", "60601", "Chicago", "2022-07-15"]);
    expect(golden[6].slice(1, 9)).toEqual(["C010", "Sam", "Lee", "", "", "", "Boston", "2024-01-01"]);
    expect(new Set(golden.slice(1).map((r) => r[0])).size).toBe(6);

    const crosswalk = parseCsv(await fileText(result?.files?.find((f) => f.fileName === "crosswalk.csv")));
    expect(crosswalk[0]).toEqual(["master_id", "source_file", "source_row", "match_probability", "survived_fields"]);
    expect(crosswalk.slice(1).map((r) => Number(r[2]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const idOf = (row: number) => crosswalk[row][0];
    expect(idOf(1)).toBe(golden[1][0]);
    expect([idOf(2), idOf(3)]).toEqual([idOf(1), idOf(1)]);
    expect(idOf(5)).toBe(idOf(4));
    expect(idOf(8)).not.toBe(idOf(9));
    expect(crosswalk[1][1]).toBe("primary.csv");
    // Row 7 gave the cluster its surname; row 6 the rest (ties go to the earlier row).
    expect(crosswalk[7][4]).toBe("last_name");
    expect(crosswalk[6][4]).toBe("customer_id;first_name;email;phone;zip;city;updated_at");
    expect(Number(crosswalk[2][3])).toBeGreaterThanOrEqual(0.85);
    expect(crosswalk[8][3]).toBe("");
  });

  it("gives the same master ids on a re-run, whatever the row order", async () => {
    const first = await runMasterChain(chain, customers());
    const again = await runMasterChain(chain, customers());
    const reversed = await runMasterChain(chain, datasetFromRows(CUSTOMER_COLUMNS, [...CUSTOMER_ROWS].reverse()));
    const idsOf = async (run: typeof first) => {
      const text = await fileText(run.results.get("master-writeback-agent")?.files?.find((f) => f.fileName === "crosswalk.csv"));
      return parseCsv(text)
        .slice(1)
        .map((r) => r[0]);
    };
    const ids = await idsOf(first);
    expect(await idsOf(again)).toEqual(ids);
    // Reversed, row k of the new file is row 11 − k of the first.
    expect(await idsOf(reversed)).toEqual([...ids].reverse());
    expect(ids[0]).toMatch(/^M-[0-9A-Z]{11}$/);
  });

  it("keeps the ids of a previous golden file given as baseline, also for an entity that gained a record", async () => {
    const first = await runMasterChain(chain, customers());
    const golden = parseCsv(
      await fileText(first.results.get("master-writeback-agent")?.files?.find((f) => f.fileName === "golden_records.csv")),
    );
    // The steward renamed the ids in the previous golden file; the next run must keep them.
    const baselineRows = golden.slice(1).map((r, i) => [`CUST-${i + 1}`, ...r.slice(1)]);
    const baseline = datasetFromRows(golden[0], baselineRows, { role: "baseline" });
    const grown = [...CUSTOMER_ROWS, ["C011", "Cathy", "Jones", "CJones@mail.com", "555 987 6543", "94105", "San Francisco", "2024-06-01"]];
    const second = await runMasterChain(chain, datasetFromRows(CUSTOMER_COLUMNS, grown), { baseline });
    const data = second.results.get("master-writeback-agent")?.data as MasterWritebackData;
    expect(data.ids_reused_from_baseline).toBe(6);
    expect(data.new_ids).toBe(0);
    const crosswalk = parseCsv(
      await fileText(second.results.get("master-writeback-agent")?.files?.find((f) => f.fileName === "crosswalk.csv")),
    );
    expect(crosswalk.slice(1).map((r) => r[0])).toEqual([
      "CUST-1",
      "CUST-1",
      "CUST-1",
      "CUST-2",
      "CUST-2",
      "CUST-3",
      "CUST-3",
      "CUST-4",
      "CUST-5",
      "CUST-6",
      "CUST-2",
    ]);
  });
});
