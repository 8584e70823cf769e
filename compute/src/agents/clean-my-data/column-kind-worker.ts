/** Worker thread of column-kind-following.ts: quarantine-agent's type inference on each batch of the dataset it follows, as it lands. */
import type { ColumnKindSetup, ColumnKinds } from "./column-kind-following.js";
import { ColumnKindCount } from "./column-types.js";
import { NullMarkers } from "./null-markers.js";
import { columnsOf } from "./row-batch.js";
import { followSpill } from "./spill-following-worker.js";

followSpill<ColumnKindSetup, ColumnKinds>(({ setup }) => {
  const count = new ColumnKindCount(setup.width, new NullMarkers(setup.nullMarkers), setup.rowBound);
  return {
    add: (data) => count.add(data.batch, columnsOf(data.batch, setup.width)),
    result: (complete) => ({ found: { width: setup.width, types: count.types(), batches: count.batches, complete }, transfer: [] }),
  };
});
