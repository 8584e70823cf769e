/**
 * The PII scan split across worker threads gives the single-thread result, cell for cell: each
 * thread reads the same spill file and scans its own columns.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
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
async function scanWithCells(dataset: Dataset, params: ScoreRiskParams, threads: number, progress?: (rows: number) => void) {
  const cells: PiiCell[] = [];
  const scan: PiiScan = await scanPiiCells(dataset, params, mkdtempSync(join(tmpdir(), "pii-cells-")), () => (cell) => cells.push(cell), {
    threads,
    progress,
  });
  return { scan, cells };
}

describe("PII scan on several threads", () => {
  // Four scans, three starting worker threads under the TypeScript loader: slow on a busy machine.
  it("finds exactly what one thread finds, in the same order", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "pii-threads-"));
    const rows = 6_000;
    let emails = 0;
    const lines = ["id,contact,phone,card,notes,city,ip"];
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
      lines.push(`${row},${email},${phone},${badCard},${notes},${pick(["Paris", "Lyon", "Nice"])},${ip}`);
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
    const { scan: one, cells } = await scanWithCells(dataset, params, 1);
    const progress: number[] = [];
    const two = await scanWithCells(dataset, params, 2, (n) => progress.push(n));
    const three = await scanWithCells(dataset, params, 3);

    // The scan found what the file holds, so the comparison is of real findings.
    expect(one.rows).toBe(rows);
    expect(one.columns.map((c) => c.entity)).toEqual([null, "email", "phone", "credit_card", null, null, "ip_address"]);
    expect(one.columns[1].matches).toBe(emails);
    expect(one.columns[3].checksums).toEqual([{ entity: "credit_card", check: "Luhn check", valid: rows - 545, invalid: 545 }]);
    expect(one.columns[4].embedded.map((e) => [e.entity, e.count])).toEqual([
      ["email", Math.floor(rows / 7)],
      ["phone", Math.floor(rows / 7)],
    ]);
    expect(cells.filter((c) => c.field === "contact")).toHaveLength(emails);
    expect(two).toEqual({ scan: one, cells });
    expect(three).toEqual({ scan: one, cells });
    // Without cells asked for, the same findings.
    expect(await scanPii(dataset, params, { threads: 2 })).toEqual(one);
    expect(progress.at(-1)).toBe(rows);
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
