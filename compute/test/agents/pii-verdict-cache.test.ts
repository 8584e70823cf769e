/**
 * The PII scan's verdict cache answers on a cell's bytes exactly as a Map keyed by the decoded
 * text answers, including which values it still takes once it fills up.
 */
import { describe, expect, it } from "vitest";
import { isAsciiBytes, VerdictCache } from "../../src/agents/score-risk/verdict-cache.js";
import { seededRandom } from "../support/random.js";

describe("PII verdict cache", () => {
  it("keeps and answers what a Map of the first distinct texts keeps, ASCII or not", () => {
    const random = seededRandom(17);
    const alphabet = ["a", "b", "1", " ", "@", "é", "ß", "€", "😀"];
    const capacity = 300;
    const cache = new VerdictCache<number>(capacity);
    const model = new Map<string, number>();
    const encoder = new TextEncoder();
    let hits = 0;
    for (let k = 0; k < 20_000; k++) {
      const length = Math.floor(random() * 6);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * (random() < 0.8 ? 4 : alphabet.length))]).join("");
      // Several values in one buffer, as a column chunk holds them.
      const bytes = encoder.encode(`xy${text}z`);
      const start = 2;
      const end = bytes.length - 1;
      const ascii = isAsciiBytes(bytes, start, end);
      expect(ascii).toBe([...text].every((c) => c.charCodeAt(0) < 0x80));
      const expected = model.get(text);
      const got = ascii ? cache.getAscii(bytes, start, end) : cache.getText(text);
      expect(got).toBe(expected);
      if (expected !== undefined) hits++;
      else {
        if (model.size < capacity) model.set(text, k);
        if (ascii) cache.setAscii(bytes, start, end, k);
        else cache.setText(text, k);
      }
      expect(cache.size).toBe(model.size);
      expect(cache.full).toBe(model.size >= capacity);
    }
    // The run filled the cache and then kept answering from it.
    expect(model.size).toBe(capacity);
    expect(hits).toBeGreaterThan(10_000);
  });
});
