/**
 * How the readers' numbers and dates are to be read when the user says so, instead of detected
 * per column: `input.locale` (a BCP 47 tag such as en-US, de-DE, fr-FR, read through Intl), or
 * `input.decimal` and `input.date_order`, which win over the locale's. The same check runs at
 * POST /tasks/:id/process (LOCALE_INVALID) and in compute.
 */
export type DecimalSeparator = "." | ",";
export type DateOrderSetting = "DMY" | "MDY" | "YMD";

export const DECIMAL_SEPARATORS: readonly DecimalSeparator[] = [".", ","];
export const DATE_ORDERS: readonly DateOrderSetting[] = ["DMY", "MDY", "YMD"];

/** What the user gave, resolved: each setting with where it came from. */
export interface ReadingLocale {
  locale: string | null;
  decimal: DecimalSeparator | null;
  date_order: DateOrderSetting | null;
}

export type LocaleResolution = { ok: true; value: ReadingLocale | null } | { ok: false; message: string };

function fromTag(tag: string): { decimal: DecimalSeparator; date_order: DateOrderSetting } | string {
  let supported: string[];
  try {
    supported = Intl.NumberFormat.supportedLocalesOf([tag]);
  } catch {
    return `input.locale ${JSON.stringify(tag)} is not a language tag (use one like en-US, de-DE, fr-FR)`;
  }
  if (supported.length === 0) return `input.locale ${JSON.stringify(tag)} is not a locale this service knows`;
  const decimal = new Intl.NumberFormat(tag).formatToParts(1.5).find((p) => p.type === "decimal")?.value;
  if (decimal !== "." && decimal !== ",") {
    return `input.locale ${JSON.stringify(tag)} writes numbers with ${JSON.stringify(decimal)}; give input.decimal "." or "," instead`;
  }
  const order = new Intl.DateTimeFormat(tag, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" })
    .formatToParts(Date.UTC(2024, 11, 31))
    .flatMap((p) => (p.type === "day" ? ["D"] : p.type === "month" ? ["M"] : p.type === "year" ? ["Y"] : []))
    .join("");
  const date_order = (DATE_ORDERS as readonly string[]).includes(order) ? (order as DateOrderSetting) : "YMD";
  return { decimal, date_order };
}

/** Reads the locale settings of a parameters.json "input" block (anything: it is checked here). */
export function resolveLocale(input: unknown): LocaleResolution {
  if (input === null || typeof input !== "object") return { ok: true, value: null };
  const { locale, decimal, date_order } = input as Record<string, unknown>;
  if (locale === undefined && decimal === undefined && date_order === undefined) return { ok: true, value: null };
  if (locale !== undefined && (typeof locale !== "string" || locale.length === 0 || locale.length > 35)) {
    return { ok: false, message: "input.locale must be a language tag such as en-US, de-DE or fr-FR" };
  }
  if (decimal !== undefined && !(DECIMAL_SEPARATORS as readonly unknown[]).includes(decimal)) {
    return { ok: false, message: `input.decimal must be "." or ","` };
  }
  if (date_order !== undefined && !(DATE_ORDERS as readonly unknown[]).includes(date_order)) {
    return { ok: false, message: "input.date_order must be DMY, MDY or YMD" };
  }
  const fromLocale = typeof locale === "string" ? fromTag(locale) : null;
  if (typeof fromLocale === "string") return { ok: false, message: fromLocale };
  return {
    ok: true,
    value: {
      locale: typeof locale === "string" ? locale : null,
      decimal: (decimal as DecimalSeparator | undefined) ?? fromLocale?.decimal ?? null,
      date_order: (date_order as DateOrderSetting | undefined) ?? fromLocale?.date_order ?? null,
    },
  };
}
