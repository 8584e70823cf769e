/**
 * The PII scan split across worker threads gives the single-thread result, cell for cell: the
 * threads take ranges of rows in turn, each column spread over several of them, and a column
 * whose verdicts depend on its earlier values (phone numbers) is scanned again in one pass.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { profileMyDataParameters } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { type PiiCell, type PiiScan, type ScoreRiskParams, scanPii, scanPiiCells } from "../../src/agents/score-risk/scan-pii.js";
import { balanceColumns } from "../../src/engine/column-threads.js";
import { ingestDataset } from "../../src/engine/dataset.js";
import { folderStore } from "../../src/engine/object-store.js";
import type { Dataset } from "../../src/engine/types.js";
import { luhnComplete } from "../support/luhn.js";
import { seededRandom } from "../support/random.js";

const random = seededRandom(27);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

/** A scan with its listed cells gathered, on `threads` threads. */
async function scanWithCells(
  dataset: Dataset,
  params: ScoreRiskParams,
  threads: number,
  options: { rangeBatches?: number; progress?: (rows: number) => void } = {},
) {
  const cells: PiiCell[] = [];
  const spill = mkdtempSync(join(tmpdir(), "pii-cells-"));
  const scan: PiiScan = await scanPiiCells(dataset, params, spill, () => ({ cell: (cell) => cells.push(cell) }), { threads, ...options });
  // The cell files the scan wrote, per column: column-<c>-part-<task>.lines, a file per range.
  const [cellDir] = readdirSync(spill);
  const files = readdirSync(join(spill, cellDir));
  return { result: { scan, cells }, files };
}

/** The tasks that left cell files of column `c` (a task per range, and one per column scanned again whole). */
function partsOf(files: string[], c: number): number[] {
  return files
    .map((f) => f.match(/^column-(\d+)-part-(\d+)\.lines$/))
    .filter((m) => m !== null && Number(m[1]) === c)
    .map((m) => Number((m as RegExpMatchArray)[2]))
    .sort((a, b) => a - b);
}

describe("PII scan on several threads", () => {
  // Four scans, three starting worker threads under the TypeScript loader: slow on a busy machine.
  it("finds exactly what one thread finds, in the same order", { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "pii-threads-"));
    const rows = 6_000;
    let emails = 0;
    const lines = ["id,contact,phone,card,notes,city,ip,mobile"];
    for (let row = 1; row <= rows; row++) {
      const email = random() < 0.9 ? `user${Math.floor(random() * 3_000)}@example.org` : "";
      if (email) emails++;
      const phone =
        random() < 0.5
          ? `0${pick(["6", "7", "1"])} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`
          : `+1 415 ${pick(["2", "4"])}${digits(2)} ${digits(4)}`;
      const card = luhnComplete(`4${digits(14)}`);
      const badCard = row % 11 === 0 ? card.slice(0, 15) + String((Number(card[15]) + 1) % 10) : card;
      const notes =
        row % 7 === 0 ? `"call me on 06 12 ${digits(2)} ${digits(2)} 78 or write to jo${row}@mail.fr"` : `order ${digits(3)} shipped late`;
      const ip = `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
      // Phone numbers only in the last thousand rows: the column looks up none before its last range.
      const mobile = row > 5_000 ? `+33 6 12 34 56 ${digits(2)}` : `ref-${digits(4)}`;
      lines.push(`${row},${email},${phone},${badCard},${notes},${pick(["Paris", "Lyon", "Nice"])},${ip},${mobile}`);
    }
    writeFileSync(join(dir, "in.csv"), `${lines.join("\n")}\n`);
    const dataset = await ingestDataset({
      store: folderStore(dir),
      key: "in.csv",
      role: "primary",
      format: "csv",
      batchRows: 1_000,
      maxBytes: 1e9,
      spillDir: mkdtempSync(join(tmpdir(), "pii-threads-spill-")),
    });
    const params = profileMyDataParameters.parse({})["score-risk"];
    const { result: one } = await scanWithCells(dataset, params, 1);
    const { scan, cells } = one;

    // The scan found what the file holds, so the comparison is of real findings.
    expect(scan.rows).toBe(rows);
    expect(scan.columns.map((c) => c.entity)).toEqual([null, "email", "phone", "credit_card", null, null, "ip_address", "phone"]);
    expect(scan.columns[1].matches).toBe(emails);
    expect(scan.columns[3].checksums).toEqual([{ entity: "credit_card", check: "Luhn check", valid: rows - 545, invalid: 545 }]);
    expect(scan.columns[4].embedded.map((e) => [e.entity, e.count])).toEqual([
      ["email", Math.floor(rows / 7)],
      ["phone", Math.floor(rows / 7)],
    ]);
    expect(scan.columns[7].matches).toBe(1_000);
    expect(cells.filter((c) => c.field === "contact")).toHaveLength(emails);

    // Six batches of 1,000 rows: ranges of one batch (more ranges than threads), of two, and of
    // four (one range of four batches and one of two).
    for (const [threads, rangeBatches, ranges] of [
      [2, 1, 6],
      [3, 1, 6],
      [3, 2, 3],
      [2, 4, 2],
    ]) {
      const progress: number[] = [];
      const { result, files } = await scanWithCells(dataset, params, threads, { rangeBatches, progress: (n) => progress.push(n) });
      expect(result).toEqual(one);
      expect(progress.at(-1)).toBe(rows);
      // The e-mails and cards came from every range, so each column was spread over them all.
      const rangeTasks = partsOf(files, 1);
      expect(rangeTasks).toHaveLength(ranges);
      expect(partsOf(files, 3)).toEqual(rangeTasks);
      // The phone columns and the free text with phone numbers in it were scanned on in order
      // after the first range, and the late phone column again whole: outside the ranges.
      for (const c of [2, 4, 6, 7]) expect(partsOf(files, c).filter((task) => !rangeTasks.includes(task))).toHaveLength(1);
    }
    // Without cells asked for, the same findings.
    expect(await scanPii(dataset, params, { threads: 2, rangeBatches: 1 })).toEqual(scan);
  });

  it("balances columns by estimated cost, each thread's columns in file order", () => {
    expect(balanceColumns([5, 1, 1, 4, 1], 2)).toEqual([
      [0, 2],
      [1, 3, 4],
    ]);
    expect(balanceColumns([1, 1], 4)).toEqual([[0], [1]]);
    expect(balanceColumns([3, 3, 3], 1)).toEqual([[0, 1, 2]]);
  });
});
