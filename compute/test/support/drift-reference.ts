/** Reference implementations of the drift statistics, written straight from their definitions. */

/**
 * Reference for the exact two-sided KS tail: count, with BigInt, the lattice paths from (0, 0)
 * to (n, m) that stay strictly inside |i/n − j/m| < d, and divide by C(n + m, n).
 */
export function ksExactByCounting(n: number, m: number, d: number): number {
  const inside = (i: number, j: number) => Math.abs(i / n - j / m) < d - 1e-12;
  let row: bigint[] = Array.from({ length: m + 1 }, () => 0n);
  for (let i = 0; i <= n; i++) {
    const next: bigint[] = Array.from({ length: m + 1 }, () => 0n);
    for (let j = 0; j <= m; j++) {
      if (!inside(i, j)) continue;
      if (i === 0 && j === 0) next[j] = 1n;
      else next[j] = (i > 0 ? row[j] : 0n) + (j > 0 ? next[j - 1] : 0n);
    }
    row = next;
  }
  let total = 1n;
  for (let k = 1; k <= m; k++) total = (total * BigInt(n + k)) / BigInt(k);
  const outside = total - row[m];
  // Exact rational → float with 15 significant digits.
  const scale = 10n ** 18n;
  return Number((outside * scale) / total) / 1e18;
}

/** numpy.quantile's default (linear) on a sorted array. */
export function numpyQuantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** scipy.stats.chi2_contingency's statistic on a 2×K table, Yates at one degree of freedom. */
export function chi2ContingencyStatistic(table: [number[], number[]]): number {
  const k = table[0].length;
  const rows = table.map((r) => r.reduce((s, x) => s + x, 0));
  const n = rows[0] + rows[1];
  let chi = 0;
  for (let c = 0; c < k; c++) {
    const col = table[0][c] + table[1][c];
    for (let r = 0; r < 2; r++) {
      const e = (rows[r] * col) / n;
      const d = k === 2 ? Math.max(0, Math.abs(table[r][c] - e) - 0.5) : table[r][c] - e;
      chi += (d * d) / e;
    }
  }
  return chi;
}

/** PSI over the baseline's deciles (numpy linear quantiles), right-closed bins, shares floored at 1e-4. */
export function psiAtDeciles(baseline: number[], current: number[]): number {
  const sorted = [...baseline].sort((x, y) => x - y);
  const edges: number[] = [];
  for (let k = 1; k < 10; k++) {
    const e = numpyQuantile(sorted, k / 10);
    if (!edges.includes(e)) edges.push(e);
  }
  const shares = (xs: number[]) => {
    const counts = new Array(edges.length + 1).fill(0);
    for (const x of xs) {
      const k = edges.findIndex((e) => x <= e);
      counts[k === -1 ? edges.length : k]++;
    }
    return counts.map((c) => c / xs.length || 0.0001);
  };
  const b = shares(baseline);
  const c = shares(current);
  return b.reduce((s, bi, i) => s + (bi - c[i]) * Math.log(bi / c[i]), 0);
}
