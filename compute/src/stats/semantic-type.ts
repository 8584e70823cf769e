/**
 * Semantic type of a column from a sample of its values, its header and its profile:
 * email, phone, url, uuid, ip, postcode, currency amount, identifier, categorical, free text.
 */
export type SemanticType =
  | "email"
  | "phone"
  | "url"
  | "uuid"
  | "ip"
  | "postcode"
  | "currency_amount"
  | "identifier"
  | "categorical"
  | "free_text"
  | "numeric"
  | "date"
  | "boolean"
  | "text";

const VALUE_PATTERNS: [SemanticType, RegExp][] = [
  ["email", /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/],
  ["uuid", /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/],
  ["url", /^(https?|ftp):\/\/[^\s/$.?#].[^\s]*$/i],
  ["ip", /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$|^[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}$/],
  ["currency_amount", /^[-+]?[$€£¥]\s?\d{1,3}(?:[,\s]?\d{3})*(?:\.\d+)?$|^[-+]?\d+(?:\.\d{1,2})?\s?(?:USD|EUR|GBP|[$€£])$/],
  ["phone", /^\+?\d{0,3}[\s.-]?\(?\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}$/],
  ["postcode", /^\d{5}(?:-\d{4})?$|^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/],
];

const HEADER_HINTS: [SemanticType, RegExp][] = [
  ["postcode", /zip|postcode|postal/i],
  ["currency_amount", /price|amount|cost|salary|revenue|total|fee|balance/i],
  ["phone", /phone|mobile|tel/i],
  ["identifier", /(^|_|\b)(id|key|code|number|no)$|uuid|guid/i],
];

export interface SemanticInput {
  header: string;
  sample: string[];
  inferredType: string;
  distinct: number;
  nonNull: number;
  meanLength: number;
}

export function semanticType(input: SemanticInput): { type: SemanticType; confidence: number } {
  const { header, sample, inferredType, distinct, nonNull } = input;
  const hint = HEADER_HINTS.find(([, re]) => re.test(header))?.[0];
  if (sample.length > 0) {
    for (const [type, re] of VALUE_PATTERNS) {
      // Digits-only values match phone and postcode patterns by accident; trust those on a header hint.
      if ((type === "phone" || type === "postcode") && hint !== type) continue;
      const share = sample.filter((v) => re.test(v)).length / sample.length;
      if (share >= 0.8) return { type, confidence: round(share) };
    }
  }
  const uniqueRatio = nonNull > 0 ? distinct / nonNull : 0;
  if (hint === "currency_amount" && (inferredType === "float" || inferredType === "integer")) return { type: hint, confidence: 0.7 };
  if ((hint === "identifier" || inferredType === "integer" || inferredType === "string") && uniqueRatio >= 0.99 && nonNull >= 10) {
    if (inferredType !== "float" && input.meanLength <= 40) return { type: "identifier", confidence: round(uniqueRatio) };
  }
  if (inferredType === "boolean") return { type: "boolean", confidence: 1 };
  if (inferredType === "date" || inferredType === "datetime") return { type: "date", confidence: 1 };
  if (inferredType === "integer" || inferredType === "float") return { type: "numeric", confidence: 1 };
  if (distinct <= 50 || (nonNull > 0 && distinct / nonNull < 0.05)) return { type: "categorical", confidence: 0.9 };
  if (input.meanLength > 30 && sample.some((v) => v.includes(" "))) return { type: "free_text", confidence: 0.8 };
  return { type: "text", confidence: 0.5 };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
