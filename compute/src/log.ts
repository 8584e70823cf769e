/** One JSON line per event; warnings and errors go to stderr. */
export function log(fields: Record<string, unknown>) {
  const line = JSON.stringify(fields);
  if (fields.level === "error" || fields.level === "warn") console.error(line);
  else console.log(line);
}
