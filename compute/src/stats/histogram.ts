/** Equal-width histogram over [min, max] from a weighted sorted sample (exact values weigh 1). */
export interface Histogram {
  bin_edges: number[];
  counts: number[];
}

export function equalWidthHistogram(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  bins: number,
  min: number,
  max: number,
): Histogram {
  if (values.length === 0 || !Number.isFinite(min) || !Number.isFinite(max)) return { bin_edges: [], counts: [] };
  const binCount = min === max ? 1 : bins;
  const width = (max - min) / binCount;
  const edges = Array.from({ length: binCount + 1 }, (_, i) => (i === binCount ? max : min + i * width));
  const counts = new Array<number>(binCount).fill(0);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    // The last bin is closed on the right, as numpy.histogram.
    const bin = width === 0 ? 0 : Math.min(binCount - 1, Math.floor((x - min) / width));
    counts[bin] += weights[i];
  }
  return { bin_edges: edges, counts };
}
