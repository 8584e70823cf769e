/**
 * What a column is meant to hold, declared by the user or inferred from its values the way the
 * profiler does (a type is the column's when ≥ 95 % of its non-empty values are of that type),
 * and whether one value can be read as that type, leniently: "1,234.50", "$12" and "12/31/2024"
 * can be read, so only values no cleaning step could convert count as unparseable.
 */
import { type Dataset, scanBatches } from "../../engine/types.js";
import { isNullCell, type Utf8Cells } from "../../stats/utf8-column.js";
import { CellKind, classifyCell, type InferredType, newParsedCell } from "../../stats/value-parse.js";
import { type DateOrder, toIsoDate } from "./dates.js";
import { knownRows } from "./derived-dataset.js";
import { NullMarkers } from "./null-markers.js";
import { columnsOf } from "./row-batch.js";
import { parseLooseBoolean, parseLooseNumber } from "./value-conversions.js";

const DOMINANT_SHARE = 0.95;

function isSpace(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13;
}

/** Per column, its non-empty values by CellKind (see inferColumnTypes). */
type KindCounts = Float64Array;

/** The largest group of kinds that can make a column's type: numbers, dates, booleans. */
function groups(k: KindCounts): [InferredType, number][] {
  return [
    [k[CellKind.Float] > 0 ? "float" : "integer", k[CellKind.Integer] + k[CellKind.Float]],
    [k[CellKind.DateTime] > 0 ? "datetime" : "date", k[CellKind.Date] + k[CellKind.DateTime]],
    ["boolean", k[CellKind.Boolean]],
  ];
}

/**
 * Whether `n` of a column's `valued` values so far can no longer reach `share` of its values,
 * even if every one of its `unread` remaining rows were a value of that kind. A pass that infers
 * types stops reading a column once no kind can (text, e-mail and code columns settle within their
 * first batches). The margin of one value keeps the float comparison of the end from ever deciding otherwise.
 */
export function outOfReach(share: number, n: number, valued: number, unread: number): boolean {
  return share * (valued + unread) - (n + unread) > 1;
}

/** Whether the column is "string" whatever its `unread` remaining rows hold. */
function settledAsString(k: KindCounts, unread: number): boolean {
  const valued = k.reduce((a, b) => a + b, 0);
  return groups(k).every(([, n]) => outOfReach(DOMINANT_SHARE, n, valued, unread));
}

/**
 * Infers each column's type in one pass; columns with no values are "string". Cells holding one
 * of `nullMarkers` are left out, as empty cells are. On a dataset that knows its rows, a column
 * stops being read once it is settled as "string".
 */
export async function inferColumnTypes(
  dataset: Dataset,
  signal?: AbortSignal,
  nullMarkers: NullMarkers = new NullMarkers([]),
  progress?: (rowsRead: number) => void,
): Promise<InferredType[]> {
  const count = new ColumnKindCount(dataset.columns.length, nullMarkers, knownRows(dataset));
  for await (const { batch } of scanBatches(dataset, signal)) {
    const settled = count.add(batch, columnsOf(batch, dataset.columns.length));
    progress?.(count.rowsRead);
    if (settled) break;
  }
  return count.types();
}

/**
 * The pass batch by batch: quarantine-agent runs it itself (inferColumnTypes), or a worker runs
 * it on the input's batches as they are read (column-kind-following.ts).
 */
export class ColumnKindCount {
  private readonly counts: KindCounts[];
  private readonly parsed = newParsedCell();
  // The columns still being read.
  private open: number[];
  rowsRead = 0;
  batches = 0;

  /** `rowBound` is at least the rows the dataset holds (-1: not known), so a column settles once it is surely "string". */
  constructor(
    width: number,
    private readonly nullMarkers: NullMarkers,
    private readonly rowBound: number,
  ) {
    this.counts = Array.from({ length: width }, () => new Float64Array(6));
    this.open = this.counts.map((_, c) => c);
  }

  /** Counts a batch's cells; true once every column is settled (no more rows can change a type). */
  add(batch: { numRows: number }, columns: Utf8Cells[]): boolean {
    const { nullMarkers, parsed } = this;
    const longestMarker = nullMarkers.longest;
    for (const c of this.open) {
      const cells = columns[c];
      const counts = this.counts[c];
      for (let i = 0; i < batch.numRows; i++) {
        if (isNullCell(cells, i)) continue;
        let s = cells.offsets[i];
        let e = cells.offsets[i + 1];
        while (s < e && isSpace(cells.values[s])) s++;
        while (e > s && isSpace(cells.values[e - 1])) e--;
        if (s === e) continue;
        const kind = classifyCell(cells.values, s, e, parsed);
        // Only text can be a marker ("-" and "?" included), and only when short; read from its bytes.
        if (kind === CellKind.String && e - s <= longestMarker && nullMarkers.hasBytes(cells.values, s, e)) continue;
        counts[kind]++;
      }
    }
    this.rowsRead += batch.numRows;
    this.batches++;
    if (this.rowBound >= 0) this.open = this.open.filter((c) => !settledAsString(this.counts[c], this.rowBound - this.rowsRead));
    return this.open.length === 0;
  }

  types(): InferredType[] {
    return this.counts.map((k) => {
      const valued = k.reduce((a, b) => a + b, 0);
      if (valued === 0) return "string";
      const best = groups(k).reduce((a, b) => (b[1] > a[1] ? b : a));
      return best[1] >= DOMINANT_SHARE * valued ? best[0] : "string";
    });
  }
}

/** Whether a non-empty value can be read as `type` (leniently, see above). */
export function readableAs(value: string, type: InferredType, order: DateOrder = "MDY"): boolean {
  switch (type) {
    case "integer": {
      const n = parseLooseNumber(value);
      return n !== null && Number.isInteger(n);
    }
    case "float":
      return parseLooseNumber(value) !== null;
    case "boolean":
      return parseLooseBoolean(value) !== null;
    case "date":
    case "datetime":
      return toIsoDate(value, order) !== null;
    case "string":
      return true;
  }
}
