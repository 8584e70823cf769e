/**
 * The comparable forms written from a cell's bytes (blocking keys) are the UTF-8 of the string
 * functions they stand for, checked against those functions on edge cases of each kind: case,
 * spaces, "+tags", Gmail dots, several "@", trunk and international prefixes, all-zero numbers,
 * punctuation-only values and non-ASCII text.
 */
import { describe, expect, it } from "vitest";
import { formWriter } from "../../../src/agents/master-my-data/blocking-bytes.js";
import { ByteBuffer } from "../../../src/agents/master-my-data/cell-values.js";
import { type ComparisonKind, comparable } from "../../../src/agents/master-my-data/fellegi-sunter.js";
import { cellsOf } from "./column-cells.js";

const VALUES: Record<string, string[]> = {
  email: [
    "John.Smith@Example.COM",
    "  john.smith+news@example.com\t",
    "j.o.h.n+x@GMAIL.com",
    "j.o.h.n@googlemail.com",
    "+tag@example.com",
    "+a+b@gmail.com",
    "a+@x.org",
    "...@gmail.com",
    "a@b@c.com",
    "@example.com",
    "john@",
    "no at sign",
    "@",
    "x@y",
    "José@exämple.com",
    "ＡＢ@example.com",
    "İ@gmail.com",
    "\u00a0a@b.com\u00a0",
    "a@gmail.co",
    "a@mail.gmail.com",
  ],
  phone: [
    "(555) 123-4567",
    "+44 20 7946 0958",
    "0044 20 7946 0958",
    "00 123 4567",
    "020 7946 0958",
    "0000000",
    "00000000000",
    "000012345",
    "123456",
    "1234567",
    "12345678901234",
    "phone: ５５５ 123 4567",
    "٥٥٥1234567",
    "no digits",
    "001234567",
  ],
  postcode: ["sw1a 1aa", "SW1A-1AA", "10932", "  ab 12 ", "---", "straße 1", "ｓｗ１", "ǅ1"],
  id: ["ab-0012 ", "AB0012", "x_y.z", "--", "ß-12", "Ａ１", "éa1", "a\u0301b"],
  text: ["Main St.", "  Lakeside  ", "O'Brien-Smith", "...", "José Müller", "Ｔｏｋｙｏ", "ﬁne"],
};

describe("blocking forms from bytes", () => {
  for (const [kind, values] of Object.entries(VALUES)) {
    it(`writes the UTF-8 of comparable("${kind}", value) and says when it is empty`, async () => {
      const write = formWriter(kind as ComparisonKind);
      if (!write) throw new Error(`${kind} has no byte writer`);
      const cells = await cellsOf(values);
      const out = new ByteBuffer();
      values.forEach((value, i) => {
        // Written after other bytes, as a later part of a blocking key is.
        out.length = 0;
        out.push(0x7c);
        const written = write(cells, i, out);
        const expected = comparable(kind as ComparisonKind, value);
        expect(Buffer.from(out.bytes.subarray(1, out.length)).toString("utf8"), value).toBe(expected);
        expect(written, value).toBe(Buffer.byteLength(expected));
      });
    });
  }

  it("leaves names and dates to their string functions", () => {
    expect(formWriter("name")).toBeNull();
    expect(formWriter("date")).toBeNull();
  });
});
