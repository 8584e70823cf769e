import { describe, expect, it } from "vitest";
import { hashBytes } from "../../src/stats/hash.js";
import { compareAsText } from "../../src/stats/text-order.js";
import { bytesText } from "../../src/stats/utf8-column.js";
import { ValueCounter } from "../../src/stats/value-counter.js";
import { ValueTable } from "../../src/stats/value-table.js";
import { seededRandom } from "../support/random.js";

const encoder = new TextEncoder();

/** Byte strings built from pieces that exercise every rule of compareAsText: ASCII, 2-4 byte UTF-8, a BOM, invalid bytes. */
function randomBytes(random: () => number): Uint8Array {
  const pieces = [[0x61], [0x62], [0x7a], [0x20], [0x30], [0xc3, 0xa9], [0xef, 0xbb, 0xbf], [0xee, 0x80, 0x80], [0xef, 0xbf, 0xbd]];
  pieces.push([0xf0, 0x9f, 0x98, 0x80], [0xff], [0x80], [0xc3], [0xef], [0xef, 0xbb]);
  const out: number[] = [];
  const n = Math.floor(random() * 5);
  for (let i = 0; i < n; i++) out.push(...pieces[Math.floor(random() * pieces.length)]);
  return Uint8Array.from(out);
}

describe("compareAsText", () => {
  it("orders byte strings as their decoded texts compare (UTF-16 order), valid UTF-8 or not", () => {
    const random = seededRandom(3);
    const values = Array.from({ length: 400 }, () => randomBytes(random));
    const wrong: string[] = [];
    for (const a of values) {
      for (const b of values) {
        const x = bytesText(a, 0, a.length);
        const y = bytesText(b, 0, b.length);
        const truth = x < y ? -1 : x > y ? 1 : 0;
        if (Math.sign(compareAsText(a, 0, a.length, b, 0, b.length)) !== truth) wrong.push(`${[...a]} vs ${[...b]}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("reads ranges inside larger arrays", () => {
    const a = encoder.encode("xxabcxx");
    const b = encoder.encode("abd");
    expect(compareAsText(a, 2, 5, b, 0, 3)).toBeLessThan(0);
    expect(compareAsText(a, 2, 4, b, 0, 2)).toBe(0);
    // U+E000 is after U+1F600 in UTF-16 order though before it in code points (and in UTF-8 bytes).
    const bmp = encoder.encode("\u{e000}");
    const astral = encoder.encode("\u{1f600}");
    expect(compareAsText(bmp, 0, bmp.length, astral, 0, astral.length)).toBeGreaterThan(0);
  });
});

describe("ValueTable", () => {
  it("keeps each value's bytes beside its count through growth and copies between tables, as a Map counts them", () => {
    const random = seededRandom(9);
    const table = new ValueTable(4);
    const truth = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      // Lengths from 0 to ~100 bytes, so both copy paths and arena growth are used.
      const text = `${Math.floor(random() ** 2 * 3_000)}`.repeat(1 + Math.floor(random() * 20));
      const bytes = encoder.encode(`..${text}..`);
      const slot = table.slotOf(hashBytes(bytes, 2, bytes.length - 2));
      if (table.keys[slot] === 0) table.insertAt(slot, hashBytes(bytes, 2, bytes.length - 2), 1, bytes, 2, bytes.length - 2);
      else table.counts[slot]++;
      truth.set(text, (truth.get(text) ?? 0) + 1);
    }
    const read = (t: ValueTable) => {
      const m = new Map<string, number>();
      for (let s = 0; s < t.keys.length; s++) if (t.keys[s] !== 0) m.set(t.textOf(s), t.counts[s]);
      return m;
    };
    expect(table.size).toBe(truth.size);
    expect(read(table)).toEqual(truth);
    const kept = new ValueTable(16);
    for (let s = 0; s < table.keys.length; s++)
      if (table.keys[s] !== 0 && table.counts[s] > 3) table.copyEntryInto(kept, s, table.counts[s] - 3);
    expect(read(kept)).toEqual(new Map([...truth].filter(([, n]) => n > 3).map(([v, n]) => [v, n - 3])));
  });

  it("holds the profiler's 100k exact distinct values in 131072 slots, each count and value as a Map counts them", () => {
    const random = seededRandom(21);
    const table = new ValueTable(256);
    const truth = new Map<string, number>();
    while (truth.size <= 100_000) {
      // Repeats among new values, so lookups that find their key run through the fuller table too.
      const text = `v${Math.floor(random() * 150_000)}`;
      const bytes = encoder.encode(text);
      const hash = hashBytes(bytes, 0, bytes.length);
      const slot = table.slotOf(hash);
      if (table.keys[slot] === 0) table.insertAt(slot, hash, 1, bytes, 0, bytes.length);
      else table.counts[slot]++;
      truth.set(text, (truth.get(text) ?? 0) + 1);
    }
    expect(table.keys.length).toBe(131_072);
    expect(table.size).toBe(truth.size);
    const read = new Map<string, number>();
    for (let s = 0; s < table.keys.length; s++) if (table.keys[s] !== 0) read.set(table.textOf(s), table.counts[s]);
    expect(read).toEqual(truth);
  });

  it("tells slots without a value from slots with an empty one, and copies values between tables", () => {
    const a = new ValueTable();
    const empty = new Uint8Array(0);
    a.insertAt(a.slotOf(11), 11, 1, empty, 0, 0);
    a.insertAt(a.slotOf(12), 12, 1);
    expect(a.hasText(a.slotOf(11))).toBe(true);
    expect(a.textOf(a.slotOf(11))).toBe("");
    expect(a.hasText(a.slotOf(12))).toBe(false);
    a.keepText(a.slotOf(12), encoder.encode("twelve"), 0, 6);
    const b = new ValueTable();
    b.insertAt(b.slotOf(12), 12, 5);
    b.copyText(b.slotOf(12), a, a.slotOf(12));
    expect(b.textOf(b.slotOf(12))).toBe("twelve");
  });
});

describe("ValueCounter on bytes", () => {
  const add = (counter: ValueCounter, bytes: Uint8Array) => counter.add(hashBytes(bytes, 0, bytes.length), bytes, 0, bytes.length);

  it("ranks top values and categories by their decoded text, whatever their bytes", () => {
    const random = seededRandom(21);
    const whole = new ValueCounter(100_000);
    const parts = [new ValueCounter(100_000), new ValueCounter(100_000)];
    const truth = new Map<string, { text: string; count: number }>();
    for (let i = 0; i < 20_000; i++) {
      const bytes = randomBytes(random);
      add(whole, bytes);
      add(parts[i % 2], bytes);
      // Counted per byte string (what the counter keys on), shown as its decoded text.
      const key = [...bytes].join(",");
      const entry = truth.get(key) ?? { text: bytesText(bytes, 0, bytes.length), count: 0 };
      entry.count++;
      truth.set(key, entry);
    }
    parts[0].merge(parts[1]);
    const sorted = [...truth.values()]
      .map(({ text, count }) => ({ value: text, count }))
      .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
    for (const counter of [whole, parts[0]]) {
      expect(counter.distinct()).toBe(truth.size);
      // Byte strings that decode alike (invalid bytes all become U+FFFD) tie: compare as a multiset per rank.
      for (const k of [1, 10, 64]) expect(counter.top(k).map((t) => t.count)).toEqual(sorted.slice(0, k).map((t) => t.count));
      expect(
        counter
          .all()
          .map((t) => `${t.count}:${t.value}`)
          .sort(),
      ).toEqual(sorted.map((t) => `${t.count}:${t.value}`).sort());
      const top10 = counter.top(10);
      for (let i = 1; i < top10.length; i++) {
        const [p, q] = [top10[i - 1], top10[i]];
        expect(p.count > q.count || (p.count === q.count && p.value <= q.value)).toBe(true);
      }
    }
  });
});
