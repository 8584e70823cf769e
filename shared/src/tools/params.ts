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
