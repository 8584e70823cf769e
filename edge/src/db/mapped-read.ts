/**
 * A select built by drizzle once per isolate whose answer rows are turned into objects here.
 * drizzle's prepared statements map every row through its generic mapResultRow, which checks
 * each column's kind through the prototype chain and walks a path array per cell: about 5 % of
 * a status poll's CPU in a profile of the worker. The SQL and the parameters are still
 * drizzle's (toSQL, fillPlaceholders) and every value still goes through its column's own
 * mapFromDriverValue, so JSON, dates and booleans come back exactly as drizzle gives them (a
 * test compares both on the same rows).
 */
import { Column, fillPlaceholders, is } from "drizzle-orm";
import type { MySqlColumn } from "drizzle-orm/mysql-core";
import type { Database } from "./client.js";

/** Columns by the names the row gets, one level of nesting allowed (a joined table's columns). */
export type Selection = Record<string, MySqlColumn | Record<string, MySqlColumn>>;

interface Slot {
  group: string | null;
  key: string;
  column: Column;
  /** The first column of its group: where the group's object is made (keys keep drizzle's order). */
  opensGroup: boolean;
}

/**
 * `db.select(selection)` completed by `query` (from, joins, where): drizzle orders the answer's
 * columns by the selection's keys, as this does. A group in `optional` (a left-joined table) is
 * null when its first column is, as drizzle decides: make that column one that is never null
 * when the row exists.
 */
export function mappedRead<Row>(
  db: Database,
  selection: Selection,
  query: (select: ReturnType<Database["select"]>) => { toSQL(): { sql: string; params: unknown[] } },
  optional: readonly string[] = [],
): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql, params } = query(db.select(selection)).toSQL();
  const slots: Slot[] = [];
  for (const [name, field] of Object.entries(selection)) {
    if (is(field, Column)) {
      slots.push({ group: null, key: name, column: field, opensGroup: false });
      continue;
    }
    Object.entries(field).forEach(([key, column], k) => {
      slots.push({ group: name, key, column, opensGroup: k === 0 });
    });
  }
  const optionalAt = optional.map((group) => {
    const at = slots.findIndex((s) => s.group === group);
    if (at < 0) throw new Error(`mappedRead: "${group}" is not a group of the selection`);
    return { group, at };
  });

  const toObject = (row: unknown[]): Row => {
    const out: Record<string, unknown> = {};
    let target: Record<string, unknown> = out;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (slot.group === null) target = out;
      else if (slot.opensGroup) {
        target = {};
        out[slot.group] = target;
      }
      const raw = row[i];
      target[slot.key] = raw === null ? null : slot.column.mapFromDriverValue(raw);
    }
    for (const { group, at } of optionalAt) if (row[at] === null) out[group] = null;
    return out as Row;
  };

  return async (values) => {
    const { rows } = await db.$client.execute(sql, fillPlaceholders(params, values), { as: "array" });
    return (rows as unknown[][]).map(toObject);
  };
}
