/**
 * PII recall on generated columns whose truth the generator counts: phones under an
 * uninformative header and in French formats, names with commas, initials and apostrophes,
 * PII inside free text, checksum failures, ZIP+4 codes, and the full row-issue list.
 */
import { describe, expect, it } from "vitest";
import type { PiiScan } from "../../src/agents/score-risk/scan-pii.js";
import { scoreRisk } from "../../src/agents/score-risk.js";
import { unifiedProfiler } from "../../src/agents/unified-profiler.js";
import { toE164 } from "../../src/stats/phone-numbers.js";
import { datasetFromColumns } from "../support/dataset.js";
import { luhnComplete } from "../support/luhn.js";
import { seededRandom } from "../support/random.js";
import { runAgent } from "../support/run-agent.js";

const random = seededRandom(14);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];

/** A French number in one of the three ways people write them; prefixes from ARCEP's allocated ranges. */
function frenchPhone(): string {
  const national = `${pick(["14", "55", "60", "61", "62", "76", "77", "78"])}${digits(7)}`;
  const pairs = national.slice(1).match(/../g)!;
  const style = Math.floor(random() * 3);
  if (style === 0) return `0${national[0]}.${pairs.join(".")}`;
  if (style === 1) return `0${national[0]} ${pairs.join(" ")}`;
  return `+33 ${national[0]} ${pairs.join(" ")}`;
}

/** A US number with a real area code and a 555-01xx style line (NANP: exchange 2–9). */
function usPhone(): string {
  return `(${pick(["212", "415", "617", "312", "206"])}) ${pick(["2", "4", "6", "8"])}${digits(2)}-${digits(4)}`;
}

/** A German IBAN with its mod-97 check digits computed from ISO 13616's definition. */
function germanIban(): string {
  const bban = digits(18);
  const numeric = `${bban}131400`; // D=13, E=14, check digits 00
  let r = 0;
  for (const ch of numeric) r = (r * 10 + Number(ch)) % 97;
  return `DE${String(98 - r).padStart(2, "0")}${bban}`;
}

describe("score-risk recall", () => {
  it("finds a phone column under a header that says nothing, in French and US formats", async () => {
    const n = 400;
    const values: string[] = [];
    let phones = 0;
    for (let i = 0; i < n; i++) {
      if (i % 10 === 9) values.push(pick(["unknown", "ask reception", "n/a"]));
      else {
        values.push(i % 3 === 0 ? usPhone() : frenchPhone());
        phones++;
      }
    }
    const { data, row_level_issues } = await runAgent<PiiScan>(scoreRisk, datasetFromColumns({ reach_at: values }));
    const col = data.columns[0];
    expect(col.entity).toBe("phone");
    expect(col.evidence).toBe("column");
    expect(col.matches).toBe(phones);
    expect(row_level_issues.filter((r) => r.issue_type === "pii_phone")).toHaveLength(phones);
  });

  it("does not take ids or amounts for phone numbers", async () => {
    const ids = Array.from({ length: 300 }, () => `${1 + Math.floor(random() * 9)}${digits(9)}`);
    const amounts = Array.from({ length: 300 }, () => `${digits(5)}.${digits(2)}`);
    const { data } = await runAgent<PiiScan>(scoreRisk, datasetFromColumns({ customer_ref: ids, amount: amounts }));
    expect(data.columns.map((c) => c.entity)).toEqual([null, null]);
  });

  it("does not take zero-padded ids, decimals, dates or timestamps for phone numbers, whole or inside text", async () => {
    const n = 400;
    const paddedIds = Array.from({ length: n }, () => digits(8));
    const scores = Array.from({ length: n }, () => `${digits(2)}.${digits(6)}`);
    const day = () => `20${digits(1)}${1 + Math.floor(random() * 9)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    const logins = Array.from({ length: n }, () => `${day()} 1${digits(1)}:3${digits(1)}:4${digits(1)}`);
    const dottedDates = Array.from({ length: n }, () => `1${digits(1)}.0${1 + Math.floor(random() * 9)}.20${digits(2)}`);
    const { data, row_level_issues } = await runAgent<PiiScan>(
      scoreRisk,
      datasetFromColumns({ customer_id: paddedIds, score: scores, last_login: logins, signed_on: dottedDates }),
    );
    expect(data.columns.map((c) => [c.name, c.entity, c.embedded])).toEqual([
      ["customer_id", null, []],
      ["score", null, []],
      ["last_login", null, []],
      ["signed_on", null, []],
    ]);
    expect(row_level_issues).toEqual([]);
  });

  it("writes valid numbers as E.164 and rejects impossible ones", () => {
    expect(toE164("05.51.30.06.79", "FR")).toBe("+33551300679");
    expect(toE164("04 70 16 82 53", "FR")).toBe("+33470168253");
    expect(toE164("+33 6 52 04 08 75", "US")).toBe("+33652040875");
    expect(toE164("+999 1234567", "US")).toBeNull();
    expect(toE164("+1 999 123 4567", "US")).toBeNull();
  });

  it("recognises names written surname-first, with initials and apostrophes", async () => {
    const names = ["Chen, James", "David S. Singh", "Jennifer O'Brien", "Mary-Ann McDonald", "José Álvarez", "Li Wei"];
    const values = Array.from({ length: 60 }, (_, i) => names[i % names.length]);
    const { data } = await runAgent<PiiScan>(scoreRisk, datasetFromColumns({ customer: values }));
    expect(data.columns[0]).toMatchObject({ entity: "person_name", matches: 60 });
  });

  it("reports PII written inside free text per column, with its rows", async () => {
    const notes: string[] = [];
    const emailRows: number[] = [];
    const phoneRows: number[] = [];
    for (let row = 1; row <= 200; row++) {
      const r = random();
      if (r < 0.15) {
        notes.push(`Customer asked to be contacted at jane.doe${row}@example.com about the refund`);
        emailRows.push(row);
      } else if (r < 0.3) {
        notes.push(`Left a voicemail, call back on ${frenchPhone()} after 5pm`);
        phoneRows.push(row);
      } else notes.push(`Order ${digits(3)} shipped in ${1 + Math.floor(random() * 9)} days, no complaint`);
    }
    const { data, row_level_issues } = await runAgent<PiiScan>(scoreRisk, datasetFromColumns({ notes }));
    const col = data.columns[0];
    expect(col.entity).toBeNull();
    const embedded = new Map(col.embedded.map((e) => [e.entity, e]));
    expect(embedded.get("email")).toEqual({ entity: "email", count: emailRows.length, rows: emailRows });
    expect(embedded.get("phone")).toEqual({ entity: "phone", count: phoneRows.length, rows: phoneRows });
    expect(embedded.size).toBe(2);
    expect(row_level_issues.filter((r) => r.issue_type === "pii_embedded_email").map((r) => r.row)).toEqual(emailRows);
    // The text is masked, never echoed.
    for (const r of row_level_issues) expect(notes).not.toContain(r.value);
  });

  it("counts checksum-valid and checksum-invalid cards and IBANs, with a row issue per invalid value", async () => {
    const cards: string[] = [];
    const ibans: string[] = [];
    const badCardRows: number[] = [];
    const badIbanRows: number[] = [];
    for (let row = 1; row <= 120; row++) {
      const card = luhnComplete(`4${digits(14)}`);
      if (row % 7 === 0) {
        cards.push(card.slice(0, 15) + String((Number(card[15]) + 3) % 10));
        badCardRows.push(row);
      } else cards.push(card);
      const iban = germanIban();
      if (row % 9 === 0) {
        // Swapping two different digits of the account breaks mod-97 (ISO 7064 catches every transposition).
        const b = iban.split("");
        let k = 10;
        while (b[k] === b[k + 1]) k++;
        [b[k], b[k + 1]] = [b[k + 1], b[k]];
        ibans.push(b.join(""));
        badIbanRows.push(row);
      } else ibans.push(iban);
    }
    const { data, row_level_issues } = await runAgent<PiiScan>(scoreRisk, datasetFromColumns({ card: cards, payout_account: ibans }));
    const [card, iban] = data.columns;
    expect(card.checksums).toEqual([
      { entity: "credit_card", check: "Luhn check", valid: 120 - badCardRows.length, invalid: badCardRows.length },
    ]);
    expect(iban.checksums).toEqual([
      { entity: "iban", check: "IBAN mod-97 check", valid: 120 - badIbanRows.length, invalid: badIbanRows.length },
    ]);
    expect(row_level_issues.filter((r) => r.issue_type === "invalid_credit_card").map((r) => r.row)).toEqual(badCardRows);
    expect(row_level_issues.filter((r) => r.issue_type === "invalid_iban").map((r) => r.row)).toEqual(badIbanRows);
  });

  it("never reads a ZIP+4 code as an SSN, and leaves a zip column unmasked", async () => {
    const zips = Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? `${digits(5)}-${digits(4)}` : digits(5)));
    const ds = () => datasetFromColumns({ zip: zips });
    const { data } = await runAgent<PiiScan>(scoreRisk, ds());
    expect(data.columns[0].entity).toBeNull();
    expect(data.columns[0].entity_counts.us_ssn ?? 0).toBe(0);
    const profile = await runAgent(unifiedProfiler, ds());
    const zip = profile.data.columns[0];
    expect(zip.values_masked).toBe(false);
    expect(zips).toContain(zip.top_values[0].value);
  });

  it("lists every PII cell in the row issues, not a sample", async () => {
    const n = 2500;
    const emails = Array.from({ length: n }, (_, i) => `user${i}@example.org`);
    const cards = Array.from({ length: n }, () => luhnComplete(`5${digits(14)}`));
    const { row_level_issues } = await runAgent(scoreRisk, datasetFromColumns({ email: emails, card_number: cards }, { batchSize: 700 }));
    expect(row_level_issues.filter((r) => r.field === "email")).toHaveLength(n);
    expect(row_level_issues.filter((r) => r.field === "card_number")).toHaveLength(n);
  });
});
