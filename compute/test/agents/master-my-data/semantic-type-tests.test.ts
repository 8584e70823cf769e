/**
 * The value tests of the semantic types read a value's bytes through one shared buffer: each
 * answer must be the value's own, whatever was read before it (a long value, then a short one).
 */
import { describe, expect, it } from "vitest";
import { TYPE_RULES } from "../../../src/agents/master-my-data/semantic-types.js";

const VALUES = [
  "2021-03-04T10:11:12Z",
  "12",
  "1999-12-31",
  "1.5",
  "04.05.2020",
  "€ 1,234.50",
  "2020-02-30",
  "7",
  "31/12/1985",
  "12.3456789",
  "  42  ",
  "Zoë 2019-01-01",
  "-0.5",
  "1e3",
  "2021-03-04 10:11",
  "3",
];

describe("semantic type value tests", () => {
  it("judge each value alone, the same in any order", () => {
    const typed = Object.entries(TYPE_RULES).filter(([, rule]) => rule.test !== undefined);
    const answers = (values: string[]) => values.map((v) => typed.map(([name, rule]) => `${name}:${rule.test?.(v)}`).join(" "));
    const forward = answers(VALUES);
    const backward = answers([...VALUES].reverse()).reverse();
    const alone = VALUES.map((v) => answers([v])[0]);
    expect(backward).toEqual(forward);
    expect(alone).toEqual(forward);
    // The tests are not all false: dates, amounts and births are told apart.
    expect(forward[2]).toContain("date:true");
    expect(forward[1]).toContain("amount:true");
    expect(forward[6]).toContain("date:false");
  });
});
