import { describe, expect, it } from "vitest";
import { ibanValid, luhnValid, ssnValid } from "../../src/stats/checksums.js";
import { maskValue } from "../../src/stats/masking.js";
import { detectPii, headerEntities } from "../../src/stats/pii-entities.js";

describe("Luhn", () => {
  it("accepts the standard test card numbers and refuses a changed digit", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111 1111 1111 1111")).toBe(true);
    expect(luhnValid("5500-0000-0000-0004")).toBe(true);
    expect(luhnValid("378282246310005")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("1234567812345678")).toBe(false);
    expect(luhnValid("41111")).toBe(false);
  });
});

describe("IBAN mod-97", () => {
  it("accepts valid IBANs and refuses a wrong check or length", () => {
    expect(ibanValid("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("FR1420041010050500013M02606")).toBe(true);
    expect(ibanValid("GB82WEST12345698765433")).toBe(false);
    expect(ibanValid("DE8937040044053201300")).toBe(false);
    expect(ibanValid("XX00")).toBe(false);
  });
});

describe("US SSN rules", () => {
  it("refuses the SSA's impossible areas, groups and serials", () => {
    expect(ssnValid("123-45-6789")).toBe(true);
    expect(ssnValid("536 22 1234")).toBe(true);
    expect(ssnValid("000-12-3456")).toBe(false);
    expect(ssnValid("666-12-3456")).toBe(false);
    expect(ssnValid("912-12-3456")).toBe(false);
    expect(ssnValid("123-00-3456")).toBe(false);
    expect(ssnValid("123-45-0000")).toBe(false);
    expect(ssnValid("078-05-1120")).toBe(false);
  });
});

describe("PII scores", () => {
  it("sets a passing checksum to 1.0, drops a failing one and boosts a naming header", () => {
    const none = new Set<never>();
    expect(detectPii("4111111111111111", none, 0.35)).toEqual({ entity: "credit_card", score: 1 });
    expect(detectPii("4111111111111112", none, 0.35)?.entity).not.toBe("credit_card");
    expect(detectPii("DE89370400440532013000", none, 0.35)).toEqual({ entity: "iban", score: 1 });
    expect(detectPii("DE89370400440532013001", none, 0.35)).toBeNull();
    expect(detectPii("Maria Lopez", none, 0.35)?.score).toBeCloseTo(0.2, 10);
    expect(detectPii("Maria Lopez", headerEntities("customer_name"), 0.35)?.score).toBeCloseTo(0.55, 10);
    expect(detectPii("1990-04-12", none, 0.35)).toBeNull();
    expect(detectPii("1990-04-12", headerEntities("date_of_birth"), 0.35)?.entity).toBe("date_of_birth");
  });
});

describe("masking", () => {
  it("never shows the full value", () => {
    expect(maskValue("4111111111111111", "credit_card")).toBe("************1111");
    expect(maskValue("123-45-6789", "us_ssn")).toBe("*****6789");
    expect(maskValue("jane.doe@example.com", "email")).toBe("j*******@example.com");
    expect(maskValue("Bob", "person_name")).toBe("B*b");
    for (const v of ["4111111111111111", "jane.doe@example.com", "Bob", "x"]) expect(maskValue(v)).not.toBe(v);
  });
});
