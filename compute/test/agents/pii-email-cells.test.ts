/**
 * A column of more distinct e-mails than the verdict cache holds: past the cache the plain ones
 * are judged and masked on their bytes, the others (padded, near misses) on their text, and the
 * report lists every e-mail cell as it would list it from its text.
 */
import { describe, expect, it } from "vitest";
import type { PiiScan } from "../../src/agents/score-risk/scan-pii.js";
import { scoreRisk } from "../../src/agents/score-risk.js";
import { datasetFromColumns } from "../support/dataset.js";
import { seededRandom } from "../support/random.js";
import { runAgent } from "../support/run-agent.js";

/** The masked form written out by hand: first character, at least three stars, the @ and domain. */
function masked(email: string): string {
  const text = email.trim();
  const at = text.indexOf("@");
  return `${text[0]}${"*".repeat(Math.max(3, at - 1))}${text.slice(at)}`;
}

describe("PII scan of a column of distinct e-mails", () => {
  it("lists every e-mail cell, plain or padded, with its masked value and score, past the verdict cache", async () => {
    const random = seededRandom(7);
    const rows = 45_000;
    const firsts = "abcXYZ019._%+-";
    const email: string[] = [];
    const contact: string[] = [];
    const expected: { row: number; field: string; value: string; message: string }[] = [];
    for (let row = 1; row <= rows; row++) {
      const first = firsts[Math.floor(random() * firsts.length)];
      const local = `${first}${Math.floor(random() * 10 ** (1 + (row % 7)))}`;
      const domain = `host${row % 6}.example.${row % 2 === 0 ? "org" : "IO"}`;
      const values = [
        `${local}@${domain}`,
        `${local}@${domain}`,
        `  ${local}@${domain} `,
        // Near misses no recogniser takes: a one-letter top-level domain, a letter past ASCII.
        `${local}@${domain}.c`,
        `${local}ë@${domain}`,
      ];
      // Values 0–2 are e-mails (2 padded, for the string path), 3 and 4 are not.
      const e = values[row % 5];
      const c = values[(row + 2) % 5];
      email.push(e);
      contact.push(c);
      // "contact" sorts before "email" within a row; no header names contact, so no boost there.
      if ((row + 2) % 5 <= 2) expected.push({ row, field: "contact", value: masked(c), message: "email (confidence 0.85)" });
      if (row % 5 <= 2) expected.push({ row, field: "email", value: masked(e), message: "email (confidence 1.00)" });
    }
    const { data, row_level_issues } = await runAgent<PiiScan>(scoreRisk, datasetFromColumns({ email, contact }));
    const got = row_level_issues.map((r) => ({ row: r.row, field: r.field, value: r.value, message: r.message }));
    expect(got).toEqual(expected);
    const [emailColumn, contactColumn] = data.columns;
    expect(emailColumn.entity_counts.email).toBe(expected.filter((x) => x.field === "email").length);
    expect(contactColumn.entity_counts.email).toBe(expected.filter((x) => x.field === "contact").length);
    // Far more distinct e-mails than the verdict cache's 20,000.
    expect(new Set(email).size).toBeGreaterThan(30_000);
  });
});
