/**
 * The byte gates that let the PII scan pass a value without decoding it: they may only pass
 * values in which the string recognisers (examinePii, embeddedPii) find nothing.
 */
import { describe, expect, it } from "vitest";
import { bytesMayHoldPii } from "../../src/stats/pii-byte-gates.js";
import {
  embeddedPii,
  examinePii,
  FREE_TEXT_MIN_LENGTH,
  headerEntities,
  newColumnContext,
  type PiiEntity,
} from "../../src/stats/pii-entities.js";
import { seededRandom } from "../support/random.js";

const encoder = new TextEncoder();
const gate = (text: string, named: Set<PiiEntity>) => {
  const bytes = encoder.encode(text);
  return bytesMayHoldPii(bytes, 0, bytes.length, named);
};
/** Every header the recognisers know, so the needs-a-header recognisers take part too. */
const EVERY_HEADER = headerEntities("email phone card iban ssn ip date_of_birth secret address passport customer");
const HEADERS = [new Set<PiiEntity>(), EVERY_HEADER];

describe("PII byte gates", () => {
  it("pass plain timestamps, in which no recogniser finds anything", () => {
    const random = seededRandom(5);
    const two = (n: number) => String(Math.floor(random() * n)).padStart(2, "0");
    for (let k = 0; k < 3_000; k++) {
      const fraction = k % 3 === 0 ? "" : `.${String(Math.floor(random() * 1e9)).slice(0, 1 + (k % 9))}`;
      const text = `${1900 + Math.floor(random() * 200)}-${two(13)}-${two(32)} ${two(24)}:${two(60)}:${two(60)}${fraction}`;
      for (const named of HEADERS) {
        expect(gate(text, named)).toBe(false);
        // The second opinion: the recognisers on the decoded text.
        const ctx = newColumnContext();
        expect(examinePii(text, named, 0.35, ctx)).toEqual({ match: null, invalid: null });
        expect(embeddedPii(text, ctx)).toEqual([]);
      }
    }
  });

  it("still examine values that only look like timestamps, and the PII next to one", () => {
    const none = new Set<PiiEntity>();
    for (const text of [
      "2021-03-30 07:37:54 call +33 6 12 34 56 78",
      " 2021-03-30 07:37:54",
      "2021-03-30 07:37:5412345",
      "2021-03-30 07:37:54.",
      "2021-03-30T07:37:54 4111 1111 1111 1111",
    ])
      expect(gate(text, none)).toBe(true);
    const ctx = newColumnContext();
    expect(embeddedPii("2021-03-30 07:37:54 call +33 6 12 34 56 78", ctx)).toEqual(["phone"]);
  });

  it("pass digit-led long values for API secrets, whose every form starts with a letter", () => {
    const none = new Set<PiiEntity>();
    const secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
    expect(gate(secret, none)).toBe(true);
    expect(examinePii(secret, none, 0.35, newColumnContext()).match?.entity).toBe("api_secret");
    for (const text of ["1234567890123456x9", "2021-03-30T07:37:54", "1234567890.123456"]) {
      expect(gate(text, none)).toBe(false);
      expect(examinePii(text, none, 0.35, newColumnContext())).toEqual({ match: null, invalid: null });
    }
  });

  it("pass only values in which the recognisers find nothing, whatever the mix of shapes and headers", () => {
    const random = seededRandom(8);
    const alphabet = "0123456789012345678901234567890123456789abcXYZ@.:- -/+()";
    const headers = [new Set<PiiEntity>(), headerEntities("phone"), EVERY_HEADER];
    let passed = 0;
    let examined = 0;
    for (let k = 0; k < 40_000; k++) {
      const length = Math.floor(random() * 24);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      // Headers taken in runs and in turns, as a scan's columns take the gates in turn.
      const named = headers[Math.floor(k / 7) % headers.length];
      if (gate(text, named)) {
        examined++;
        continue;
      }
      passed++;
      const ctx = newColumnContext();
      const { match, invalid } = examinePii(text, named, 0.35, ctx);
      expect({ text, match, invalid }).toEqual({ text, match: null, invalid: null });
      if (text.length >= FREE_TEXT_MIN_LENGTH && text.includes(" "))
        expect({ text, found: embeddedPii(text, ctx) }).toEqual({ text, found: [] });
    }
    // Both answers came up often, so both were put to the test.
    expect(passed).toBeGreaterThan(5_000);
    expect(examined).toBeGreaterThan(5_000);
  });
});
