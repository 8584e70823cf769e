/**
 * Nested report values as spreadsheet columns: objects become dotted columns (`length.min`),
 * arrays of scalars a comma list, arrays of objects a readable "key: value" list; never JSON.
 */
import { formatScalar } from "../html/format.js";

export type Flat = Record<string, string | number | boolean | null>;

const MAX_DEPTH = 2;
const LIST_ITEMS = 20;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function listText(items: unknown[]): string {
  const shown = items.slice(0, LIST_ITEMS).map((item) => formatScalar(item));
  return items.length > LIST_ITEMS
    ? `${shown.join(" | ")} | … (${items.length} in all)`
    : shown.join(items.some((i) => i !== null && typeof i === "object") ? " | " : ", ");
}

export function flatten(value: Record<string, unknown>, prefix = "", depth = 0, out: Flat = {}): Flat {
  for (const [key, v] of Object.entries(value)) {
    const name = `${prefix}${key}`;
    if (v === null || v === undefined) out[name] = null;
    else if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") out[name] = v;
    else if (Array.isArray(v)) out[name] = listText(v);
    else if (isPlainObject(v) && depth < MAX_DEPTH) flatten(v, `${name}.`, depth + 1, out);
    else out[name] = formatScalar(v);
  }
  return out;
}

export interface DataTable {
  title: string;
  rows: Flat[];
}

/**
 * An agent's data as key/value scalars and tables: arrays of objects and objects of objects become
 * tables (one row per item), nested objects are searched for more of both under a dotted name.
 */
export function dataParts(data: unknown, prefix = "", depth = 0): { scalars: Flat; tables: DataTable[] } {
  const scalars: Flat = {};
  const tables: DataTable[] = [];
  if (!isPlainObject(data)) return { scalars, tables };
  for (const [key, value] of Object.entries(data)) {
    const name = `${prefix}${key}`;
    if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
      tables.push({ title: name, rows: value.map((v) => flatten(v)) });
    } else if (isPlainObject(value)) {
      const entries = Object.entries(value);
      if (entries.length > 0 && entries.every(([, v]) => isPlainObject(v))) {
        tables.push({ title: name, rows: entries.map(([item, v]) => flatten({ name: item, ...(v as Record<string, unknown>) })) });
      } else if (depth < MAX_DEPTH) {
        const inner = dataParts(value, `${name}.`, depth + 1);
        Object.assign(scalars, inner.scalars);
        tables.push(...inner.tables);
      } else scalars[name] = formatScalar(value);
    } else if (Array.isArray(value)) scalars[name] = listText(value);
    else scalars[name] = (value ?? null) as Flat[string];
  }
  return { scalars, tables };
}
