/** A sorted sample where each value stands for `weight` observations (sketch levels, or 1). */
export interface WeightedSample {
  values: ArrayLike<number>;
  weights: ArrayLike<number>;
}

export function unitSample(values: number[] | Float64Array): WeightedSample {
  const sorted = Float64Array.from(values).sort();
  return { values: sorted, weights: new Float64Array(sorted.length).fill(1) };
}

export function totalWeight(s: WeightedSample): number {
  let t = 0;
  for (let i = 0; i < s.weights.length; i++) t += s.weights[i];
  return t;
}

/**
 * Walks the union of two sorted samples in order, calling `step(x, nextX, cdfA, cdfB)` after
 * each distinct value x with both empirical CDFs evaluated at x.
 */
export function walkCdfs(a: WeightedSample, b: WeightedSample, step: (x: number, nextX: number, cdfA: number, cdfB: number) => void): void {
  const ta = totalWeight(a);
  const tb = totalWeight(b);
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = j >= b.values.length || (i < a.values.length && a.values[i] <= b.values[j]) ? a.values[i] : b.values[j];
    while (i < a.values.length && a.values[i] === x) ca += a.weights[i++];
    while (j < b.values.length && b.values[j] === x) cb += b.weights[j++];
    const next = Math.min(i < a.values.length ? a.values[i] : Infinity, j < b.values.length ? b.values[j] : Infinity);
    step(x, next, ca / ta, cb / tb);
  }
}
