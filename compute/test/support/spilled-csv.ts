/** A CSV text ingested as the engine does it: written to a folder, parsed and spilled to disk in batches. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestDataset, type SpilledDataset } from "../../src/engine/dataset.js";
import { folderStore } from "../../src/engine/object-store.js";

export async function spilledCsv(text: string, options: { batchRows: number; spillDir?: string }): Promise<SpilledDataset> {
  const dir = mkdtempSync(join(tmpdir(), "spilled-csv-in-"));
  writeFileSync(join(dir, "in.csv"), text);
  return ingestDataset({
    store: folderStore(dir),
    key: "in.csv",
    role: "primary",
    format: "csv",
    batchRows: options.batchRows,
    maxBytes: 1e9,
    spillDir: options.spillDir ?? mkdtempSync(join(tmpdir(), "spilled-csv-")),
  });
}
