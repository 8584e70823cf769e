/** Worker thread of row-key-following.ts: the row-key pass on each batch of the dataset it follows, as it lands. */
import { columnsOf } from "./row-batch.js";
import { RowKeyScan, type RowKeySetup, type RowKeys } from "./row-key-scan.js";
import { followSpill } from "./spill-following-worker.js";

followSpill<RowKeySetup, RowKeys>(({ setup, columns }) => {
  const scan = new RowKeyScan(setup);
  return {
    add(data) {
      scan.add(data, columnsOf(data.batch, columns.length));
      return false;
    },
    result: () => ({ found: scan.found, transfer: scan.found.keeper.buffers() }),
  };
});
