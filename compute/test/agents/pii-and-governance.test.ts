/** PII found, scored and masked; the compliance findings a user would expect from it. */
import { describe, expect, it } from "vitest";
import type { GovernanceData } from "../../src/agents/governance-checker.js";
import { governanceChecker } from "../../src/agents/governance-checker.js";
import type { PiiScan } from "../../src/agents/score-risk/scan-pii.js";
import { scoreRisk } from "../../src/agents/score-risk.js";
import { datasetFromColumns } from "../support/dataset.js";
import { asOutput, runAgent } from "../support/run-agent.js";

/** Appends the Luhn check digit to a 15-digit body. */
function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const digits = `${body}${d}`.split("").reverse().map(Number);
    const sum = digits.reduce((s, x, i) => s + (i % 2 === 1 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x), 0);
    if (sum % 10 === 0) return `${body}${d}`;
  }
  throw new Error("unreachable");
}

const validCards = Array.from({ length: 8 }, (_, i) => withCheckDigit(`4${String(532_015_112_830 + i * 7_919).padStart(14, "0")}`));
const invalidCards = validCards.slice(0, 2).map((c) => c.slice(0, 15) + String((Number(c[15]) + 1) % 10));
const cards = [...validCards, ...invalidCards];
const ssns = [
  "123-45-6789",
  "536-22-1234",
  "212-67-4411",
  "401-33-9876",
  "078-12-4455",
  "321-54-1111",
  "000-12-3456",
  "666-12-3456",
  "912-12-3456",
  "123-00-3456",
];
const emails = Array.from({ length: 10 }, (_, i) => `person${i}@example.org`);
const notes = Array.from({ length: 10 }, (_, i) => `note ${i}`);
const diagnosis = ["flu", "asthma", "flu", "none", "diabetes", "flu", "none", "asthma", "flu", "none"];

const dataset = () => datasetFromColumns({ card_number: cards, ssn: ssns, email: emails, notes, diagnosis });

describe("score-risk", () => {
  it("finds each column's entity with checksums deciding, and scores the risk", async () => {
    const { data, row_level_issues } = await runAgent<PiiScan>(scoreRisk, dataset());
    const col = new Map(data.columns.map((c) => [c.name, c]));
    // 8 Luhn-valid of 10 → share 0.8, score 1.0; risk = 100 × 1 × 1 × √0.8 = 89.
    expect(col.get("card_number")).toMatchObject({ entity: "credit_card", matches: 8, share: 0.8, mean_score: 1, risk_score: 89 });
    // 6 SSNs pass the SSA rules; score 0.5 + 0.35 header boost; risk = 100 × 0.85 × √0.6 = 66.
    expect(col.get("ssn")).toMatchObject({ entity: "us_ssn", matches: 6, share: 0.6, risk_score: 66 });
    expect(col.get("ssn")!.mean_score).toBeCloseTo(0.85, 12);
    expect(col.get("email")).toMatchObject({ entity: "email", share: 1, risk_score: 60 });
    expect(col.get("notes")!.entity).toBeNull();
    // 100 × (1 − 0.11 × 0.34 × 0.40) = 98.5 → 99
    expect(data.dataset_risk_score).toBe(99);
    // Every PII cell, plus the 2 Luhn-failing cards and the 4 SSNs breaking the SSA rules.
    expect(row_level_issues).toHaveLength(8 + 6 + 10 + 2 + 4);
    expect(col.get("card_number")!.checksums).toEqual([{ entity: "credit_card", check: "Luhn check", valid: 8, invalid: 2 }]);
    expect(col.get("ssn")!.checksums).toEqual([{ entity: "us_ssn", check: "SSA numbering rules", valid: 6, invalid: 4 }]);
  });

  it("never echoes a full PII value in row-level issues", async () => {
    const { row_level_issues } = await runAgent(scoreRisk, dataset());
    const originals = new Set([...cards, ...ssns, ...emails]);
    for (const issue of row_level_issues) expect(originals.has(String(issue.value))).toBe(false);
    const first = row_level_issues.find((i) => i.field === "card_number")!;
    expect(first.row).toBe(1);
    expect(first.value).toBe(`************${validCards[0].slice(-4)}`);
    const ssnRows = row_level_issues.filter((i) => i.issue_type === "pii_us_ssn").map((i) => i.row);
    expect(ssnRows).toEqual([1, 2, 3, 4, 5, 6]);
    const invalidRows = row_level_issues.filter((i) => i.issue_type === "invalid_us_ssn").map((i) => i.row);
    expect(invalidRows).toEqual([7, 8, 9, 10]);
  });
});

describe("governance-checker", () => {
  it("flags unmasked cards under PCI-DSS, PHI under HIPAA and scores each framework", async () => {
    const risk = await runAgent(scoreRisk, dataset());
    const { data, recommendations } = await runAgent<GovernanceData>(governanceChecker, dataset(), {
      previous: new Map([["score-risk", asOutput("score-risk", risk)]]),
    });
    const fw = new Map(data.frameworks.map((f) => [f.framework, f]));
    expect(fw.get("PCI-DSS")!.findings).toEqual([
      expect.objectContaining({ rule: "Req. 3.4", severity: "critical", field: "card_number" }),
    ]);
    expect(fw.get("PCI-DSS")!.score).toBe(60);
    expect(fw.get("HIPAA")!.findings).toEqual([expect.objectContaining({ severity: "high", field: "diagnosis" })]);
    expect(fw.get("HIPAA")!.score).toBe(75);
    // GDPR: Art. 9 (high 25) + Art. 6 without consent column (medium 10) + 3 × Art. 32 (low 5) → 50.
    expect(fw.get("GDPR")!.score).toBe(50);
    // CCPA: no opt-out column (10) + sensitive card and SSN (2 × 25) → 40.
    expect(fw.get("CCPA")!.score).toBe(40);
    const action = new Map(data.columns.map((c) => [c.name, c.action]));
    expect(Object.fromEntries(action)).toEqual({
      card_number: "tokenize",
      ssn: "encrypt",
      email: "hash",
      notes: null,
      diagnosis: "encrypt",
    });
    expect(recommendations.find((r) => r.field === "card_number")?.action).toBe("Tokenize card_number");
    expect(data.withheld_statistics).toEqual(["card_number", "ssn", "email", "diagnosis"]);
  });

  it("scans by itself when score-risk did not run, and credits a consent column", async () => {
    const ds = datasetFromColumns({ email: emails, marketing_consent: emails.map(() => "yes") });
    const { data } = await runAgent<GovernanceData>(governanceChecker, ds, { parameters: { frameworks: ["GDPR", "PCI-DSS"] } });
    expect(data.frameworks.map((f) => f.framework)).toEqual(["GDPR", "PCI-DSS"]);
    const gdpr = data.frameworks[0];
    expect(gdpr.findings.map((f) => f.rule)).toEqual(["Art. 32"]);
    expect(gdpr.score).toBe(95);
    expect(data.frameworks[1]).toMatchObject({ score: 100, status: "compliant", findings: [] });
  });
});

describe("score-risk row issues", () => {
  it("shares the sample among PII columns", async () => {
    const ds = datasetFromColumns({ email: emails, ssn: ssns, card_number: cards });
    const { row_level_issues } = await runAgent(scoreRisk, ds, { parameters: { sample_row_issues: 6 } });
    // 6 cells, taken in turn from the three PII columns: rows 1 and 2 of each.
    expect(row_level_issues.map((i) => `${i.row}:${i.field}`)).toEqual([
      "1:card_number",
      "1:email",
      "1:ssn",
      "2:card_number",
      "2:email",
      "2:ssn",
    ]);
  });
});
