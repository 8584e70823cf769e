/**
 * report.json as compute writes it parses, strictly, with the shared schemas that type the API
 * (GET /tasks/{id}/results): every tool on generated files, with and without a baseline, with
 * personal data (statistics withheld) and with a cell long enough to be truncated. A field the
 * report writes but the schema lacks fails here; a field the schema renames fails the build.
 */
import { findTool, reportSchema } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { peopleFile, profileFile, runTool } from "./generated-files.js";

const agentsOf = (toolId: string) => findTool(toolId)?.agents.map((agent) => agent.id) ?? [];

function parseReport(text: string) {
  const parsed = reportSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`report.json does not match the schema:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function statuses(report: z.infer<typeof reportSchema>) {
  return Object.fromEntries(report.agents.map((agent) => [agent.agent_id, agent.status]));
}

describe("report.json against the shared report schema (strict)", () => {
  it("profile-my-data with a drifted baseline, personal data and a truncated cell", async () => {
    const baseline = profileFile(1_500, 1);
    const current = profileFile(1_500, 2, 40);
    const longCell = "x".repeat(5_000);
    const csv = current.csv.replace(/\n2,([^,]*),([^,]*),([^,]*),[^,]*,/, `\n2,$1,$2,$3,${longCell},`);
    const run = await runTool({ tool: "profile-my-data", agents: agentsOf("profile-my-data"), csv, baseline: baseline.csv });
    const report = parseReport(run.text("report.json"));
    expect(statuses(report)).toEqual(Object.fromEntries(agentsOf("profile-my-data").map((id) => [id, "success"])));
    expect(report.truncation?.strings_truncated).toBeGreaterThan(0);
    for (const agent of report.agents) {
      if (agent.agent_id === "drift-detector" && agent.data && "columns" in agent.data) {
        expect(agent.data.columns.filter((column) => column.drift).length).toBe(agent.data.drifted_columns);
      }
      // The e-mail column is personal data: its profile keeps counts only.
      if (agent.agent_id === "unified-profiler" && agent.data && "columns" in agent.data) {
        const email = agent.data.columns.find((column) => column.name === "email");
        expect(email).toMatchObject({ statistics_withheld: true, nulls: current.missingEmails });
        expect(email).not.toHaveProperty("top_values");
      }
    }
  });

  it("profile-my-data without a baseline: drift-detector skipped with no data", async () => {
    const run = await runTool({ tool: "profile-my-data", agents: agentsOf("profile-my-data"), csv: profileFile(300, 3).csv });
    const report = parseReport(run.text("report.json"));
    const drift = report.agents.find((agent) => agent.agent_id === "drift-detector");
    expect(drift).toMatchObject({ status: "skipped", data: null });
  });

  it("clean-my-data and master-my-data on customers written several times", async () => {
    const people = peopleFile(80);
    for (const tool of ["clean-my-data", "master-my-data"]) {
      const run = await runTool({ tool, agents: agentsOf(tool), csv: people.csv });
      const report = parseReport(run.text("report.json"));
      expect(statuses(report)).toEqual(Object.fromEntries(agentsOf(tool).map((id) => [id, "success"])));
      expect(report.agents.every((agent) => agent.data !== null && !("omitted" in agent.data))).toBe(true);
    }
  });

  it("refuses a report with a field the schema does not know, or one it misses", async () => {
    const run = await runTool({ tool: "master-my-data", agents: agentsOf("master-my-data"), csv: peopleFile(20).csv });
    const written = JSON.parse(run.text("report.json"));
    expect(reportSchema.safeParse(written).success).toBe(true);
    const extra = structuredClone(written);
    extra.agents.find((a: { agent_id: string }) => a.agent_id === "golden-record-builder").data.cluster_count = 3;
    expect(reportSchema.safeParse(extra).success).toBe(false);
    const missing = structuredClone(written);
    delete missing.agents.find((a: { agent_id: string }) => a.agent_id === "key-identifier").data.primary_key;
    expect(reportSchema.safeParse(missing).success).toBe(false);
  });
});
