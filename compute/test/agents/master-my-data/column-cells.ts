/** One column of values as the cells master-my-data's agents read (the first batch of a one-column dataset). */
import { rowBatches } from "../../../src/agents/master-my-data/rows.js";
import { datasetFromRows } from "../../support/dataset.js";

export async function cellsOf(values: (string | null)[]) {
  for await (const batch of rowBatches(
    datasetFromRows(
      ["v"],
      values.map((v) => [v]),
    ),
  ))
    return batch.cells[0];
  throw new Error("no batch");
}
