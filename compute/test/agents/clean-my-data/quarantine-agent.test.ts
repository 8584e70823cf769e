import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { quarantineAgent } from "../../../src/agents/clean-my-data/quarantine-agent.js";
import { ingestDataset } from "../../../src/engine/dataset.js";
import { folderStore } from "../../../src/engine/object-store.js";
import { datasetFromRows } from "../../support/dataset.js";
import { fileText, readRows, runClean } from "./clean-support.js";

async function csvDataset(text: string, batchRows = 3) {
  const dir = mkdtempSync(join(tmpdir(), "quarantine-in-"));
  writeFileSync(join(dir, "in.csv"), text);
  return ingestDataset({ store: folderStore(dir), key: "in.csv", role: "primary", format: "csv", batchRows, maxBytes: 1e9, spillDir: dir });
}

describe("quarantine-agent", () => {
  it("moves exactly the ragged, unparseable, all-empty and rule-breaking rows, with reasons and original row numbers", async () => {
    const csv = [
      "id,amount,status,joined",
      "1,10,active,2024-01-05",
      "2,abc,active,2024-01-06",
      "3,20,active",
      "4,30,active,2024-01-08,extra",
      ",,,",
      "6,-5,active,2024-01-10",
      "7,40,paused,2024-01-11",
      '8,"1,234.50",inactive,2024-01-12',
      "9,50,active,not a date",
      "10,60,inactive,12/31/2024",
    ].join("\n");
    const result = await runClean(quarantineAgent, await csvDataset(csv), {
      declared_types: { amount: "float", joined: "date" },
      rules: [
        { field: "amount", min: 0 },
        { field: "status", allowed_values: ["active", "inactive"] },
      ],
    });

    const kept = await readRows(result.nextPrimary!);
    expect(kept.map((r) => r.row)).toEqual([1, 8, 10]);
    expect(kept.map((r) => r.values[1])).toEqual(["10", "1,234.50", "60"]);

    const quarantine = (await fileText(result.files?.find((f) => f.fileName === "quarantine.csv"))).trimEnd().split("\r\n");
    expect(quarantine).toEqual([
      "source_row,id,amount,status,joined,quarantine_reason,original_values",
      '2,2,abc,active,2024-01-06,"amount = ""abc"" cannot be read as float",',
      "3,3,20,active,,the row has a different number of fields than the header,",
      "4,4,30,active,2024-01-08,the row has a different number of fields than the header,",
      "5,,,,,every field of the row is empty,",
      "6,6,-5,active,2024-01-10,amount = -5 is below 0,",
      '7,7,40,paused,2024-01-11,"status = ""paused"" is not one of the allowed values",',
      '9,9,50,active,not a date,"joined = ""not a date"" cannot be read as date",',
    ]);
    expect(result.data.quarantined_rows).toBe(7);
    expect(result.data.by_reason).toEqual({ ragged_row: 2, unparseable_value: 2, all_null_row: 1, rule_violation: 2 });
    expect(result.row_level_issues.map((i) => [i.row, i.issue_type])).toEqual([
      [2, "unparseable_value"],
      [3, "ragged_row"],
      [4, "ragged_row"],
      [5, "all_null_row"],
      [6, "rule_violation"],
      [7, "rule_violation"],
      [9, "unparseable_value"],
    ]);
    expect(result.data.operations).toEqual([
      expect.objectContaining({ agent: "quarantine-agent", operation: "quarantine_rows", count: 7 }),
    ]);
  });

  it("infers a column's type when none is declared and quarantines the values that break it", async () => {
    // 20 numbers and one word: 20/21 ≥ 95 %, so "price" is numeric and the word is unparseable.
    // "phone" looks numeric too, but a phone column's formatted value is not a broken row.
    const rows = Array.from({ length: 21 }, (_, i) => [
      String(i + 1),
      i === 13 ? "twelve" : String(i * 2.5),
      i === 4 ? "(415) 555-2671" : `+1415555${1000 + i}`,
    ]);
    const result = await runClean(quarantineAgent, datasetFromRows(["id", "price", "phone"], rows, { batchSize: 5 }));
    expect(result.data.column_types).toEqual({ id: "string", price: "float", phone: "string" });
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.value])).toEqual([[14, "price", "twelve"]]);
    expect((await readRows(result.nextPrimary!)).map((r) => r.row)).toEqual([
      ...Array.from({ length: 13 }, (_, i) => i + 1),
      ...Array.from({ length: 7 }, (_, i) => i + 15),
    ]);
  });

  it("reads null markers as empty cells, so rows holding them are not quarantined", async () => {
    // 60 rows: score is a float, with None / NA / - / N/A / ? markers in 15 rows and one real defect.
    const markers = ["None", "NA", "-", "N/A", "?"];
    const rows = Array.from({ length: 60 }, (_, i) => [
      String(i + 1),
      i % 4 === 1 ? markers[i % 5] : i === 30 ? "seventy" : (i * 1.25).toFixed(2),
      i === 50 ? "None" : "ok",
    ]);
    const result = await runClean(quarantineAgent, datasetFromRows(["id", "score", "note"], rows, { batchSize: 7 }), {
      rules: [{ field: "score", min: 0 }],
    });
    expect(result.data.column_types.score).toBe("float");
    // Only the one unreadable value goes: row 31. Counted: no marker row is taken.
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.value])).toEqual([[31, "score", "seventy"]]);
    expect(result.data.quarantined_rows).toBe(1);
    expect((await readRows(result.nextPrimary!)).length).toBe(59);
  });
});
