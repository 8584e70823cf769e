/**
 * Levenshtein edit distance with an upper bound: only the diagonal band of width 2·bound+1 is
 * filled, and the search stops as soon as every cell in a row exceeds the bound, so comparing
 * ids "within 1 or 2 edits" costs O(bound · length) instead of O(length²).
 * Returns the distance, or bound + 1 when it is larger than the bound.
 */
export function boundedLevenshtein(a: string, b: string, bound: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > bound) return bound + 1;
  if (la === 0 || lb === 0) return Math.max(la, lb) <= bound ? Math.max(la, lb) : bound + 1;
  const over = bound + 1;
  let previous = new Int32Array(lb + 1);
  let current = new Int32Array(lb + 1);
  for (let j = 0; j <= lb; j++) previous[j] = j <= bound ? j : over;
  for (let i = 1; i <= la; i++) {
    const from = Math.max(1, i - bound);
    const to = Math.min(lb, i + bound);
    current.fill(over);
    current[0] = i <= bound ? i : over;
    let rowMin = current[0];
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j - 1] + cost, previous[j] + 1, current[j - 1] + 1, over);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return over;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[lb], over);
}
