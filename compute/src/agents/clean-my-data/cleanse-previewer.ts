/**
 * cleanse-previewer: the uploaded input beside the cleaned result. Per column: null share,
 * distinct count and top values before and after; rows removed; cells changed; and a sample of
 * cell-level diffs (row, field, before, after). Cleaning keeps rows in file order, so the two
 * datasets are walked together by original row number, one batch of each at a time. That walk
 * also finds the columns cleaning left as they were (same rows, same non-blank cells in the same
 * order): their after snapshot is their before snapshot, so only the others are counted again.
 * A column an agent passed on untouched is the very column the upload's spill holds (see
 * engine/column-pieces.ts): within such a batch its cells are not compared at all.
 */
import type * as report from "@agensium/shared";
import type { CleanMyDataParameters } from "@agensium/shared";
import type { Data } from "apache-arrow";
import { sameStoredColumn } from "../../engine/column-pieces.js";
import { SpilledDataset } from "../../engine/dataset.js";
import { type Agent, type DataBatch, type Dataset, scanBatches } from "../../engine/types.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { type ColumnSnapshot, isBlankCell, snapshotColumns } from "./column-snapshot.js";
import { originOf, rowNumberOf } from "./derived-dataset.js";
import { percent } from "./findings.js";
import { cellValue, columnsOf } from "./row-batch.js";
import { UploadSnapshot } from "./upload-snapshot.js";

type Params = CleanMyDataParameters["cleanse-previewer"];

export type CellDiff = report.CellDiff;

export type PreviewColumn = report.PreviewColumn;

export type PreviewData = report.PreviewData;

/** Whether cell i is missing or holds only ASCII bytes (whose text differs whenever the bytes do). */
function asciiOrNullCell(cells: Utf8Cells, i: number): boolean {
  if (isNullCell(cells, i)) return true;
  const end = cells.offsets[i + 1];
  for (let k = cells.offsets[i]; k < end; k++) if (cells.values[k] >= 0x80) return false;
  return true;
}

/** Whether cell i of `a` holds the same bytes (or null) as cell j of `b`. */
function sameCellBytes(a: Utf8Cells, i: number, b: Utf8Cells, j: number): boolean {
  const aNull = isNullCell(a, i);
  if (aNull || isNullCell(b, j)) return aNull && isNullCell(b, j);
  const start = a.offsets[i];
  const length = a.offsets[i + 1] - start;
  const otherStart = b.offsets[j];
  if (b.offsets[j + 1] - otherStart !== length) return false;
  for (let k = 0; k < length; k++) if (a.values[start + k] !== b.values[otherStart + k]) return false;
  return true;
}

/** Steps through a dataset row by row across its batches. */
class RowCursor {
  private readonly iterator: AsyncIterator<DataBatch>;
  private current: DataBatch | null = null;
  private cells: Utf8Cells[] = [];
  private index = 0;
  done = false;
  /** Batches loaded so far: tells the walk when the pair of batches it compares has changed. */
  loads = 0;

  constructor(
    private readonly dataset: Dataset,
    signal?: AbortSignal,
    /** Sees every batch as it is loaded. */
    private readonly onBatch?: (batch: DataBatch) => void,
  ) {
    // The cursor holds one batch at a time, and the walk keeps nothing of it but decoded text.
    this.iterator = scanBatches(dataset, signal)[Symbol.asyncIterator]();
  }

  /**
   * Moves to the next row of the current batch; false when advance() must load the next batch
   * (or find the end). The walk calls this first so that only a batch boundary costs an await.
   */
  stepInBatch(): boolean {
    if (this.current === null || this.index + 1 >= this.current.batch.numRows) return false;
    this.index++;
    return true;
  }

  /** Moves to the next row; false at the end. */
  async advance(): Promise<boolean> {
    this.index++;
    while (!this.current || this.index >= this.current.batch.numRows) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        return false;
      }
      this.current = next.value;
      this.loads++;
      this.onBatch?.(next.value);
      this.cells = columnsOf(next.value.batch, this.dataset.columns.length);
      this.index = 0;
    }
    return true;
  }

  get row(): number {
    return rowNumberOf(this.current as DataBatch, this.index);
  }

  /** The current batch's column as Arrow data. */
  data(column: number): Data {
    return (this.current as DataBatch).batch.data.children[column];
  }

  value(column: number): string | null {
    return cellValue(this.cells[column], this.index);
  }

  /** Whether this row's cell counts as null in a snapshot (missing or empty). */
  blank(column: number): boolean {
    return isBlankCell(this.cells[column], this.index);
  }

  /** Whether this row's cell is missing or holds only ASCII bytes (whose text differs whenever the bytes do). */
  asciiOrNull(column: number): boolean {
    return asciiOrNullCell(this.cells[column], this.index);
  }

  /** Whether this row's cell holds the same bytes (or null) as the other cursor's. */
  sameBytes(column: number, other: RowCursor, otherColumn: number): boolean {
    return sameCellBytes(this.cells[column], this.index, other.cells[otherColumn], other.index);
  }

  /** The current batch's cells of a column. */
  columnCells(column: number): Utf8Cells {
    return this.cells[column];
  }

  /**
   * Rows of the current batch, when both cursors are at the first row of batches holding the same
   * rows in the same order (no row removed or moved between them); else 0.
   */
  pairedBatchRows(other: RowCursor): number {
    const mine = this.current;
    const theirs = other.current;
    if (mine === null || theirs === null || this.index !== 0 || other.index !== 0) return 0;
    const n = mine.batch.numRows;
    if (theirs.batch.numRows !== n) return 0;
    for (let i = 0; i < n; i++) if (rowNumberOf(mine, i) !== rowNumberOf(theirs, i)) return 0;
    return n;
  }

  /** Moves to the current batch's last row: the walk compared the whole batch at once. */
  toBatchEnd(): void {
    if (this.current) this.index = this.current.batch.numRows - 1;
  }
}

/** Whether the first `rows` cells of two columns hold the same bytes (or nulls). */
function sameCells(a: Utf8Cells, b: Utf8Cells, rows: number): boolean {
  for (let i = 0; i < rows; i++) if (!sameCellBytes(a, i, b, i)) return false;
  return true;
}

/**
 * The cells of `rows` rows whose text differs between a column of the upload and the same rows of
 * the cleaned column, as the row walk counts them, and whether every pair is snapshot-equal (same
 * bytes, or both blank).
 */
function changedCells(before: Utf8Cells, after: Utf8Cells, rows: number): { changed: number; snapshotEqual: boolean } {
  let changed = 0;
  let snapshotEqual = true;
  for (let i = 0; i < rows; i++) {
    if (sameCellBytes(before, i, after, i)) continue;
    if (snapshotEqual && !(isBlankCell(before, i) && isBlankCell(after, i))) snapshotEqual = false;
    // Different ASCII bytes are different texts; other byte runs may decode to the same text.
    if ((!asciiOrNullCell(before, i) || !asciiOrNullCell(after, i)) && cellValue(before, i) === cellValue(after, i)) continue;
    changed++;
  }
  return { changed, snapshotEqual };
}

export const cleansePreviewer: Agent<Params, PreviewData> = {
  id: "cleanse-previewer",
  // The upload's snapshot does not depend on the cleaning: counted while the agents ahead run.
  prepare: ({ primary, parameters, signal }) => UploadSnapshot.prestart(primary, parameters.top_values, signal),
  async run(ctx) {
    const after = ctx.primary;
    const before = originOf(after);
    const p = ctx.parameters;
    // The before snapshot is counted from the walk's own reading of the upload, with a worker
    // counting most of the columns from the spill on a large one (upload-snapshot.ts).
    const beforeCounter = await UploadSnapshot.start(before, p.top_values, ctx.signal);

    const common = before.columns.flatMap((name, b) => {
      const a = after.columns.indexOf(name);
      return a >= 0 ? [{ name, b, a }] : [];
    });
    const changed = common.map(() => 0);
    // Per common column: whether every cleaned cell so far is snapshot-equal to its original
    // (same bytes, or both blank). It counts only while the rows pair up one to one.
    const snapshotEqual = common.map(() => true);
    let rowsPaired = true;
    const sample: CellDiff[] = [];
    let cellsChanged = 0;
    const original = new RowCursor(before, ctx.signal, (data) => beforeCounter.add(data.batch));
    const cleaned = new RowCursor(after, ctx.signal);
    let hasCleaned = await cleaned.advance();
    let seen = 0;
    // Per common column: whether the two current batches hold it as one stored column.
    const stored = common.map(() => false);
    let storedFor = [-1, -1];
    while (original.stepInBatch() || (await original.advance())) {
      while (hasCleaned && cleaned.row < original.row) {
        rowsPaired = false;
        hasCleaned = cleaned.stepInBatch() || (await cleaned.advance());
      }
      if (hasCleaned && cleaned.row === original.row) {
        if (storedFor[0] !== original.loads || storedFor[1] !== cleaned.loads) {
          storedFor = [original.loads, cleaned.loads];
          for (let k = 0; k < common.length; k++) stored[k] = sameStoredColumn(original.data(common[k].b), cleaned.data(common[k].a));
        }
        // A pair of batches holding the same rows is compared a column at a time when the order
        // cells are looked at makes no difference: once the sample is full (only counts are left
        // to take), or when no cell of the pair differs at all.
        const pairedRows = original.pairedBatchRows(cleaned);
        const paired =
          pairedRows > 0 &&
          (sample.length >= p.diff_sample_size ||
            common.every(({ b, a }, k) => stored[k] || sameCells(original.columnCells(b), cleaned.columnCells(a), pairedRows)))
            ? pairedRows
            : 0;
        if (paired > 0) {
          for (let k = 0; k < common.length; k++) {
            if (stored[k]) continue;
            const n = changedCells(original.columnCells(common[k].b), cleaned.columnCells(common[k].a), paired);
            if (n.changed > 0 || !n.snapshotEqual) {
              cellsChanged += n.changed;
              changed[k] += n.changed;
              if (!n.snapshotEqual) snapshotEqual[k] = false;
            }
          }
          original.toBatchEnd();
          cleaned.toBatchEnd();
          hasCleaned = await cleaned.advance();
          if (Math.floor((seen + paired) / 10_000) > Math.floor(seen / 10_000)) ctx.progress(seen + paired, "sampling");
          seen += paired;
          continue;
        }
        for (let k = 0; k < common.length; k++) {
          if (stored[k]) continue;
          const { name, b, a } = common[k];
          // Cells are compared as bytes. Different ASCII bytes (or a null beside a value) are
          // different texts; other changed cells are decoded and compared as text, since two
          // malformed byte runs can decode to the same replacement characters.
          if (original.sameBytes(b, cleaned, a)) continue;
          if (!(original.blank(b) && cleaned.blank(a))) snapshotEqual[k] = false;
          const sampled = sample.length < p.diff_sample_size;
          if (sampled || !original.asciiOrNull(b) || !cleaned.asciiOrNull(a)) {
            const was = original.value(b);
            const now = cleaned.value(a);
            if (was === now) continue;
            if (sampled) sample.push({ row: original.row, field: name, before: was, after: now });
          }
          cellsChanged++;
          changed[k]++;
        }
        hasCleaned = cleaned.stepInBatch() || (await cleaned.advance());
      } else rowsPaired = false;
      if (++seen % 10_000 === 0) ctx.progress(seen, "sampling");
    }
    if (hasCleaned) rowsPaired = false;
    // Keyed by name, as the report is (a name the input repeats adds up its columns' counts).
    const changedPerColumn = new Map<string, number>();
    for (let k = 0; k < common.length; k++) changedPerColumn.set(common[k].name, (changedPerColumn.get(common[k].name) ?? 0) + changed[k]);

    // A name used once on each side, so the snapshot keyed by it is that one column's.
    const once = (columns: string[], name: string) => columns.indexOf(name) === columns.lastIndexOf(name);
    // Columns whose after snapshot is their before snapshot. The after snapshot of the others is
    // counted while the worker may still be counting the before one.
    const reusedNames = new Set(
      rowsPaired
        ? common.filter(({ name }, k) => snapshotEqual[k] && once(before.columns, name) && once(after.columns, name)).map((c) => c.name)
        : [],
    );
    const afterStats = await snapshotColumns(after, p.top_values, ctx.signal, (c) => !reusedNames.has(after.columns[c]));
    const beforeStats = await beforeCounter.result();
    for (const name of reusedNames) {
      const snapshot = beforeStats.columns.get(name) as ColumnSnapshot;
      afterStats.columns.set(name, { ...snapshot, top_values: snapshot.top_values.map((v) => ({ ...v })) });
    }

    const columns: PreviewColumn[] = [
      ...before.columns.map(
        (field): PreviewColumn => ({
          field,
          status: after.columns.includes(field) ? "kept" : "removed",
          before: beforeStats.columns.get(field) ?? null,
          after: afterStats.columns.get(field) ?? null,
          cells_changed: changedPerColumn.get(field) ?? 0,
        }),
      ),
      ...after.columns
        .filter((field) => !before.columns.includes(field))
        .map(
          (field): PreviewColumn => ({
            field,
            status: "added",
            before: null,
            after: afterStats.columns.get(field) ?? null,
            cells_changed: 0,
          }),
        ),
    ];
    // Records the reader left out (wrong field count) were rows of the upload too; quarantine.csv holds them.
    const rowsBefore = beforeStats.rows + (before instanceof SpilledDataset ? before.raggedRows.count : 0);
    const rowsRemoved = rowsBefore - afterStats.rows;
    const totalCells = afterStats.rows * Math.max(1, common.length);
    return {
      alerts: [],
      issues: [],
      recommendations: [],
      row_level_issues: [],
      executive_summary: [
        {
          title: "Rows removed",
          value: rowsRemoved,
          status: rowsRemoved / Math.max(1, rowsBefore) > 0.2 ? "warning" : "good",
          description: `${afterStats.rows} of ${rowsBefore} rows remain (${percent(rowsRemoved, rowsBefore)} removed)`,
        },
        {
          title: "Cells changed",
          value: cellsChanged,
          status: "good",
          description: `${percent(cellsChanged, totalCells)} of the cells of rows that remain`,
        },
        {
          title: "Columns",
          value: `${before.columns.length} → ${after.columns.length}`,
          status: "good",
          description: `${columns.filter((c) => c.status === "removed").length} removed, ${columns.filter((c) => c.status === "added").length} added`,
        },
      ],
      data: {
        rows_before: rowsBefore,
        rows_after: afterStats.rows,
        rows_removed: rowsRemoved,
        cells_changed: cellsChanged,
        columns,
        diff_sample: sample,
      },
    };
  },
};
