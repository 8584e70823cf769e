/**
 * Child process for wide-input.test.ts: reads and spills one CSV (the pass every run pays) and
 * prints its rows, columns and this process's peak resident set size as one JSON line.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { ingestDataset } from "../../src/engine/dataset.js";
import { folderStore } from "../../src/engine/object-store.js";

const [file, maxColumns] = process.argv.slice(2);
const spillDir = mkdtempSync(join(tmpdir(), "wide-ingest-"));
const dataset = await ingestDataset({
  store: folderStore(dirname(file)),
  key: basename(file),
  role: "primary",
  format: "csv",
  batchRows: 65_536,
  maxColumns: Number(maxColumns),
  maxBytes: statSync(file).size + 1,
  spillDir,
});
rmSync(spillDir, { recursive: true, force: true });
console.log(
  JSON.stringify({ rows: dataset.rowCount, columns: dataset.columns.length, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }),
);
