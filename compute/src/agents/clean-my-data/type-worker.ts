/** Worker thread of type-following.ts: type-fixer's inference on each batch of the dataset it follows, as it lands. */
import { NullMarkers } from "./null-markers.js";
import { columnsOf } from "./row-batch.js";
import { followSpill } from "./spill-following-worker.js";
import type { InferredTypes, TypeSetup } from "./type-following.js";
import { TypeInference } from "./type-inference.js";

followSpill<TypeSetup, InferredTypes>(({ setup, columns }) => {
  const inference = new TypeInference(setup.columns, new NullMarkers(setup.nullMarkers), setup.dateOrder, setup.rowBound);
  return {
    add: (data) => inference.add(data.batch, columnsOf(data.batch, columns.length)),
    result: (complete) => ({
      found: { columns: setup.columns, types: inference.types(), rowsRead: inference.rowsRead, batches: inference.batches, complete },
      transfer: [],
    }),
  };
});
