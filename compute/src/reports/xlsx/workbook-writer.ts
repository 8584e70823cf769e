/**
 * exceljs's streaming WorkbookWriter, loaded on its own: the package's index also loads its
 * readers and the in-memory workbook (about 180 ms on a 2-core machine against 70 for the writer
 * alone), and every run writes report.xlsx once its agents are done, on the way to its result.
 */
import type ExcelJS from "exceljs";

type WorkbookWriter = typeof ExcelJS.stream.xlsx.WorkbookWriter;

export async function loadWorkbookWriter(): Promise<WorkbookWriter> {
  // The package has no exports map: its files are its API as much as its index (which requires this one).
  return (await import("exceljs/lib/stream/xlsx/workbook-writer.js")).default;
}
