/** reportFacts on hand-built reports: what is kept within a budget, and which values never pass. */
import { describe, expect, it } from "vitest";
import { findingIds, personalDataColumns, reportFacts } from "../src/index.js";

const SEVERITIES = ["low", "critical", "info", "high", "medium"] as const;

function agent(agentId: string, extra: Record<string, unknown> = {}) {
  return {
    agent_id: agentId,
    status: "success",
    execution_time_ms: 1,
    alerts: [],
    issues: [],
    recommendations: [],
    row_level_issues: [],
    executive_summary: [],
    data: null,
    ...extra,
  };
}

/** 50 alerts, ten of each severity, in a shuffled order; a message padded so only some fit. */
function manyAlerts() {
  const alerts = Array.from({ length: 50 }, (_, i) => ({
    id: `a-${i}`,
    severity: SEVERITIES[i % 5],
    category: "test",
    message: `finding number ${i} ${"x".repeat(100)}`,
  }));
  return { tool_id: "profile-my-data", inputs: [], agents: [agent("unified-profiler", { alerts })] };
}

describe("reportFacts", () => {
  it("stays within the budget, keeps the most severe findings first and says how many it left out", () => {
    const report = manyAlerts();
    const facts = reportFacts(report, { maxChars: 4_000 });
    expect(JSON.stringify(facts).length).toBeLessThanOrEqual(4_000);
    const kept = facts.findings.map((f) => f.severity);
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length).toBeLessThan(50);
    expect(facts.omitted.findings).toBe(50 - kept.length);
    // Ten criticals come before any high, highs before mediums, and so on.
    const order = ["critical", "high", "medium", "low", "info"];
    for (let i = 1; i < kept.length; i++) expect(order.indexOf(kept[i])).toBeGreaterThanOrEqual(order.indexOf(kept[i - 1]));
    expect(kept.slice(0, 10)).toEqual(Array(10).fill("critical"));
    // With room for everything nothing is omitted, and every id is citable.
    const all = reportFacts(report, { maxChars: 1_000_000 });
    expect(all.findings).toHaveLength(50);
    expect(all.omitted).toEqual({ findings: 0, columns: 0 });
    expect(findingIds(report).size).toBe(50);
  });

  it("drops sample values everywhere and every value of a personal-data column, keeping counts", () => {
    const report = {
      tool_id: "profile-my-data",
      inputs: [{ role: "primary", format: "csv", columns: ["email", "age", "city"], rows: 3, ragged_rows: 0 }],
      agents: [
        agent("unified-profiler", {
          alerts: [{ id: "p-1", severity: "low", category: "x", field: "city", message: "city is short", value: "Lyon" }],
          row_level_issues: [
            { row: 1, field: "email", issue_type: "pii_email", value: "a***@mail.test", message: "email", severity: "high" },
          ],
          data: {
            columns: [
              {
                name: "email",
                inferred_type: "string",
                count: 3,
                nulls: 0,
                distinct: 3,
                min: "ann@mail.test",
                max: "zed@mail.test",
                top_values: [{ value: "ann@mail.test", count: 1 }],
                length: { min: 12, mean: 13, max: 14 },
              },
              {
                name: "age",
                inferred_type: "integer",
                count: 3,
                nulls: 1,
                distinct: 2,
                min: 31,
                max: 58,
                mean: 44.5,
                top_values: [{ value: "31", count: 1 }],
              },
              {
                name: "city",
                inferred_type: "string",
                count: 3,
                nulls: 0,
                distinct: 2,
                min: "Lyon",
                max: "Oslo",
                categories: [{ value: "Lyon", count: 2 }],
              },
            ],
          },
        }),
        agent("score-risk", {
          data: {
            columns: [
              { name: "email", entity: "email", risk_score: 60 },
              { name: "age", entity: null },
            ],
          },
        }),
      ],
    };
    expect([...personalDataColumns(report)]).toEqual(["email"]);
    const facts = reportFacts(report, { maxChars: 100_000 });
    const text = JSON.stringify(facts);
    for (const value of ["mail.test", "Lyon", "Oslo", "a***"]) expect(text).not.toContain(value);
    const byName = Object.fromEntries(facts.columns.map((c) => [c.name, c]));
    expect(byName.email).toEqual({ name: "email", personal_data: true, type: "string", count: 3, nulls: 0, distinct: 3 });
    expect(byName.age).toMatchObject({ personal_data: false, min: 31, max: 58, mean: 44.5, nulls: 1 });
    expect(byName.city.min).toBeUndefined();
    expect(facts.findings[0]).toMatchObject({ id: "p-1", text: "city is short" });
    expect(facts.findings[0].value).toBeUndefined();
    expect(facts.personal_data_columns).toEqual([{ name: "email", entity: "email", risk_score: 60 }]);
    expect(facts.agents[0].row_level_issues).toBe(1);
  });
});
