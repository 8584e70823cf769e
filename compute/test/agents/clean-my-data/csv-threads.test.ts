/**
 * A derived dataset written as CSV by several threads is the single-thread file byte for byte:
 * rows that lost neighbours keep their source row, cells that need quotes, formula triggers and
 * multi-byte text come out alike, and a reader that stops early leaves no worker behind. Written
 * while the agent ahead still writes the dataset (cleanse-writeback following it), it is the
 * same file again, and it is taken only for the very dataset followed.
 */
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CleanedCsvFollowing } from "../../../src/agents/clean-my-data/cleaned-csv-following.js";
import { datasetCsv, sourceRowColumn, startedDatasetCsv } from "../../../src/agents/clean-my-data/csv-output.js";
import { type DerivedDataset, DerivedDatasetWriter } from "../../../src/agents/clean-my-data/derived-dataset.js";
import { columnsOf, RowBatchBuilder } from "../../../src/agents/clean-my-data/row-batch.js";
import { PARALLEL_MIN_ROWS } from "../../../src/engine/column-threads.js";
import type { SpilledDataset } from "../../../src/engine/dataset.js";
import { SpillHandoff } from "../../../src/engine/spill-handoff.js";
import { seededRandom } from "../../support/random.js";
import { spilledCsv } from "../../support/spilled-csv.js";

const random = seededRandom(5);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: T[]) => xs[int(xs.length)];

const COLUMNS = ["id", "name", "formula", "note"];

function csvText(rows: number): string {
  const lines = [COLUMNS.join(",")];
  for (let r = 1; r <= rows; r++) {
    lines.push(
      [
        String(r),
        pick(["Zoë", '"Smith, J"', " padded ", "東京", "", '"say ""hi"""']),
        pick(["=SUM(A1:A2)", "+1", "-3", "@x", "plain", ""]),
        random() < 0.2 ? `"two\nlines"` : `n${int(1_000)}`,
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `source` written again with every third row dropped, so batches carry their rows' original
 * numbers, telling `handoff` as it goes; `midway` runs once half the batches are written.
 */
async function rewritten(
  source: SpilledDataset,
  folder = mkdtempSync(join(tmpdir(), "csv-threads-")),
  handoff?: SpillHandoff,
  midway: () => Promise<void> = async () => undefined,
): Promise<DerivedDataset> {
  const writer = await DerivedDatasetWriter.open(folder, "dropped", source.columns, source, handoff);
  const batches = Math.ceil(source.rowCount / 250);
  let written = 0;
  for await (const data of source.batches()) {
    const cells = columnsOf(data.batch, COLUMNS.length);
    const out = new RowBatchBuilder(source.columns, data.batch.numRows);
    for (let i = 0; i < data.batch.numRows; i++) {
      const row = data.firstRow + i;
      if (row % 3 === 0) continue;
      out.begin(row);
      for (let c = 0; c < COLUMNS.length; c++) out.copy(c, cells[c], i);
      out.end();
    }
    const built = out.finish();
    await writer.write(built.batch, built.rows);
    if (++written === Math.floor(batches / 2)) await midway();
  }
  return writer.finish();
}

async function derived(rows: number): Promise<DerivedDataset> {
  return rewritten(await spilledCsv(csvText(rows), { batchRows: 250 }));
}

/** Bytes the CSV workers have written to their files in the spill folder, once they have written some (or after 5 s). */
async function bytesWrittenAhead(folder: string): Promise<number> {
  let ahead = 0;
  for (let wait = 0; wait < 100 && ahead === 0; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    ahead = readdirSync(folder)
      .filter((name) => /^csv-.*\.part$/.test(name))
      .reduce((bytes, name) => bytes + statSync(join(folder, name)).size, 0);
  }
  return ahead;
}

/** A following as cleanse-writeback starts it for a chain of `rows` input rows. */
function following(handoff: SpillHandoff, rows = PARALLEL_MIN_ROWS): CleanedCsvFollowing {
  const started = CleanedCsvFollowing.start({
    parameters: {},
    handoff,
    inputRows: rows,
    inputBytes: 0,
    signal: new AbortController().signal,
  });
  if (!started) throw new Error("no following on this machine");
  return started;
}

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe("CSV written on several threads", () => {
  it("is the single-thread file byte for byte, with source rows and with the originals column", async () => {
    const dataset = await derived(3_000);
    expect(dataset.spill.batchCount).toBeGreaterThan(6);
    for (const options of [{ sourceRow: sourceRowColumn(dataset.columns) }, { originalsColumn: "original_values" }]) {
      const single = await bytesOf(datasetCsv(dataset, undefined, options, 1));
      for (const threads of [2, 3]) expect((await bytesOf(datasetCsv(dataset, undefined, options, threads))).equals(single)).toBe(true);
      // 2,000 rows kept of 3,000, each one record (the header's line plus the rows' own CRLFs).
      expect(single.toString("utf8").split("\r\n").length - 2).toBe(2_000);
    }
  });

  it("stops its workers when the reader stops early", async () => {
    const dataset = await derived(3_000);
    const chunks = datasetCsv(dataset, undefined, {}, 2)[Symbol.asyncIterator]();
    await chunks.next();
    await chunks.next();
    // The generator's finally terminates the worker; a worker left behind would keep the test process alive.
    await expect(chunks.return?.(undefined)).resolves.toMatchObject({ done: true });
    const again = await bytesOf(datasetCsv(dataset, undefined, {}, 2));
    expect(again.equals(await bytesOf(datasetCsv(dataset, undefined, {}, 1)))).toBe(true);
  });

  it("started before it is read, has its workers write ahead to the spill folder, and is still the same file", async () => {
    const dataset = await derived(3_000);
    const options = { sourceRow: sourceRowColumn(dataset.columns) };
    const single = await bytesOf(datasetCsv(dataset, undefined, options, 1));
    for (const threads of [2, 3]) {
      const folder = dirname(dataset.spill.source.spillPath);
      const take = startedDatasetCsv(dataset, undefined, options, threads);
      // Nobody reads yet: the workers claim batches and write them to files of their own.
      const ahead = await bytesWrittenAhead(folder);
      expect(ahead).toBeGreaterThan(0);
      expect((await bytesOf(take())).equals(single)).toBe(true);
    }
  });

  it("followed while the agent ahead still writes the dataset, writes the batches told as they land, and is still the same file", async () => {
    const source = await spilledCsv(csvText(3_000), { batchRows: 250 });
    const handoff = new SpillHandoff();
    const followed = following(handoff);
    const folder = mkdtempSync(join(tmpdir(), "csv-threads-"));
    let aheadMidway = 0;
    const dataset = await rewritten(source, folder, handoff, async () => {
      // Half the dataset is on disk, nothing is finished, and the worker has written some of it as CSV.
      aheadMidway = await bytesWrittenAhead(folder);
    });
    const chunks = followed.take(dataset, new AbortController().signal);
    expect(chunks).not.toBeNull();
    const options = { sourceRow: sourceRowColumn(dataset.columns) };
    const single = await bytesOf(datasetCsv(dataset, undefined, options, 1));
    expect((await bytesOf((chunks as NonNullable<typeof chunks>)())).equals(single)).toBe(true);
    expect(aheadMidway).toBeGreaterThan(0);
  });

  it("is taken only for the very dataset followed, once finished: not for another, not after the writer gave up", async () => {
    const source = await spilledCsv(csvText(1_000), { batchRows: 250 });
    const handoff = new SpillHandoff();
    const followed = following(handoff);
    await rewritten(source, undefined, handoff);
    expect(followed.take(await derived(1_000), new AbortController().signal)).toBeNull();

    const abandoned = new SpillHandoff();
    const gaveUp = following(abandoned);
    const writer = await DerivedDatasetWriter.open(
      mkdtempSync(join(tmpdir(), "csv-threads-")),
      "dropped",
      source.columns,
      source,
      abandoned,
    );
    for await (const data of source.batches()) {
      await writer.writeBatch(data);
      break;
    }
    await writer.discard();
    expect(gaveUp.take(await derived(1_000), new AbortController().signal)).toBeNull();
    // Below the rows where a second thread pays, nothing follows.
    expect(
      CleanedCsvFollowing.start({
        parameters: {},
        handoff: new SpillHandoff(),
        inputRows: 10,
        inputBytes: 0,
        signal: new AbortController().signal,
      }),
    ).toBeUndefined();
  });
});
