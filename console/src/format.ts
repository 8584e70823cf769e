/** Numbers, sizes and times as people read them. */
const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

export function count(value: number): string {
  return integer.format(value);
}

export function number(value: number): string {
  return decimal.format(value);
}

export function bytes(value: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let size = value;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${unit === 0 ? size : decimal.format(size)} ${units[unit]}`;
}

export function credits(value: number): string {
  return `${integer.format(value)} credit${Math.abs(value) === 1 ? "" : "s"}`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

/** "ab-cd-ef" → "Ab cd ef" for ids that have no name in the payload. */
export function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
