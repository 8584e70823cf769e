/**
 * Quantiles of a numeric column: exact while the column's values fit in the exact buffer,
 * then a randomized compactor sketch (KLL with equal-capacity levels). With k = 2048 the rank
 * error stays far below the 1 % we promise (tested on millions of values). Mergeable.
 */
const SKETCH_K = 2048;

class Compactors {
  levels: Float64Array[] = [];
  sizes: number[] = [];
  private coin = 0x2545f491;

  add(x: number, level = 0): void {
    while (this.levels.length <= level) {
      this.levels.push(new Float64Array(SKETCH_K));
      this.sizes.push(0);
    }
    this.levels[level][this.sizes[level]++] = x;
    if (this.sizes[level] === SKETCH_K) this.compact(level);
  }

  private randomBit(): number {
    // xorshift: a cheap deterministic coin keeps runs reproducible.
    let s = this.coin;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.coin = s;
    return s & 1;
  }

  private compact(level: number): void {
    const items = this.levels[level].subarray(0, this.sizes[level]);
    sortLevel(items);
    this.sizes[level] = 0;
    if (this.levels.length === level + 1) {
      this.levels.push(new Float64Array(SKETCH_K));
      this.sizes.push(0);
    }
    // Keep every other item (odd or even positions at random); each kept item now weighs double.
    for (let i = this.randomBit(); i < items.length; i += 2) {
      const next = this.levels[level + 1];
      next[this.sizes[level + 1]++] = items[i];
      if (this.sizes[level + 1] === SKETCH_K) this.compact(level + 1);
    }
  }

  /** (value, weight) pairs sorted by value. */
  weighted(): { values: Float64Array; weights: Float64Array } {
    let total = 0;
    for (const s of this.sizes) total += s;
    const pairs: [number, number][] = [];
    this.levels.forEach((level, h) => {
      for (let i = 0; i < this.sizes[h]; i++) pairs.push([level[i], 2 ** h]);
    });
    pairs.sort((a, b) => a[0] - b[0]);
    const values = new Float64Array(total);
    const weights = new Float64Array(total);
    pairs.forEach(([v, w], i) => {
      values[i] = v;
      weights[i] = w;
    });
    return { values, weights };
  }
}

/** Where sortLevel merges two runs (one thread runs one compaction at a time). */
const mergeScratch = new Float64Array(SKETCH_K);

/** a ≤ b in the order Float64Array.prototype.sort gives numbers (−0 before +0; NaN ≤ nothing). */
function inOrder(a: number, b: number): boolean {
  return a < b || (a === b && (a !== 0 || 1 / a < 0 || 1 / b > 0));
}

/** radixSort's keys (the high and low 32 bits of each value's order-preserving bit pattern) and their copies. */
const keyHigh = new Int32Array(SKETCH_K);
const keyLow = new Int32Array(SKETCH_K);
const keyHighCopy = new Int32Array(SKETCH_K);
const keyLowCopy = new Int32Array(SKETCH_K);
/** radixSort reads a double's two 32-bit halves as the platform lays them out: low half first. */
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;
/** Per radix pass, the count of keys with each 11-bit digit, then where the next such key goes. */
const digitCounts = Array.from({ length: 6 }, () => new Int32Array(2048));

/**
 * Sorts up to SKETCH_K values in place as Float64Array.prototype.sort does (−0 before +0), by a
 * least-significant-digit radix sort on their bits: a positive double's bits with the sign bit
 * set, a negative one's bits inverted, order as unsigned 64-bit integers as the values do. Six
 * passes of 11 bits, and a pass whose digit every key shares is skipped: a column of integers or
 * of few exponents skips most of them. The built-in sort (std::sort, a comparison a step) took
 * three quarters of level 0's compactions. false, the items untouched, when one is NaN.
 */
function radixSort(items: Float64Array): boolean {
  const n = items.length;
  const words = new Int32Array(items.buffer, items.byteOffset, 2 * n);
  for (const counts of digitCounts) counts.fill(0);
  const [c0, c1, c2, c3, c4, c5] = digitCounts;
  for (let i = 0; i < n; i++) {
    let low = words[2 * i];
    let high = words[2 * i + 1];
    // Exponent all ones and a mantissa: NaN, which the built-in sort puts last.
    if ((high & 0x7ff00000) === 0x7ff00000 && ((high & 0xfffff) | low) !== 0) return false;
    if (high < 0) {
      high = ~high;
      low = ~low;
    } else high ^= 0x80000000;
    keyHigh[i] = high;
    keyLow[i] = low;
    c0[low & 2047]++;
    c1[(low >>> 11) & 2047]++;
    c2[(low >>> 22) | ((high & 1) << 10)]++;
    c3[(high >>> 1) & 2047]++;
    c4[(high >>> 12) & 2047]++;
    c5[high >>> 23]++;
  }
  let fromHigh = keyHigh;
  let fromLow = keyLow;
  let toHigh = keyHighCopy;
  let toLow = keyLowCopy;
  for (let pass = 0; pass < 6; pass++) {
    const counts = digitCounts[pass];
    let at = 0;
    let shared = false;
    for (let d = 0; d < 2048; d++) {
      const count = counts[d];
      if (count === n) {
        shared = true;
        break;
      }
      counts[d] = at;
      at += count;
    }
    if (shared) continue;
    // One loop per digit's place, so that each is a plain loop the compiler keeps tight.
    switch (pass) {
      case 0:
        for (let i = 0; i < n; i++) {
          const k = counts[fromLow[i] & 2047]++;
          toHigh[k] = fromHigh[i];
          toLow[k] = fromLow[i];
        }
        break;
      case 1:
        for (let i = 0; i < n; i++) {
          const k = counts[(fromLow[i] >>> 11) & 2047]++;
          toHigh[k] = fromHigh[i];
          toLow[k] = fromLow[i];
        }
        break;
      case 2:
        for (let i = 0; i < n; i++) {
          const k = counts[(fromLow[i] >>> 22) | ((fromHigh[i] & 1) << 10)]++;
          toHigh[k] = fromHigh[i];
          toLow[k] = fromLow[i];
        }
        break;
      case 3:
        for (let i = 0; i < n; i++) {
          const k = counts[(fromHigh[i] >>> 1) & 2047]++;
          toHigh[k] = fromHigh[i];
          toLow[k] = fromLow[i];
        }
        break;
      case 4:
        for (let i = 0; i < n; i++) {
          const k = counts[(fromHigh[i] >>> 12) & 2047]++;
          toHigh[k] = fromHigh[i];
          toLow[k] = fromLow[i];
        }
        break;
      default:
        for (let i = 0; i < n; i++) {
          const k = counts[fromHigh[i] >>> 23]++;
          toHigh[k] = fromHigh[i];
          toLow[k] = fromLow[i];
        }
    }
    [fromHigh, toHigh] = [toHigh, fromHigh];
    [fromLow, toLow] = [toLow, fromLow];
  }
  for (let i = 0; i < n; i++) {
    const high = fromHigh[i];
    if (high < 0) {
      words[2 * i] = fromLow[i];
      words[2 * i + 1] = high ^ 0x80000000;
    } else {
      words[2 * i] = ~fromLow[i];
      words[2 * i + 1] = ~high;
    }
  }
  return true;
}

/**
 * Sorts a level's items in place, as Float64Array.prototype.sort does. A level above 0 is filled
 * by compactions of the level below, each appending one sorted run, so it holds two runs: those
 * are merged in one pass instead of sorted (sorting was nine tenths of the sketch's time).
 * Anything else (level 0's raw values) is radix sorted, or given to the built-in sort.
 */
export function sortLevel(items: Float64Array): void {
  const n = items.length;
  let mid = 1;
  while (mid < n && inOrder(items[mid - 1], items[mid])) mid++;
  if (mid >= n) return;
  for (let i = mid + 1; i < n; i++) {
    if (!inOrder(items[i - 1], items[i])) {
      if (n > SKETCH_K || !LITTLE_ENDIAN || !radixSort(items)) items.sort();
      return;
    }
  }
  const merged = n <= mergeScratch.length ? mergeScratch : new Float64Array(n);
  let i = 0;
  let j = mid;
  let k = 0;
  while (i < mid && j < n) merged[k++] = inOrder(items[i], items[j]) ? items[i++] : items[j++];
  while (i < mid) merged[k++] = items[i++];
  // The rest of the second run is already in place.
  items.set(merged.subarray(0, k));
}

export class QuantileSketch {
  private buffer: Float64Array;
  private size = 0;
  private sketch: Compactors | null = null;
  /** The exact buffer is sorted in place when read, and marked unsorted when a value arrives. */
  private sorted = false;
  count = 0;

  /** A sketch that crossed from another thread (structured clone keeps its fields, not its classes). */
  static revive(cloned: QuantileSketch): QuantileSketch {
    const sketch: QuantileSketch = Object.setPrototypeOf(cloned, QuantileSketch.prototype);
    if (sketch.sketch) Object.setPrototypeOf(sketch.sketch, Compactors.prototype);
    return sketch;
  }

  constructor(private exactLimit: number) {
    // Starts small and doubles: a file with thousands of short columns must not reserve 32 KB for each.
    this.buffer = new Float64Array(Math.min(exactLimit, 64));
  }

  /** The buffers of its typed arrays, to transfer to another thread rather than copy. */
  buffers(): ArrayBuffer[] {
    const buffers = [this.buffer.buffer as ArrayBuffer];
    if (this.sketch) for (const level of this.sketch.levels) buffers.push(level.buffer as ArrayBuffer);
    return buffers;
  }

  /** Changes how many values stay exact (takes effect only while the column is still exact). */
  setExactLimit(limit: number): void {
    if (this.sketch === null && limit >= this.size) this.exactLimit = limit;
  }

  get exact(): boolean {
    return this.sketch === null;
  }

  add(x: number): void {
    this.count++;
    this.sorted = false;
    if (this.sketch) {
      this.sketch.add(x);
      return;
    }
    if (this.size === this.buffer.length) {
      if (this.size >= this.exactLimit) {
        this.sketch = new Compactors();
        for (let i = 0; i < this.size; i++) this.sketch.add(this.buffer[i]);
        this.buffer = new Float64Array(0);
        this.size = 0;
        this.sketch.add(x);
        return;
      }
      const grown = new Float64Array(Math.min(this.exactLimit, this.buffer.length * 2));
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.size++] = x;
  }

  merge(other: QuantileSketch): void {
    if (other.sketch) {
      for (let h = 0; h < other.sketch.levels.length; h++) {
        for (let i = 0; i < other.sketch.sizes[h]; i++) this.addWeighted(other.sketch.levels[h][i], h);
      }
    }
    for (let i = 0; i < other.size; i++) this.add(other.buffer[i]);
    this.count += other.count - other.size;
  }

  private addWeighted(x: number, level: number): void {
    if (!this.sketch) {
      this.sketch = new Compactors();
      for (let i = 0; i < this.size; i++) this.sketch.add(this.buffer[i]);
      this.buffer = new Float64Array(0);
      this.size = 0;
    }
    this.sketch.add(x, level);
  }

  /** The exact values, sorted (exact mode only). */
  sortedValues(): Float64Array | null {
    if (this.sketch) return null;
    const values = this.buffer.subarray(0, this.size);
    if (!this.sorted) {
      values.sort();
      this.sorted = true;
    }
    return values;
  }

  /** Weighted sorted sample standing for the distribution (exact values have weight 1). */
  weighted(): { values: Float64Array; weights: Float64Array } {
    const sorted = this.sortedValues();
    if (sorted) return { values: sorted, weights: new Float64Array(sorted.length).fill(1) };
    return this.sketch!.weighted();
  }

  /**
   * Quantile q in [0, 1]. Exact mode uses linear interpolation between order statistics
   * (pandas' default, DuckDB quantile_cont); sketch mode returns the item at that weighted rank.
   */
  quantile(q: number): number {
    const sorted = this.sortedValues();
    if (sorted) return interpolatedQuantile(sorted, q);
    return this.sketchItem(q);
  }

  /**
   * Quantile q of the natural logarithms of the values (all of them positive): what quantile(q)
   * of a second sketch fed Math.log of every value gives, without keeping one. The logarithm keeps
   * the order, so that sketch would hold, level by level and position by position, the logarithms
   * of this one's items (its compactions fall on the same counts and draw the same coins): exact
   * mode interpolates between the logarithms of the same two order statistics, sketch mode
   * returns the logarithm of the same weighted item.
   */
  logQuantile(q: number): number {
    const sorted = this.sortedValues();
    if (!sorted) return Math.log(this.sketchItem(q));
    const n = sorted.length;
    if (n === 0) return Number.NaN;
    const position = q * (n - 1);
    const lo = Math.floor(position);
    const hi = Math.min(lo + 1, n - 1);
    const low = Math.log(sorted[lo]);
    return low + (Math.log(sorted[hi]) - low) * (position - lo);
  }

  /** Sketch mode: the item at weighted rank q. */
  private sketchItem(q: number): number {
    const { values, weights } = this.sketch!.weighted();
    if (values.length === 0) return Number.NaN;
    let total = 0;
    for (const w of weights) total += w;
    const target = q * total;
    let cumulative = 0;
    for (let i = 0; i < values.length; i++) {
      cumulative += weights[i];
      if (cumulative >= target) return values[i];
    }
    return values[values.length - 1];
  }
}

export function interpolatedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}
