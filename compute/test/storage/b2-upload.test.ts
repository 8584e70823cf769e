import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PART_SIZE } from "../../src/storage/b2.js";
import { bytesOf, randomPrefix, testB2 } from "../engine/b2-run.js";

/** Deterministic bytes, different in every part, so a part sent twice or out of order shows. */
function block(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("uploads to B2", () => {
  it("streams an output of several parts in order", async () => {
    const b2 = testB2();
    const key = `${randomPrefix()}outputs/large.bin`;
    // 3.4 parts in uneven chunks, some crossing a part's end.
    const chunks = Array.from({ length: 29 }, (_, i) => block(i, Math.floor(PART_SIZE / 8.5) + i * 997));
    const expected = Buffer.concat(chunks);
    const written = await b2.putStream(
      key,
      (async function* () {
        yield* chunks;
      })(),
      "application/octet-stream",
    );
    expect(written).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(3 * PART_SIZE);
    const stored = await bytesOf(b2, key);
    expect(stored.length).toBe(expected.length);
    expect(createHash("sha256").update(stored).digest("hex")).toBe(createHash("sha256").update(expected).digest("hex"));
  });

  it("leaves no object when the output fails after parts were sent", async () => {
    const b2 = testB2();
    const key = `${randomPrefix()}outputs/broken.bin`;
    const failing = (async function* () {
      for (let i = 0; i < 5; i++) yield block(i, PART_SIZE / 2);
      throw new Error("the agent's writer failed");
    })();
    await expect(b2.putStream(key, failing, "application/octet-stream")).rejects.toThrow("the agent's writer failed");
    expect(await b2.head(key)).toBeNull();
  });
});
