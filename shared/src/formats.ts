/** Input formats a user may upload, keyed by file extension, with the content type the store enforces. */
export const INPUT_FORMATS = {
  csv: { contentType: "text/csv", format: "csv" },
  tsv: { contentType: "text/tab-separated-values", format: "tsv" },
  xlsx: {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    format: "xlsx",
  },
  json: { contentType: "application/json", format: "json" },
  ndjson: { contentType: "application/x-ndjson", format: "ndjson" },
  jsonl: { contentType: "application/x-ndjson", format: "ndjson" },
  parquet: { contentType: "application/vnd.apache.parquet", format: "parquet" },
} as const;

export type InputExtension = keyof typeof INPUT_FORMATS;
export type InputFormat = (typeof INPUT_FORMATS)[InputExtension]["format"];

export const ACCEPTED_EXTENSIONS = Object.keys(INPUT_FORMATS) as InputExtension[];

/** `report.final.CSV` → `csv`; undefined when the extension is not one we read. */
export function extensionOf(filename: string): InputExtension | undefined {
  const dot = filename.lastIndexOf(".");
  if (dot < 0) return undefined;
  const ext = filename.slice(dot + 1).toLowerCase();
  return Object.hasOwn(INPUT_FORMATS, ext) ? (ext as InputExtension) : undefined;
}

export const INPUT_ROLES = ["primary", "baseline"] as const;
export type InputRole = (typeof INPUT_ROLES)[number];
