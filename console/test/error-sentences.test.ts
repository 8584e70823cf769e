/** Every code the service can answer with has a sentence and a next step in the console. */
import { ERROR_CODES } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { ERROR_SENTENCES } from "../src/error-sentences.js";

describe("console error sentences", () => {
  it.each(ERROR_CODES)("%s has a sentence and what to do next", (code) => {
    const sentence = ERROR_SENTENCES[code];
    expect(sentence, `${code} has no sentence in console/src/error-sentences.ts`).toBeDefined();
    expect(sentence.what).toMatch(/^[A-Z].*\.$/);
    expect(sentence.next).toMatch(/^[A-Z].*\.$/);
    expect(sentence.what).not.toContain(code);
  });

  it("has no sentence for a code the service does not have (besides the page's own network failure)", () => {
    const extra = Object.keys(ERROR_SENTENCES).filter((code) => !(ERROR_CODES as string[]).includes(code));
    expect(extra).toEqual(["NETWORK_ERROR"]);
  });
});
