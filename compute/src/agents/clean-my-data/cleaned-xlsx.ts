/**
 * cleaned.xlsx with exceljs's streaming WorkbookWriter: one row committed at a time, a new sheet
 * every 1,048,575 data rows (Excel's limit), numbers written as numbers. The writer waits while
 * more than a few megabytes are produced but not yet uploaded, so memory stays bounded.
 */
import { PassThrough } from "node:stream";
import type ExcelJS from "exceljs";
import { type Dataset, scanBatches } from "../../engine/types.js";
import { loadWorkbookWriter } from "../../reports/xlsx/workbook-writer.js";
import { classifyText } from "../../stats/value-parse.js";
import { columnsOf, rowValues } from "./row-batch.js";

const SHEET_ROWS = 1_048_575;
const BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_CELL = 32_767;

function excelValue(text: string | null): string | number | null {
  if (text === null || text === "") return null;
  const parsed = classifyText(text);
  if (
    (parsed.kind === "integer" || parsed.kind === "float") &&
    !parsed.leadingZero &&
    Number.isFinite(parsed.value) &&
    Math.abs(parsed.value) < 1e15
  ) {
    return parsed.value;
  }
  return text.length > MAX_CELL ? text.slice(0, MAX_CELL) : text;
}

export function cleanedXlsx(dataset: Dataset, signal?: AbortSignal): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      const WorkbookWriter = await loadWorkbookWriter();
      const stream = new PassThrough();
      let wake: (() => void) | null = null;
      const workbook = new WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
      const newSheet = (index: number): ExcelJS.Worksheet => {
        const sheet = workbook.addWorksheet(index === 1 ? "cleaned" : `cleaned ${index}`, { views: [{ state: "frozen", ySplit: 1 }] });
        sheet.columns = dataset.columns.map((name) => ({ header: name, width: Math.min(40, Math.max(10, name.length + 2)) }));
        const header = sheet.getRow(1);
        header.font = { bold: true };
        header.commit();
        return sheet;
      };
      const write = async () => {
        let sheetIndex = 1;
        let sheet = newSheet(sheetIndex);
        let rowsInSheet = 0;
        // Each row goes to the sheet as values (copies) before the next batch is read.
        for await (const { batch } of scanBatches(dataset, signal)) {
          const cells = columnsOf(batch, dataset.columns.length);
          for (let i = 0; i < batch.numRows; i++) {
            if (rowsInSheet === SHEET_ROWS) {
              sheet.commit();
              sheet = newSheet(++sheetIndex);
              rowsInSheet = 0;
            }
            sheet.addRow(rowValues(cells, i).map(excelValue)).commit();
            rowsInSheet++;
          }
          while (stream.readableLength > BUFFERED_BYTES) await new Promise<void>((resolve) => (wake = resolve));
        }
        sheet.commit();
        await workbook.commit();
      };
      write().catch((err) => stream.destroy(err as Error));
      const release = () => {
        const resume = wake as (() => void) | null;
        wake = null;
        resume?.();
      };
      try {
        for await (const chunk of stream) {
          yield chunk as Uint8Array;
          release();
        }
      } finally {
        stream.destroy();
        release();
      }
    },
  };
}
