/**
 * Plain e-mails told and masked on their bytes: plainEmailAt takes exactly the values the e-mail
 * recogniser takes, each of them gets the one verdict examinePii gives every e-mail, and
 * EmailMasks writes what maskValue writes.
 */
import { describe, expect, it } from "vitest";
import { maskValue } from "../../src/stats/masking.js";
import { EmailMasks, plainEmailAt } from "../../src/stats/pii-email-bytes.js";
import { examinePii, headerEntities, newColumnContext, type PiiEntity } from "../../src/stats/pii-entities.js";
import { seededRandom } from "../support/random.js";

const encoder = new TextEncoder();
/** The e-mail recogniser's pattern, written out again as the second opinion. */
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const EVERY_HEADER = headerEntities("email phone card iban ssn ip date_of_birth secret address passport customer");
const HEADERS: { named: Set<PiiEntity>; score: number }[] = [
  { named: new Set(), score: 0.85 },
  { named: headerEntities("email"), score: 1 },
  { named: EVERY_HEADER, score: 1 },
];

/** A value in a buffer with bytes around it, as a column chunk holds it. */
function inBuffer(text: string): { bytes: Uint8Array; start: number; end: number } {
  const bytes = encoder.encode(`x@.${text}@a.bc`);
  const start = encoder.encode("x@.").length;
  return { bytes, start, end: start + encoder.encode(text).length };
}

/** Values near an e-mail: every byte class at every place, and the pattern's edges. */
function generatedValues(): string[] {
  const random = seededRandom(23);
  // Mostly bytes each part takes, so both sides are reached; now and then any byte at all.
  const any = ["a", "Z", "7", ".", "-", "_", "%", "+", "@", " ", "\t", "é", "😀", ",", "'", "!", "co", "x.", ".y", ""];
  const local = ["a", "Z", "7", ".", "-", "_", "%", "+", "user1", "x.y"];
  const domain = ["a", "Z", "7", ".", "-", "ex", "mail-1", "b.c"];
  const tld = ["a", "Z", "co", "UK", "m"];
  const part = (pool: string[], most: number) =>
    Array.from({ length: Math.floor(random() * most) }, () => {
      const from = random() < 0.9 ? pool : any;
      return from[Math.floor(random() * from.length)];
    }).join("");
  const out: string[] = [];
  for (let k = 0; k < 40_000; k++) {
    const l = part(local, 4);
    const d = part(domain, 4);
    const t = part(tld, 3);
    out.push(`${l}@${d}.${t}`, `${l}${d}${t}`, `${l}@${d}${t}`);
  }
  return out;
}

const ADVERSARIAL = [
  "a@b.cc",
  "a@b.c",
  "@b.cc",
  "a@.cc",
  "a@b..cc",
  "a@b.cc.",
  "a@b.c1",
  "a@b.1c",
  "a@b-.cc",
  "a@b.cc ",
  " a@b.cc",
  "a b@c.dd",
  "a@@b.cc",
  "a@b@c.dd",
  "A.B%C+D-E_F@X-Y.Z.COM",
  "...@...cc",
  "a@b.ccé",
  "é@b.cc",
  "a@b.cc\n",
  "a@b.c\u00e9",
  "user1@example.com",
  `${"a".repeat(110)}@b.com`, // 116 characters
  `${"a".repeat(113)}@b.com`, // 119
  `${"a".repeat(114)}@b.com`, // 120
  `${"a".repeat(115)}@b.com`, // 121
  `a@${"b".repeat(113)}.com`, // 120
  `a@${"b".repeat(114)}.com`, // 121
];

describe("plain e-mails on their bytes", () => {
  it("takes exactly the values the e-mail recogniser takes, each with the verdict of every e-mail", () => {
    let taken = 0;
    const learnt = newColumnContext();
    for (const phone of ["+33 6 12 34 56 78", "06 12 34 56 78", "(212) 555-0100", "+44 20 7946 0958"]) {
      examinePii(phone, headerEntities("phone"), 0.35, learnt);
    }
    for (const text of [...ADVERSARIAL, ...generatedValues()]) {
      const { bytes, start, end } = inBuffer(text);
      const at = plainEmailAt(bytes, start, end);
      const accepted = EMAIL.test(text.trim()) && text.trim().length <= 120 && text.trim() === text;
      expect(at >= 0, text).toBe(accepted);
      if (at < 0) continue;
      taken++;
      expect(at - start).toBe(text.indexOf("@"));
      for (const { named, score } of HEADERS) {
        // Fresh, and after the column taught the context its phone regions: the same verdict.
        for (const ctx of [newColumnContext(), learnt]) {
          expect(examinePii(text, named, 0.35, ctx)).toEqual({ match: { entity: "email", score }, invalid: null });
        }
      }
    }
    // The generator reaches both sides often.
    expect(taken).toBeGreaterThan(5_000);
  });

  it("leaves to the string path the e-mails it does not take, which examinePii may still find", () => {
    // Padded or past ASCII: the string path trims or decodes them; these are its e-mails.
    for (const text of [" a@b.cc", "a@b.cc\t", "\u00a0a@b.cc"]) {
      const { bytes, start, end } = inBuffer(text);
      expect(plainEmailAt(bytes, start, end)).toBe(-1);
      expect(examinePii(text, new Set(), 0.35, newColumnContext()).match?.entity).toBe("email");
    }
  });

  it("masks as maskValue does, the same local-part length and domain or not", () => {
    const random = seededRandom(41);
    const masks = new EmailMasks();
    const decorated = new EmailMasks((masked) => `<${masked}>`);
    const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-";
    let checked = 0;
    for (let k = 0; k < 30_000; k++) {
      const length = 1 + Math.floor(random() * 12);
      const local = Array.from({ length }, () => letters[Math.floor(random() * letters.length)]).join("");
      // Few domains, some a byte apart, so remembered masks are both hit and told apart.
      const domain = `${["ex", "ex", "mail", "e-x"][k % 4]}${Math.floor(random() * 5)}.${["com", "co", "org"][k % 3]}`;
      const text = `${local}@${domain}`;
      const { bytes, start, end } = inBuffer(text);
      const at = plainEmailAt(bytes, start, end);
      expect(at).toBeGreaterThan(0);
      // The form written out by hand: first character, at least three stars, the domain.
      const expected = `${local[0]}${"*".repeat(Math.max(3, length - 1))}@${domain}`;
      expect(maskValue(text, "email")).toBe(expected);
      expect(masks.masked(bytes, start, end, at)).toBe(expected);
      expect(decorated.masked(bytes, start, end, at)).toBe(`<${expected}>`);
      checked++;
    }
    expect(checked).toBe(30_000);
  });
});
