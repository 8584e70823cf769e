/** GET /tools and GET /tools/:id: the catalog with costs from the database and JSON Schema parameters. */
import { describe, expect, it } from "vitest";
import { api } from "../../../test/support/http.js";
import { testDb } from "../../../test/support/users.js";

describe("tools", () => {
  it("lists the three tools with their agents, formats and limits", async () => {
    const res = await api("GET", "/tools");
    expect(res.status).toBe(200);
    expect(res.body.map((t: { id: string }) => t.id)).toEqual(["profile-my-data", "clean-my-data", "master-my-data"]);
    const profile = res.body[0];
    expect(profile.agents.map((a: { id: string }) => a.id)).toContain("drift-detector");
    expect(profile.accepted_formats).toContainEqual({ extension: "parquet", content_type: "application/vnd.apache.parquet" });
    expect(profile.max_file_bytes).toBe(5 * 1024 * 1024 * 1024);
    const drift = profile.agents.find((a: { id: string }) => a.id === "drift-detector");
    expect(drift.inputs).toContainEqual({ role: "baseline", required: false });
  });

  it("shows the agent costs the database holds", async () => {
    const res = await api("GET", "/tools/master-my-data");
    expect(res.status).toBe(200);
    const [rows] = await testDb().query("SELECT agent_id, cost FROM agent_costs");
    const costs = new Map((rows as { agent_id: string; cost: number }[]).map((r) => [r.agent_id, Number(r.cost)]));
    for (const agent of res.body.agents) expect(agent.cost).toBe(costs.get(agent.id));
  });

  it("describes parameters as JSON Schema that refuses unknown keys", async () => {
    const res = await api("GET", "/tools/clean-my-data");
    const schema = res.body.parameters_schema;
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    const outlier = schema.properties["outlier-remover"];
    expect(outlier.properties.method.enum).toEqual(["auto", "zscore", "modified_zscore", "iqr", "log_iqr"]);
    expect(outlier.properties.method.default).toBe("auto");
  });

  it("answers 404 TOOL_NOT_FOUND for an unknown tool", async () => {
    const res = await api("GET", "/tools/make-coffee");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("TOOL_NOT_FOUND");
  });
});

describe("the OpenAPI document", () => {
  it("describes every task, tool and callback route", async () => {
    const res = await api("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const path of [
      "/tools",
      "/tools/{id}",
      "/tasks",
      "/tasks/{id}",
      "/tasks/{id}/upload-urls",
      "/tasks/{id}/uploads/{role}/complete",
      "/tasks/{id}/process",
      "/tasks/{id}/cancel",
      "/tasks/{id}/retry",
      "/tasks/{id}/downloads",
      "/tasks/{id}/results",
      "/tasks/{id}/events",
      "/internal/tasks/{id}/callbacks",
    ]) {
      expect(paths).toContain(path);
    }
    expect(Object.keys(res.body.paths["/tasks/{id}"])).toEqual(expect.arrayContaining(["get", "delete"]));
  });
});
