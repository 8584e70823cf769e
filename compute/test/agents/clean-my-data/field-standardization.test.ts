import { describe, expect, it } from "vitest";
import { toCountryCode } from "../../../src/agents/clean-my-data/country-codes.js";
import { fieldStandardization } from "../../../src/agents/clean-my-data/field-standardization.js";
import { toE164 } from "../../../src/stats/phone-numbers.js";
import { datasetFromRows } from "../../support/dataset.js";
import { readColumn, runClean } from "./clean-support.js";

const columns = ["name", "phone", "email", "country", "signup_date", "city"];
const rows = [
  ["jane DOE", "(415) 555-2671", " John.Doe@Example.COM ", "USA", "12/31/2024", "New  York"],
  ["bob smith", "+44 20 7946 0958", "bob@x.org", "United Kingdom", "2024-01-05", "new york"],
  ["ann lee", "1-212-555-0100", "ANN@X.ORG", "deutschland", "March 3, 2024", "NEW YORK "],
  ["tom o'neil", "555-01", "t@x.org", "Narnia", "2024/02/29", "NYC"],
  ["eve", "", "e@x.org", "u.k.", "31/01/2024", "Boston"],
];

describe("field-standardization", () => {
  it("writes phones as E.164, emails lower-case, countries as ISO codes, dates as ISO 8601, and clusters spelling variants", async () => {
    const result = await runClean(fieldStandardization, datasetFromRows(columns, rows, { batchSize: 2 }), {
      case: { name: "title" },
      mappings: { city: { NYC: "New York" } },
    });
    const out = result.nextPrimary!;
    expect(await readColumn(out, "phone")).toEqual(["+14155552671", "+442079460958", "+12125550100", "555-01", ""]);
    expect(await readColumn(out, "email")).toEqual(["john.doe@example.com", "bob@x.org", "ann@x.org", "t@x.org", "e@x.org"]);
    expect(await readColumn(out, "country")).toEqual(["US", "GB", "DE", "Narnia", "GB"]);
    expect(await readColumn(out, "signup_date")).toEqual(["2024-12-31", "2024-01-05", "2024-03-03", "2024-02-29", "2024-01-31"]);
    expect(await readColumn(out, "name")).toEqual(["Jane Doe", "Bob Smith", "Ann Lee", "Tom O'Neil", "Eve"]);
    // After whitespace and the mapping, "New York" is written twice, "new york" and "NEW YORK" once each.
    expect(await readColumn(out, "city")).toEqual(["New York", "New York", "New York", "New York", "Boston"]);
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.issue_type])).toEqual([
      [4, "phone", "phone_not_standardized"],
      [4, "country", "country_not_standardized"],
    ]);
    const city = result.data.columns.find((c: { field: string }) => c.field === "city");
    expect(city.clusters).toEqual({ "new york": "New York", "NEW YORK": "New York" });
    expect(result.data.operations).toContainEqual(expect.objectContaining({ operation: "standardize_phone", field: "phone", count: 3 }));
  });

  it("uses the default country for national numbers and knows alpha-3 codes and aliases", () => {
    expect(toE164("020 7946 0958", "GB")).toBe("+442079460958");
    expect(toE164("06 12 34 56 78", "FR")).toBe("+33612345678");
    expect(toE164("0049 30 123456", "US")).toBe("+4930123456");
    expect(toE164("call me", "US")).toBeNull();
    expect(["FRA", "Holland", "Côte d’Ivoire", "Viet Nam", "Korea, Republic of", "U.S.A."].map(toCountryCode)).toEqual([
      "FR",
      "NL",
      "CI",
      "VN",
      "KR",
      "US",
    ]);
  });

  it("merges hyphenated, case and spacing variants of a category into its most frequent spelling", async () => {
    // Counted truth: each city's canonical spelling is the most frequent; every variant maps to it.
    const canonical = { "New York": 40, "San Francisco": 30, "Winston-Salem": 20 };
    const variants: Record<string, string[]> = {
      "New York": ["NEW-YORK", "new york", "New  York", "new-york"],
      "San Francisco": ["san-francisco", "SAN FRANCISCO", "San_Francisco"],
      "Winston-Salem": ["winston salem", "WINSTON-SALEM"],
    };
    const rows: string[][] = [];
    const expected: string[] = [];
    for (const [city, n] of Object.entries(canonical)) {
      for (let i = 0; i < n; i++) {
        rows.push([city]);
        expected.push(city);
      }
      for (const v of variants[city]) {
        rows.push([v]);
        expected.push(city);
      }
    }
    const result = await runClean(fieldStandardization, datasetFromRows(["city"], rows, { batchSize: 17 }), { trim_whitespace: false });
    expect(await readColumn(result.nextPrimary!, "city")).toEqual(expected);
  });
});
