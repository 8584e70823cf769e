/**
 * How a cell of a PlanetScale answer becomes a JavaScript value: exactly the driver's cast, with a
 * shortcut for ASCII text. The driver turns every text cell (the answer's bytes as a latin1
 * string) into an array of char codes, then a Uint8Array, then decodes it as UTF-8: one array
 * element per character, for every string column of every row. For a cell whose bytes are all
 * below 0x80 that round trip returns the string unchanged, so it is skipped; anything else (a
 * multi-byte character, binary data, numbers, dates) still goes through the driver's own cast.
 */
import { type Cast, cast as driverCast, type Field } from "@planetscale/database";

/** Column types the driver decodes as UTF-8 text (its last branch), unless the column is binary. */
const TEXT_TYPES = new Set(["VARCHAR", "CHAR", "TEXT", "ENUM", "SET"]);
/** MySQL's `binary` character set: such a column's bytes are not text. */
const BINARY_CHARSET = 63;
const NON_ASCII = /[\u0080-\uffff]/;

export const castCell: Cast = (field: Field, value: string | null) => {
  if (typeof value === "string" && !NON_ASCII.test(value)) {
    if (field.type === "JSON") return JSON.parse(value);
    if (TEXT_TYPES.has(field.type) && field.charset !== BINARY_CHARSET) return value;
  }
  return driverCast(field, value);
};
