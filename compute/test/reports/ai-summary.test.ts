/**
 * The report's ai_summary, from real runs of profile-my-data on the local B2 with the real
 * `openai` client talking to the local OpenAI server (test/support/openai-server.ts). Each test
 * puts a unique marker in a column name, so it scripts and reads only its own requests.
 */
import type { AgentOutput, AiSummary } from "@agensium/shared";
import { describe, expect, it } from "vitest";
import { openAiRequests, scriptOpenAi } from "../../../test/support/openai.js";
import { b2Store } from "../../src/engine/object-store.js";
import { runToolOnStore } from "../../src/engine/run-tool.js";
import { jobFor, randomPrefix, recordingHooks, testB2, testConfig } from "../engine/b2-run.js";

const PEOPLE = ["Ada Lovelace", "Grace Hopper", "Katherine Johnson", "Edsger Dijkstra", "Barbara Liskov"];
const EMAIL_DOMAIN = "lovelace-analytical.test";
const ROWS = 40;
const BLANK_AMOUNTS = new Set([5, 17, 29]);

function customersCsv(marker: string): string {
  const lines = Array.from({ length: ROWS }, (_, k) => {
    const i = k + 1;
    const name = `${PEOPLE[k % PEOPLE.length]}`;
    const email = `${name.toLowerCase().replace(" ", ".")}${i}@${EMAIL_DOMAIN}`;
    const amount = BLANK_AMOUNTS.has(i) ? "" : (i * 10.25).toFixed(2);
    return `${i},${name},${email},${amount},Thornbury-upon-Severn,bright-violet-giraffe-${i},1`;
  });
  return `customer_id,full_name,email,amount,city,note,m_${marker}\n${lines.join("\n")}\n`;
}

/** Values that must never reach the model: names, e-mail addresses (masked ones keep the domain), other cells. */
const FORBIDDEN = [...PEOPLE.flatMap((p) => p.split(" ")), EMAIL_DOMAIN, "Thornbury", "bright-violet-giraffe", "***"];

async function run(marker: string, overrides: Record<string, string> = {}) {
  const b2 = testB2();
  const prefix = randomPrefix();
  const key = `${prefix}inputs/primary.csv`;
  const size = await b2.putBytes(key, customersCsv(marker), "text/csv");
  const job = jobFor(prefix, { key, size });
  const result = await runToolOnStore({
    job,
    store: b2Store(b2),
    config: testConfig(overrides),
    signal: new AbortController().signal,
    hooks: recordingHooks(),
  });
  const report = JSON.parse((await b2.getText(`${job.output_prefix}report.json`)) ?? "null") as {
    agents: AgentOutput[];
    ai_summary: AiSummary;
  };
  return { report, result };
}

const idsOf = (report: { agents: AgentOutput[] }, kind: "alerts" | "issues" | "recommendations") =>
  report.agents.flatMap((a) => a[kind].map((x) => x.id));

const newMarker = () => crypto.randomUUID().replaceAll("-", "").slice(0, 16);

describe("the report's AI summary", () => {
  it("is the model's reply, grounded on the report's figures and free of row and personal-data values", async () => {
    const marker = newMarker();
    const reply = {
      summary: "Forty customer rows; two columns hold personal data and amounts are incomplete.",
      actions: [
        { text: "Tokenize the e-mail column before sharing", cites: ["pii-1"] },
        { text: "Source the missing amounts", cites: ["profiler-rec-1"] },
      ],
      cites: ["pii-1", "profiler-1"],
    };
    await scriptOpenAi(marker, [{ json: reply }]);
    const { report, result } = await run(marker);

    expect(report.ai_summary).toMatchObject({
      text: reply.summary,
      actions: reply.actions,
      cites: reply.cites,
      ai_written: true,
      model: "gpt-test-mini",
    });
    expect(report.ai_summary.note).toBeUndefined();
    expect(Date.parse(report.ai_summary.created_at)).not.toBeNaN();
    // Every cited id is a finding of this report.
    const findings = new Set([...idsOf(report, "alerts"), ...idsOf(report, "issues"), ...idsOf(report, "recommendations")]);
    for (const id of ["pii-1", "profiler-1", "profiler-rec-1"]) expect(findings.has(id), id).toBe(true);
    expect(result.summary.ai_summary).toEqual({ text: reply.summary, ai_written: true, model: "gpt-test-mini" });

    const requests = await openAiRequests(marker);
    expect(requests).toHaveLength(1);
    const sent = requests[0].body;
    expect(sent.model).toBe("gpt-test-mini");
    expect(sent.response_format?.type).toBe("json_schema");
    expect(sent.response_format?.json_schema?.strict).toBe(true);
    // The instructions and the report are separate messages; the figures are only in the data message.
    expect(sent.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(sent.messages[0].content).not.toContain("amount");
    const facts = JSON.parse(sent.messages[1].content);
    expect(facts.inputs[0]).toMatchObject({ role: "primary", rows: ROWS, columns: 7 });
    const amount = facts.columns.find((c: { name: string }) => c.name === "amount");
    expect(amount).toMatchObject({ nulls: BLANK_AMOUNTS.size, personal_data: false });
    expect(facts.columns.find((c: { name: string }) => c.name === "customer_id")).toMatchObject({ distinct: ROWS, nulls: 0 });
    // Every alert of the report is in the prompt, and readiness is the rater's own figure.
    const sentIds = new Set(facts.findings.map((f: { id: string }) => f.id));
    for (const id of idsOf(report, "alerts")) expect(sentIds.has(id), id).toBe(true);
    const readiness = report.agents.find((a) => a.agent_id === "readiness-rater")?.data as { overall: number };
    expect(facts.readiness.overall).toBe(readiness.overall);
    expect(facts.personal_data_columns.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(["full_name", "email"]));
    // Personal-data columns keep counts only.
    expect(Object.keys(facts.columns.find((c: { name: string }) => c.name === "email")).sort()).not.toContain("min");

    const everything = JSON.stringify(requests);
    for (const value of FORBIDDEN) expect(everything, value).not.toContain(value);
    for (let i = 1; i <= ROWS; i++) if (!BLANK_AMOUNTS.has(i)) expect(everything).not.toContain(`"${(i * 10.25).toFixed(2)}"`);
  });

  it("asks again once when a reply cites an id the report does not hold, and keeps the corrected reply", async () => {
    const marker = newMarker();
    const good = { summary: "Amounts are incomplete.", actions: [{ text: "Fill amount", cites: ["profiler-rec-1"] }], cites: [] };
    await scriptOpenAi(marker, [{ json: { ...good, cites: ["made-up-7"] } }, { json: good }]);
    const { report } = await run(marker);

    expect(report.ai_summary).toMatchObject({ text: good.summary, cites: [], ai_written: true });
    const requests = await openAiRequests(marker);
    expect(requests).toHaveLength(2);
    const retry = requests[1].body.messages;
    expect(retry.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(retry[3].content).toContain("made-up-7");
  });

  it("drops the model after two bad replies (unknown id, then not JSON) and writes the summary from the findings", async () => {
    const marker = newMarker();
    await scriptOpenAi(marker, [
      { json: { summary: "x", actions: [{ text: "y", cites: ["gov-rec-999"] }], cites: [] } },
      { content: "Here is your summary: everything is fine." },
    ]);
    const { report } = await run(marker);

    expect(await openAiRequests(marker)).toHaveLength(2);
    expect(report.ai_summary.ai_written).toBe(false);
    expect(report.ai_summary.model).toBeNull();
    expect(report.ai_summary.note).toMatch(/without a model.*dropped/);
    expect(JSON.stringify(report.ai_summary)).not.toContain("gov-rec-999");
    expect(JSON.stringify(report.ai_summary)).not.toContain("everything is fine");
  });

  it("falls back to the findings when the model does not answer in time (no second try)", async () => {
    const marker = newMarker();
    await scriptOpenAi(marker, [{ delay_ms: 20_000, json: { summary: "late", actions: [], cites: [] } }]);
    const { report, result } = await run(marker, { AI_SUMMARY_TIMEOUT_MS: "1000" });

    expect(report.ai_summary.ai_written).toBe(false);
    expect(report.ai_summary.note).toContain("did not answer within 1 s");
    expect(result.summary.ai_summary).toMatchObject({ ai_written: false, model: null });
    expect(await openAiRequests(marker)).toHaveLength(1);
  });

  it("without a key, never calls a model and summarises the same findings itself", async () => {
    const marker = newMarker();
    const { report } = await run(marker, { OPENAI_API_KEY: "" });

    expect(await openAiRequests(marker)).toHaveLength(0);
    const summary = report.ai_summary;
    expect(summary).toMatchObject({ ai_written: false, model: null });
    expect(summary.note).toContain("no OpenAI key");
    expect(summary.text).toContain(`${ROWS} rows and 7 columns`);
    const readiness = report.agents.find((a) => a.agent_id === "readiness-rater")?.data as { overall: number };
    expect(summary.text).toContain(`readiness is ${readiness.overall}/100`);
    expect(summary.text).toContain("email");
    // Actions are the report's recommendations, most urgent first, each citing its own id.
    const recommendations = report.agents.flatMap((a) => a.recommendations);
    expect(summary.actions.length).toBe(Math.min(5, recommendations.length));
    for (const action of summary.actions) {
      expect(action.cites).toHaveLength(1);
      const cited = recommendations.find((r) => r.id === action.cites[0]);
      expect(action.text).toContain(cited?.action);
    }
    const high = recommendations.filter((r) => r.priority === "high").map((r) => r.id);
    expect(
      summary.actions
        .slice(0, high.length)
        .map((a) => a.cites[0])
        .sort(),
    ).toEqual(high.slice(0, 5).sort());
    const alertIds = new Set(idsOf(report, "alerts"));
    for (const id of summary.cites) expect(alertIds.has(id)).toBe(true);
    for (const value of FORBIDDEN) expect(JSON.stringify(summary), value).not.toContain(value);
  });
});
