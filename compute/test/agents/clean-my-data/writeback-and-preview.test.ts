import type { AgentOutput } from "@agensium/shared";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cleansePreviewer } from "../../../src/agents/clean-my-data/cleanse-previewer.js";
import { cleanseWriteback } from "../../../src/agents/clean-my-data/cleanse-writeback.js";
import { nullHandler } from "../../../src/agents/clean-my-data/null-handler.js";
import { typeFixer } from "../../../src/agents/clean-my-data/type-fixer.js";
import { datasetFromRows } from "../../support/dataset.js";
import { spilledCsv } from "../../support/spilled-csv.js";
import { asPrevious, fileText, readColumn, readRows, runClean } from "./clean-support.js";

const input = () =>
  datasetFromRows(
    ["sku", "price", "stock"],
    [
      ["A1", "$1,000", "5"],
      ["A2", "N/A", "7"],
      ["A3", "20", ""],
      ["A4", "30", "2"],
    ],
    { batchSize: 2 },
  );

async function cleanChain() {
  const previous = new Map<string, AgentOutput>();
  const nulls = await runClean(nullHandler, input(), { strategies: { price: "drop_row", stock: "fill_value" }, fill_values: { stock: 0 } });
  previous.set("null-handler", asPrevious("null-handler", nulls));
  const types = await runClean(typeFixer, nulls.nextPrimary!, { target_types: { price: "float" } }, previous);
  previous.set("type-fixer", asPrevious("type-fixer", types));
  return { previous, cleaned: types.nextPrimary! };
}

describe("cleanse-writeback", () => {
  it("writes cleaned.csv, cleaned.xlsx and a recipe listing every operation in order with its count", async () => {
    const { previous, cleaned } = await cleanChain();
    const result = await runClean(cleanseWriteback, cleaned, { write_xlsx: true }, previous);
    const file = (name: string) => result.files?.find((f) => f.fileName === name);

    // The source row lets the cleaned file be joined back to the input (A2 was dropped for its missing price).
    expect(await fileText(file("cleaned.csv"))).toBe("source_row,sku,price,stock\r\n1,A1,1000,5\r\n3,A3,20,0\r\n4,A4,30,2\r\n");
    // The rows the file holds, as the cleaned dataset knows them; an input that does not know its rows is counted.
    expect(result.data.rows_written).toBe(3);
    expect((await runClean(cleanseWriteback, input(), { write_xlsx: false }, previous)).data.rows_written).toBe(4);

    const recipe = JSON.parse(await fileText(file("recipe.json")));
    expect(recipe.input_columns).toEqual(["sku", "price", "stock"]);
    expect(
      recipe.steps.map((s: { step: number; operation: string; field?: string; count: number }) => [s.step, s.operation, s.field, s.count]),
    ).toEqual([
      [1, "normalise_null_markers", undefined, 2],
      [2, "drop_rows_with_null", "price", 1],
      [3, "fill_value", "stock", 1],
      [4, "trim_whitespace", undefined, 0],
      [5, "convert_to_float", "price", 1],
      // stock holds only integers, so it is inferred as one; nothing needed rewriting.
      [6, "convert_to_integer", "stock", 0],
    ]);
    expect(recipe.steps[2].parameters).toEqual({ strategy: "fill_value", value: "0" });

    const workbook = new ExcelJS.Workbook();
    const parts: Uint8Array[] = [];
    for await (const chunk of (file("cleaned.xlsx") as NonNullable<ReturnType<typeof file>>).chunks()) parts.push(chunk);
    await workbook.xlsx.load(Buffer.concat(parts) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("cleaned");
    expect(sheet?.getRow(1).values).toEqual([undefined, "sku", "price", "stock"]);
    expect(sheet?.getRow(2).values).toEqual([undefined, "A1", 1000, 5]);
    expect(sheet?.rowCount).toBe(4);
  });
});

describe("cleanse-previewer", () => {
  it("compares the uploaded input with the cleaned result: rows removed, cells changed, per-column before/after, cell diffs", async () => {
    const { cleaned } = await cleanChain();
    const result = await runClean(cleansePreviewer, cleaned, { top_values: 2 });
    const data = result.data;
    expect(data).toMatchObject({ rows_before: 4, rows_after: 3, rows_removed: 1, cells_changed: 2 });
    expect(data.diff_sample).toEqual([
      { row: 1, field: "price", before: "$1,000", after: "1000" },
      { row: 3, field: "stock", before: "", after: "0" },
    ]);
    const stock = data.columns.find((c: { field: string }) => c.field === "stock");
    expect(stock.before).toMatchObject({ nulls: 1, null_share: 0.25, distinct: 3 });
    expect(stock.after).toMatchObject({ nulls: 0, null_share: 0, distinct: 3 });
    expect(stock.cells_changed).toBe(1);
    const price = data.columns.find((c: { field: string }) => c.field === "price");
    expect(price.before.top_values).toEqual([
      { value: "$1,000", count: 1 },
      { value: "20", count: 1 },
    ]);
  });

  it("reports after a kept row set the counts of the cleaned cells, for columns cleaning changed and for those it left", async () => {
    const columns = ["sku", "price", "stock", "note"];
    const rows = [
      ["A1", "10", "5", "x"],
      ["A2", "N/A", "7", ""],
      ["A3", "20", "", "y"],
      ["A4", "10", "2", "x"],
      ["A5", "30", "7", "x"],
    ];
    const input = datasetFromRows(columns, rows, { batchSize: 2 });
    // No row is dropped: "N/A" becomes a null in price and stock's empty cell becomes 0.
    const nulls = await runClean(nullHandler, input, { strategies: { stock: "fill_value" }, fill_values: { stock: 0 } });
    const cleaned = nulls.nextPrimary!;
    const result = await runClean(cleansePreviewer, cleaned, { top_values: 2 });
    const column = (field: string) => result.data.columns.find((c: { field: string }) => c.field === field);

    // The snapshot counted a second way: from the cells themselves, blank meaning missing or empty.
    const counted = (cells: (string | null)[]) => {
      const counts = new Map<string, number>();
      for (const v of cells) if (v !== null && v !== "") counts.set(v, (counts.get(v) ?? 0) + 1);
      const nulls = cells.filter((v) => v === null || v === "").length;
      const top = [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
        .slice(0, 2);
      return { nulls, null_share: nulls / cells.length, distinct: counts.size, top_values: top };
    };
    for (const field of columns) {
      expect(column(field).before, field).toEqual(counted(rows.map((r) => r[columns.indexOf(field)])));
      expect(column(field).after, field).toEqual(counted(await readColumn(cleaned, field)));
    }
    // And by hand, where cleaning changed the column.
    expect(column("price").after).toMatchObject({
      nulls: 1,
      distinct: 3,
      top_values: [
        { value: "10", count: 2 },
        { value: "20", count: 1 },
      ],
    });
    expect(column("price").before).toMatchObject({ nulls: 0, distinct: 4 });
    expect(column("stock").after).toMatchObject({
      nulls: 0,
      distinct: 4,
      top_values: [
        { value: "7", count: 2 },
        { value: "0", count: 1 },
      ],
    });
    expect(column("sku").after).toMatchObject({ nulls: 0, distinct: 5 });

    // Changed cells counted by comparing the texts row by row, with and without a sample of them.
    const changedByHand: Record<string, number> = {};
    for (const field of columns) {
      const now = await readColumn(cleaned, field);
      changedByHand[field] = rows.filter((r, i) => r[columns.indexOf(field)] !== now[i]).length;
    }
    expect(changedByHand.price).toBe(1);
    expect(changedByHand.stock).toBe(1);
    for (const size of [0, 1, 100]) {
      const run = await runClean(cleansePreviewer, cleaned, { top_values: 2, diff_sample_size: size });
      const total = Object.values(changedByHand).reduce((x, y) => x + y, 0);
      expect(run.data.cells_changed, `sample ${size}`).toBe(total);
      expect(run.data.diff_sample.length).toBe(Math.min(size, total));
      for (const field of columns)
        expect(run.data.columns.find((c: { field: string }) => c.field === field).cells_changed).toBe(changedByHand[field]);
    }
  });

  it("over a spilled upload, counts exactly the cells cleaning changed, in batches it left alone, changed or cut", async () => {
    const columns = ["sku", "price", "stock", "note"];
    const rows: string[][] = [];
    for (let r = 1; r <= 3_000; r++) {
      // price: N/A (dropped) only in rows 700–760; "$1,000"-style in every 13th row; stock: empty every 7th row up to row 1,500.
      const price = r >= 700 && r <= 760 && r % 5 === 0 ? "N/A" : r % 13 === 0 ? `$${r},000` : String(r % 50);
      rows.push([`S${r}`, price, r % 7 === 0 && r <= 1_500 ? "" : String(r % 9), `n${r % 4}`]);
    }
    const input = await spilledCsv(
      `${[columns.join(","), ...rows.map((r) => r.map((v) => (v.includes(",") ? `"${v}"` : v)).join(","))].join("\n")}\n`,
      { batchRows: 256 },
    );
    const previous = new Map<string, AgentOutput>();
    const nulls = await runClean(nullHandler, input, { strategies: { price: "drop_row", stock: "fill_value" }, fill_values: { stock: 0 } });
    previous.set("null-handler", asPrevious("null-handler", nulls));
    const types = await runClean(typeFixer, nulls.nextPrimary!, { target_types: { price: "float" } }, previous);
    const cleaned = types.nextPrimary!;

    // Truth: the cleaned rows read back, set beside the upload's by row number, cell by cell.
    const after = await readRows(cleaned);
    expect(after.length).toBe(3_000 - 13);
    const changedByHand = Object.fromEntries(columns.map((field) => [field, 0]));
    const diffs: { row: number; field: string; before: string; after: string | null }[] = [];
    for (const { row, values } of after) {
      columns.forEach((field, c) => {
        // The reader keeps an empty CSV field as an empty text.
        const was = rows[row - 1][c];
        if (was === values[c]) return;
        changedByHand[field]++;
        diffs.push({ row, field, before: was, after: values[c] });
      });
    }
    expect(changedByHand.stock).toBe(214 - 2); // rows 700 and 735 are dropped
    expect(changedByHand.sku + changedByHand.note).toBe(0);

    // A sample that never fills, one that fills in the first batch, and none: the batches whose rows
    // pair up are then compared a column at a time, the others (rows dropped) row by row.
    for (const size of [10_000, 10, 0]) {
      const run = await runClean(cleansePreviewer, cleaned, { top_values: 3, diff_sample_size: size });
      expect(run.data).toMatchObject({ rows_before: 3_000, rows_after: 2_987, rows_removed: 13 });
      expect(run.data.cells_changed, `sample ${size}`).toBe(diffs.length);
      for (const field of columns)
        expect(run.data.columns.find((c: { field: string }) => c.field === field).cells_changed, field).toBe(changedByHand[field]);
      expect(run.data.diff_sample).toEqual(diffs.slice(0, size));
    }
  });
});
