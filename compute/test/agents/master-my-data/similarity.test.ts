import { describe, expect, it } from "vitest";
import { jaro, jaroWinkler } from "../../../src/agents/master-my-data/similarity/jaro-winkler.js";
import { boundedLevenshtein } from "../../../src/agents/master-my-data/similarity/levenshtein.js";
import { emailKey, phoneKey } from "../../../src/agents/master-my-data/similarity/normalize.js";
import { nysiis } from "../../../src/agents/master-my-data/similarity/nysiis.js";

describe("Jaro-Winkler", () => {
  it("matches the values published by Winkler and in the literature", () => {
    expect(jaro("MARTHA", "MARHTA")).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler("MARTHA", "MARHTA")).toBeCloseTo(0.9611, 4);
    expect(jaro("DWAYNE", "DUANE")).toBeCloseTo(0.8222, 4);
    expect(jaroWinkler("DWAYNE", "DUANE")).toBeCloseTo(0.84, 4);
    expect(jaro("DIXON", "DICKSONX")).toBeCloseTo(0.7667, 4);
    expect(jaroWinkler("DIXON", "DICKSONX")).toBeCloseTo(0.8133, 4);
  });

  it("is 1 for equal strings, 0 with nothing in common, and symmetric", () => {
    expect(jaroWinkler("SMITH", "SMITH")).toBe(1);
    expect(jaroWinkler("ABC", "XYZ")).toBe(0);
    expect(jaroWinkler("", "ABC")).toBe(0);
    expect(jaroWinkler("CRATE", "TRACE")).toBeCloseTo(jaroWinkler("TRACE", "CRATE"), 12);
  });
});

describe("bounded Levenshtein", () => {
  it("gives the textbook distances within the bound and bound + 1 beyond it", () => {
    expect(boundedLevenshtein("kitten", "sitting", 3)).toBe(3);
    expect(boundedLevenshtein("kitten", "sitting", 2)).toBe(3);
    expect(boundedLevenshtein("flaw", "lawn", 2)).toBe(2);
    expect(boundedLevenshtein("AB0012", "AB0021", 2)).toBe(2);
    expect(boundedLevenshtein("AB0012", "AB0013", 1)).toBe(1);
    expect(boundedLevenshtein("", "abc", 3)).toBe(3);
    expect(boundedLevenshtein("", "abcd", 3)).toBe(4);
    expect(boundedLevenshtein("same", "same", 0)).toBe(0);
    expect(boundedLevenshtein("abcdefgh", "abcdefghxyz", 2)).toBe(3);
  });
});

describe("NYSIIS", () => {
  // Published codes of the original NYSIIS rules (Taft 1970) as used by common phonetic libraries.
  const cases: [string, string][] = [
    ["Watkins", "WATCAN"],
    ["Wilkinson", "WALCANSAN"],
    ["Robert", "RABAD"],
    ["Smith", "SNAT"],
    ["Schmidt", "SNAD"],
    ["Catherine", "CATARAN"],
    ["Kathryn", "CATRYN"],
    ["Knight", "NAGT"],
    ["Wright", "WRAGT"],
    ["Caesar", "CASAR"],
    ["Macarthur", "MCARTAR"],
    ["Phillips", "FALAP"],
    ["Pfister", "FASTAR"],
    ["Schwartz", "SWART"],
    ["Hawthorne", "HATARN"],
    ["Yarborough", "YARBARAG"],
    ["Thompson", "TANPSAN"],
    ["Johnson", "JANSAN"],
    ["Williams", "WALAN"],
    ["Hugh", "HAG"],
    ["Lloyd", "LAYD"],
    ["Honeyman", "HANAYNAN"],
    ["McDonald", "MCDANALD"],
    ["Sarah", "SAR"],
    ["Michael", "MACAL"],
    ["Hannah", "HAN"],
    ["Joshua", "JAS"],
  ];
  it.each(cases)("%s → %s", (name, code) => {
    expect(nysiis(name)).toBe(code);
  });

  it("ignores case and non-letters, and gives spelling variants one key", () => {
    expect(nysiis("ROBERT")).toBe(nysiis("robert"));
    expect(nysiis("12345")).toBe("");
    expect(nysiis("Catherine")).toBe(nysiis("Catharine"));
    expect(nysiis("Jon")).toBe(nysiis("John"));
    expect(nysiis("Robert")).not.toBe(nysiis("Smith"));
  });
});

describe("normalised keys", () => {
  it("reduces an email to its mailbox", () => {
    expect(emailKey("  John.Smith+news@GoogleMail.com ")).toBe("johnsmith@gmail.com");
    expect(emailKey("Ann.Lee@Example.org")).toBe("ann.lee@example.org");
    expect(emailKey("not an email")).toBe("");
  });

  it("reduces a phone number to its national digits", () => {
    expect(phoneKey("+1 (555) 123-4567")).toBe("5551234567");
    expect(phoneKey("555.123.4567")).toBe("5551234567");
    expect(phoneKey("0044 20 7946 0958")).toBe(phoneKey("020 7946 0958"));
    expect(phoneKey("12-34")).toBe("");
  });
});
