import { describe, expect, it } from "vitest";
import { typeFixer } from "../../../src/agents/clean-my-data/type-fixer.js";
import { datasetFromRows } from "../../support/dataset.js";
import { readColumn, runClean } from "./clean-support.js";

describe("type-fixer", () => {
  it("converts separators and currency to numbers, words to booleans, US dates to ISO 8601; failures become null with a row issue", async () => {
    const rows = [
      ["1,234.50", "12/31/2024", "yes"],
      ["$99", "2024-01-05", "N"],
      ["(12.00)", "Jan 3, 2024", "TRUE"],
      ["abc", "13/45/2024", "0"],
      [" 7 ", "", "maybe"],
    ];
    const result = await runClean(typeFixer, datasetFromRows(["amount", "when", "active"], rows, { batchSize: 2 }), {
      target_types: { amount: "float", when: "date", active: "boolean" },
      date_order: "MDY",
    });
    const out = result.nextPrimary!;
    // Separators, currency and parentheses go; the digits stay as written (two decimals kept).
    expect(await readColumn(out, "amount")).toEqual(["1234.50", "99", "-12.00", null, "7"]);
    expect(await readColumn(out, "when")).toEqual(["2024-12-31", "2024-01-05", "2024-01-03", null, ""]);
    expect(await readColumn(out, "active")).toEqual(["true", "false", "true", "false", null]);
    expect(result.row_level_issues.map((i) => [i.row, i.field, i.value])).toEqual([
      [4, "amount", "abc"],
      [4, "when", "13/45/2024"],
      [5, "active", "maybe"],
    ]);
    expect(result.data.cells_failed).toBe(3);
  });

  it("infers the type of columns without a target: grouped numbers and yes/no convert, codes with leading zeros stay text", async () => {
    const rows = Array.from({ length: 20 }, (_, i) => [
      `${i + 1},000`,
      i % 2 === 0 ? "Yes" : "no",
      `0${2100 + i}`,
      `  name ${i} `,
      `+1415555${1000 + i}`,
      `12345678901234567${10 + i}`,
    ]);
    const result = await runClean(typeFixer, datasetFromRows(["amount", "member", "zip", "name", "phone", "account"], rows));
    const types = Object.fromEntries(result.data.columns.map((c: { field: string; type: string }) => [c.field, c.type]));
    // Phones and 19-digit account numbers would lose their form as numbers: they stay text.
    expect(types).toEqual({ amount: "integer", member: "boolean", zip: "string", name: "string", phone: "string", account: "string" });
    const out = result.nextPrimary!;
    expect((await readColumn(out, "amount")).slice(0, 3)).toEqual(["1000", "2000", "3000"]);
    expect((await readColumn(out, "member")).slice(0, 2)).toEqual(["true", "false"]);
    expect((await readColumn(out, "zip"))[0]).toBe("02100");
    expect((await readColumn(out, "name"))[0]).toBe("name 0");
    expect((await readColumn(out, "phone"))[0]).toBe("+14155551000");
    expect((await readColumn(out, "account"))[0]).toBe("1234567890123456710");
  });

  it("reads day-first dates when asked", async () => {
    const result = await runClean(typeFixer, datasetFromRows(["d"], [["03/04/2024"], ["31.12.2024"]]), {
      target_types: { d: "date" },
      date_order: "DMY",
    });
    expect(await readColumn(result.nextPrimary!, "d")).toEqual(["2024-04-03", "2024-12-31"]);
  });

  it("writes back untouched numbers byte for byte", async () => {
    const values = ["90.90", "1.50", "0.10", "100", "2.000", "$6,748.80", "7"];
    const rows = values.map((v) => [v]);
    const result = await runClean(typeFixer, datasetFromRows(["amount"], rows), { target_types: { amount: "float" } });
    expect(await readColumn(result.nextPrimary!, "amount")).toEqual(["90.90", "1.50", "0.10", "100", "2.000", "6748.80", "7"]);
  });
});
