/**
 * What the master agents now read or write from bytes agrees with the string functions it
 * replaces: CSV fields against csvField, contract type and range checks against their text
 * predicates, and the inferred contract against one built from a full unified-profiler profile.
 */
import { profileMyDataParameters } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { valueChecks } from "../../../src/agents/master-my-data/contract-checks.js";
import { inferContract } from "../../../src/agents/master-my-data/contract-inference.js";
import { CsvBytes } from "../../../src/agents/master-my-data/csv-bytes.js";
import { goldenRecordBuilder } from "../../../src/agents/master-my-data/golden-record-builder.js";
import { keyIdentifier } from "../../../src/agents/master-my-data/key-identifier.js";
import { contentId } from "../../../src/agents/master-my-data/master-ids.js";
import { masterWritebackAgent } from "../../../src/agents/master-my-data/master-writeback-agent.js";
import { cellValue, hashJoined, hashText, isBlankCell, rowBatches } from "../../../src/agents/master-my-data/rows.js";
import { semanticMapper } from "../../../src/agents/master-my-data/semantic-mapper.js";
import { profileDataset } from "../../../src/agents/unified-profiler.js";
import type { Dataset } from "../../../src/engine/types.js";
import { csvField } from "../../../src/reports/csv-field.js";
import { datasetFromColumns, datasetFromRows } from "../../support/dataset.js";
import { fileText, runMasterAgent, runMasterChain } from "./run-master-agent.js";

/** Values that exercise quoting, formula neutralising, numbers, spaces and non-ASCII text. */
const TRICKY: (string | null)[] = [
  null,
  "",
  " ",
  "plain",
  "=1+1",
  "=HYPERLINK(x)",
  "-12.5",
  "+3",
  "-1e5",
  "-1e",
  "5.",
  ".5",
  ".",
  "-",
  "+",
  "-A1",
  "+1+1",
  "@SUM(A1)",
  "\tx",
  "\rx",
  "x\r\ny",
  " lead",
  "trail ",
  'say "hi"',
  "a,b",
  '"',
  "x\u00a0",
  "\u00a0x",
  "José",
  "=é",
  "1e+07",
  "12abc",
  "\u000bx",
];

async function firstBatch(dataset: Dataset) {
  for await (const batch of rowBatches(dataset)) return batch;
  throw new Error("no batch");
}

describe("byte paths of the master agents", () => {
  it("writes each cell as csvField writes its text, separated by commas, lines ended by CRLF", async () => {
    const batch = await firstBatch(
      datasetFromRows(
        ["v"],
        TRICKY.map((v) => [v]),
      ),
    );
    const out = new CsvBytes();
    for (let i = 0; i < batch.rows; i++) {
      out.cell(batch.cells[0], i);
      out.field(i);
      out.endLine();
    }
    const expected = TRICKY.map((v, i) => `${csvField(v)},${i}\r\n`).join("");
    expect(Buffer.from(out.take()).toString("utf8")).toBe(expected);
  });

  it("checks types and ranges on the bytes as the text predicates do", async () => {
    const values = [...TRICKY, "42", " 42 ", "007", "3.5", "1,5", "true", "0", "1", "2024-03-01", "2024-03-01 10:00:00", "1e400", "٣"];
    const batch = await firstBatch(
      datasetFromRows(
        ["v"],
        values.map((v) => [v]),
      ),
    );
    const cells = batch.cells[0];
    for (const type of ["integer", "float", "boolean", "date", "datetime"] as const) {
      const checks = valueChecks({ name: "v", required: true, type, min: -10, max: 100 });
      for (const check of checks) {
        expect(check.passesCell).toBeDefined();
        for (let i = 0; i < values.length; i++) {
          if (isBlankCell(cells, i)) continue;
          const text = cellValue(cells, i) as string;
          expect(check.passesCell?.(cells, i), `${check.check} ${type} ${JSON.stringify(text)}`).toBe(check.passes(text));
        }
      }
    }
  });

  it("infers the contract a full profile gives: type, not_null and unique per column", async () => {
    const n = 60;
    const dataset = datasetFromColumns(
      {
        id: Array.from({ length: n }, (_, i) => String(i + 1)),
        zip: Array.from({ length: n }, (_, i) => String(10000 + ((i * 7) % 50))),
        padded: Array.from({ length: n }, (_, i) => String(i % 9).padStart(3, "0")),
        amount: Array.from({ length: n }, (_, i) => (i === 3 ? "NA" : `${i}.25`)),
        mostly_int: Array.from({ length: n }, (_, i) => (i === 5 ? "n/a" : i === 7 ? "x" : String(i))),
        flag: Array.from({ length: n }, (_, i) => (i % 2 ? "true" : "false")),
        day: Array.from({ length: n }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, "0")}`),
        stamp: Array.from({ length: n }, (_, i) => `2024-01-01 10:${String(i % 60).padStart(2, "0")}:00`),
        name: Array.from({ length: n }, (_, i) => (i === 9 ? null : ` name ${i} `)),
        blank: Array.from({ length: n }, () => ""),
        huge: Array.from({ length: n }, (_, i) => "9".repeat(400) + String(i)),
      },
      { batchSize: 17 },
    );
    const profile = await profileDataset(dataset, profileMyDataParameters.parse({})["unified-profiler"]);
    const fromProfile = profile.columns.map((c) => ({
      name: c.name,
      required: true,
      type: c.inferred_type,
      ...(c.nulls === 0 ? { not_null: true } : {}),
      ...(c.distinct_exact && c.count > 1 && c.distinct === c.count ? { unique: true } : {}),
    }));
    const inferred = await inferContract(dataset, new AbortController().signal, () => undefined);
    expect(inferred).toEqual({ allow_extra_columns: false, columns: fromProfile });
    // The fixture reaches each rule: a unique id, a fixed-width code, leading zeros, nulls by marker and by blank.
    expect(inferred.columns.find((c) => c.name === "id")).toMatchObject({ type: "integer", unique: true, not_null: true });
    expect(inferred.columns.find((c) => c.name === "zip")?.type).toBe("string");
    expect(inferred.columns.find((c) => c.name === "padded")?.type).toBe("string");
    expect(inferred.columns.find((c) => c.name === "amount")?.not_null).toBeUndefined();
  });

  it("semantic-mapper counts the same distinct values alone as after key-identifier, which hands it its counts", async () => {
    const n = 40;
    const dataset = datasetFromColumns({
      customer_id: Array.from({ length: n }, (_, i) => `C${i % 30}`),
      city: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? ` Paris${i % 4}` : `Paris${i % 4}`)),
      name: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? "José" : `Ann${i % 7}`)),
      email: Array.from({ length: n }, (_, i) => (i === 2 ? null : `u${i % 25}@example.com`)),
    });
    const alone = await runMasterAgent(semanticMapper, dataset);
    const { results } = await runMasterChain([keyIdentifier, semanticMapper], dataset);
    expect(results.get("semantic-mapper")?.data).toEqual(alone.data);
    const share = (column: string) =>
      (alone.data as { columns: { column: string; distinct_share: number }[] }).columns.find((c) => c.column === column)?.distinct_share;
    // Counted by hand: 30 ids of 40; 4 trimmed cities ("Paris0".."Paris3") of 40; 25 emails of 39.
    expect(share("customer_id")).toBe(0.75);
    expect(share("city")).toBe(0.1);
    expect(share("email")).toBe(Math.round((25 / 39) * 1000) / 1000);
  });

  it("writes a master id's hash in upper-case base 36 as Number.prototype.toString(36) does", () => {
    const hashes = [0, 1, 35, 36, 36 ** 2 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53 - 2, 36 ** 10, 36 ** 10 - 1];
    let x = 0x2545f491;
    for (let k = 0; k < 2000; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      hashes.push(x * 2 ** 21 + (Math.imul(x, 2654435761) >>> 11));
    }
    for (const h of hashes) expect(contentId("M", h)).toBe(`M-${h.toString(36).toUpperCase().padStart(11, "0")}`);
  });

  it("gives identical records that were never compared one id each: the content id, then -2, -3", async () => {
    // Free text only: nothing to block on, so every record is its own entity.
    const dataset = datasetFromRows(["remark"], [["same words"], ["other words"], ["same words"], ["same words"]]);
    const { results } = await runMasterChain([semanticMapper, goldenRecordBuilder, masterWritebackAgent], dataset);
    const crosswalk = (await fileText(results.get("master-writeback-agent")?.files?.find((f) => f.fileName === "crosswalk.csv")))
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",")[0]);
    const base = crosswalk[0];
    expect(base).toMatch(/^M-[0-9A-Z]{11}$/);
    expect(crosswalk).toEqual([base, expect.stringMatching(/^M-[0-9A-Z]{11}$/), `${base}-2`, `${base}-3`]);
    expect(crosswalk[1]).not.toBe(base);
  });

  it("hashes parts joined by a separator as hashText hashes the joined string", () => {
    const cases = [["smith", "10001"], ["", "x"], ["a", "", "b"], ["josé", "75001"], ["MKSN", "1980-01-02", "x y"], ["solo"]];
    for (const parts of cases) expect(hashJoined(parts, parts.length, 0x1f)).toBe(hashText(parts.join("\u001f")));
    // Only the first `count` parts count.
    expect(hashJoined(["a", "b", "stale"], 2, 0x1f)).toBe(hashText("a\u001fb"));
  });
});
