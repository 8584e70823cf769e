import { z } from "zod";

/**
 * An agent's parameter block: unknown keys are refused (a typo must not silently fall back
 * to a default) and every field has a default, so `{}` is always valid.
 */
export function agentParams<T extends z.ZodRawShape>(shape: T) {
  // Every field has a default, so an absent block parses as `{}`.
  return z
    .object(shape)
    .strict()
    .prefault({} as z.input<z.ZodObject<T>>);
}

/** A share between 0 and 1 with a default. */
export function share(defaultValue: number) {
  return z.number().min(0).max(1).default(defaultValue);
}

export const columnName = z.string().min(1).max(256);

/** Cells that mean "no value", compared trimmed and case-blind; one list for every agent that reads values. */
export const DEFAULT_NULL_MARKERS: readonly string[] = ["", "NA", "N/A", "null", "None", "-", "?"];

/** An agent's `null_markers` parameter: cells holding one are nulls to it, whatever their column. */
export const nullMarkers = z
  .array(z.string().max(64))
  .max(100)
  .default(() => [...DEFAULT_NULL_MARKERS]);

/**
 * Reader options any tool accepts under "input" in parameters.json: the XLSX sheet to read instead
 * of the one holding the largest table, the CSV delimiter to use instead of the sniffed one, and
 * how numbers and dates are written (a locale, or the decimal separator and date order), instead
 * of detected per column. The locale settings are checked by resolveLocale (LOCALE_INVALID).
 */
export const inputOptions = z
  .object({
    sheet: z.string().min(1).max(31).optional(),
    delimiter: z.string().length(1).optional(),
    locale: z.string().min(1).max(35).optional(),
    decimal: z.enum([".", ","]).optional(),
    date_order: z.enum(["DMY", "MDY", "YMD"]).optional(),
  })
  .strict();
