/**
 * The order blocks are read in: the keyed rows (key ≠ 0) sorted by key, then row. Keys are
 * 53-bit hashes held in doubles, so a least-significant-digit radix sort over their bits (five
 * passes of at most 11 bits, each a count and a stable scatter) gives the numeric order in linear
 * time, and rows taken in increasing order stay in that order within a key — where ranking the
 * distinct keys in a hash table and sorting twice cost a random lookup per row.
 */

const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const TWO_POW_32 = 2 ** 32;

/** Each pass's digit: `bits` bits from `shift` of one 32-bit half; the low half in three passes, the high 21 bits in two. */
const PASSES: { high: boolean; shift: number; bits: number }[] = [
  { high: false, shift: 0, bits: 11 },
  { high: false, shift: 11, bits: 11 },
  { high: false, shift: 22, bits: 10 },
  { high: true, shift: 0, bits: 11 },
  { high: true, shift: 11, bits: 10 },
];

export function blockOrder(key: Float64Array): Int32Array {
  const rows = key.length;
  let keyed = 0;
  for (let i = 0; i < rows; i++) if (key[i] !== 0) keyed++;
  // Each row's key halves travel with it from pass to pass, so every pass reads them in sequence.
  let order = new Int32Array(keyed);
  let low = new Uint32Array(keyed);
  let high = new Uint32Array(keyed);
  if (keyed === 0) return order;
  for (let i = 0, k = 0; i < rows; i++) {
    const h = key[i];
    if (h === 0) continue;
    order[k] = i;
    high[k] = Math.floor(h / TWO_POW_32);
    low[k] = h - high[k] * TWO_POW_32;
    k++;
  }
  let spareOrder = new Int32Array(keyed);
  let spareLow = new Uint32Array(keyed);
  let spareHigh = new Uint32Array(keyed);
  const counts = new Int32Array(BUCKETS);
  for (const pass of PASSES) {
    const digits = pass.high ? high : low;
    const mask = (1 << pass.bits) - 1;
    counts.fill(0);
    for (let k = 0; k < keyed; k++) counts[(digits[k] >>> pass.shift) & mask]++;
    // A digit every key shares leaves the order as it is.
    if (counts[(digits[0] >>> pass.shift) & mask] === keyed) continue;
    for (let d = 0, at = 0; d <= mask; d++) {
      const n = counts[d];
      counts[d] = at;
      at += n;
    }
    for (let k = 0; k < keyed; k++) {
      const to = counts[(digits[k] >>> pass.shift) & mask]++;
      spareOrder[to] = order[k];
      spareLow[to] = low[k];
      spareHigh[to] = high[k];
    }
    [order, spareOrder] = [spareOrder, order];
    [low, spareLow] = [spareLow, low];
    [high, spareHigh] = [spareHigh, high];
  }
  return order;
}
