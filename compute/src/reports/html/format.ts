/** Numbers as people read them: thousands separators, a few significant digits, shares as percents. */
const INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
  return typeof n === "number" && Number.isFinite(n) ? INTEGER.format(n) : "–";
}

/** Large values keep no decimals, values near zero keep four significant digits. */
export function formatNumber(n: number | null | undefined): string {
  if (typeof n !== "number") return "–";
  if (!Number.isFinite(n)) return n > 0 ? "∞" : n < 0 ? "−∞" : "–";
  if (Number.isInteger(n)) return INTEGER.format(n);
  const abs = Math.abs(n);
  if (abs >= 1000) return INTEGER.format(n);
  if (abs >= 1) return new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(n);
  if (abs === 0) return "0";
  return new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 }).format(n);
}

/** A share in [0, 1] as "12.3 %"; shares that round to 0 or 100 but are not say so ("< 0.1 %"). */
export function formatShare(share: number | null | undefined): string {
  if (typeof share !== "number" || !Number.isFinite(share)) return "–";
  const pct = share * 100;
  if (pct > 0 && pct < 0.05) return "< 0.1 %";
  if (pct < 100 && pct > 99.95) return "> 99.9 %";
  return `${pct.toFixed(1)} %`;
}

/** A score already on a 0–100 scale. */
export function formatScore(score: number | null | undefined): string {
  return typeof score === "number" && Number.isFinite(score) ? `${Number(score.toFixed(1))}` : "–";
}

export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${formatCount(value)} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${formatCount(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** snake_case and kebab-case identifiers as words: "null_share" → "Null share". */
export function humanize(id: string): string {
  const words = id.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A scalar of any kind as text; numbers formatted, booleans as yes/no. */
export function formatScalar(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(formatScalar).join(", ");
  // Objects are never printed as JSON: their scalar entries as "key: value".
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v === null || typeof v !== "object")
    .map(([k, v]) => `${humanize(k)}: ${formatScalar(v)}`)
    .join("; ");
}
