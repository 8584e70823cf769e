/**
 * Streaming mean, variance, skewness and kurtosis (Welford / Terriberry updates, Pébay's
 * pairwise merge so partial results from worker threads combine exactly), plus min, max, sum.
 */
export class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  m3 = 0;
  m4 = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;

  /** Moments that crossed from another thread (structured clone keeps the fields, not the class). */
  static revive(cloned: Moments): Moments {
    return Object.setPrototypeOf(cloned, Moments.prototype);
  }

  add(x: number): void {
    const n1 = this.n;
    const n = n1 + 1;
    const delta = x - this.mean;
    const deltaN = delta / n;
    const deltaN2 = deltaN * deltaN;
    const term1 = delta * deltaN * n1;
    this.mean += deltaN;
    this.m4 += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * this.m2 - 4 * deltaN * this.m3;
    this.m3 += term1 * deltaN * (n - 2) - 3 * deltaN * this.m2;
    this.m2 += term1;
    this.n = n;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  merge(other: Moments): void {
    if (other.n === 0) return;
    if (this.n === 0) {
      Object.assign(this, other);
      return;
    }
    const na = this.n;
    const nb = other.n;
    const n = na + nb;
    const delta = other.mean - this.mean;
    const delta2 = delta * delta;
    const delta3 = delta * delta2;
    const delta4 = delta2 * delta2;
    const m2 = this.m2 + other.m2 + (delta2 * na * nb) / n;
    const m3 = this.m3 + other.m3 + (delta3 * na * nb * (na - nb)) / (n * n) + (3 * delta * (na * other.m2 - nb * this.m2)) / n;
    const m4 =
      this.m4 +
      other.m4 +
      (delta4 * na * nb * (na * na - na * nb + nb * nb)) / (n * n * n) +
      (6 * delta2 * (na * na * other.m2 + nb * nb * this.m2)) / (n * n) +
      (4 * delta * (na * other.m3 - nb * this.m3)) / n;
    this.mean = (na * this.mean + nb * other.mean) / n;
    this.m2 = m2;
    this.m3 = m3;
    this.m4 = m4;
    this.n = n;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** Sample variance (n − 1), as DuckDB's var_samp and pandas. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : Number.NaN;
  }

  get std(): number {
    return Math.sqrt(this.variance);
  }

  /** Adjusted Fisher-Pearson skewness G1 (pandas, DuckDB skewness). */
  get skewness(): number {
    const n = this.n;
    if (n < 3 || this.m2 === 0) return Number.NaN;
    const g1 = (Math.sqrt(n) * this.m3) / this.m2 ** 1.5;
    return (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
  }

  /** Adjusted excess kurtosis G2 (pandas, DuckDB kurtosis). */
  get kurtosis(): number {
    const n = this.n;
    if (n < 4 || this.m2 === 0) return Number.NaN;
    const g2 = (n * this.m4) / (this.m2 * this.m2) - 3;
    return ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6);
  }
}

/** Pearson correlation of paired values, streamed with a co-moment (mergeable like Moments). */
export class CoMoment {
  n = 0;
  meanX = 0;
  meanY = 0;
  m2x = 0;
  m2y = 0;
  cxy = 0;

  add(x: number, y: number): void {
    const n = ++this.n;
    const dx = x - this.meanX;
    this.meanX += dx / n;
    const dy = y - this.meanY;
    this.meanY += dy / n;
    this.m2x += dx * (x - this.meanX);
    this.m2y += dy * (y - this.meanY);
    this.cxy += dx * (y - this.meanY);
  }

  merge(o: CoMoment): void {
    if (o.n === 0) return;
    const n = this.n + o.n;
    const dx = o.meanX - this.meanX;
    const dy = o.meanY - this.meanY;
    const f = (this.n * o.n) / n;
    this.m2x += o.m2x + dx * dx * f;
    this.m2y += o.m2y + dy * dy * f;
    this.cxy += o.cxy + dx * dy * f;
    this.meanX += (dx * o.n) / n;
    this.meanY += (dy * o.n) / n;
    this.n = n;
  }

  get correlation(): number {
    if (this.n < 2 || this.m2x === 0 || this.m2y === 0) return Number.NaN;
    return this.cxy / Math.sqrt(this.m2x * this.m2y);
  }
}
