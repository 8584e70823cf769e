/**
 * report.html for each tool, generated on generated files and read back with a DOM parser: every
 * section is there, every chart's bars carry report.json's counts (and the counts known from how
 * the file was made), nothing can run or load, and personal values appear only masked.
 */
import { type AgentOutput, findTool, type Manifest } from "@agensium/shared";
import { parseHTML } from "linkedom";
import { beforeAll, describe, expect, it } from "vitest";
import { reportHtml } from "../../src/reports/report-html.js";
import { peopleFile, profileFile, runTool, SCRIPT_CELL } from "./generated-files.js";

/** Every agent of a tool, in its order. */
const agentsOf = (tool: string) => findTool(tool)?.agents.map((a) => a.id) ?? [];
const PROFILE_AGENTS = agentsOf("profile-my-data");
const CLEAN_AGENTS = agentsOf("clean-my-data");
const MASTER_AGENTS = agentsOf("master-my-data");

/** report.json as parsed. */
type Json = any;

function parse(html: string) {
  return parseHTML(html).document;
}

function agentData(report: Json, id: string): Json {
  return report.agents.find((a: AgentOutput) => a.agent_id === id).data;
}

function counts(svg: Element | null | undefined, selector = "rect.bar"): number[] {
  expect(svg, "a chart").toBeTruthy();
  return [...(svg as Element).querySelectorAll(selector)].map((r) => Number(r.getAttribute("data-count")));
}

/** Nothing that runs, loads or leaves the page. */
function expectInert(html: string) {
  const document = parse(html);
  expect(document.querySelectorAll("script, link, iframe, object, embed, img, form, base").length).toBe(0);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<link/i);
  expect(html).not.toMatch(/https?:/i);
  expect(html).not.toMatch(/url\(/i);
  for (const el of document.querySelectorAll("*")) {
    for (const { name, value } of el.attributes) {
      expect(name.startsWith("on"), `event handler ${name}`).toBe(false);
      if (name === "href") expect(value.startsWith("#"), `href ${value}`).toBe(true);
      expect(value, `${name} on <${el.tagName}>`).not.toMatch(/^\s*(\/\/|javascript:|data:)/i);
    }
  }
  // Every in-page link lands somewhere.
  for (const a of document.querySelectorAll("a[href]"))
    expect(document.getElementById(a.getAttribute("href")!.slice(1)), a.getAttribute("href")!).toBeTruthy();
}

function sectionIds(html: string): string[] {
  const document = parse(html);
  const ids = [...document.querySelectorAll("section.report-section")].map((s) => s.id);
  const toc = [...document.querySelectorAll("nav.toc a")].map((a) => a.getAttribute("href")!.slice(1));
  expect(toc).toEqual(ids);
  return ids;
}

describe("report.html of profile-my-data", () => {
  const primary = profileFile(2_000, 1);
  const baseline = profileFile(2_000, 2, 80);
  let html: string;
  let report: Json;
  let manifest: Manifest;

  beforeAll(async () => {
    const run = await runTool({
      tool: "profile-my-data",
      agents: PROFILE_AGENTS,
      csv: primary.csv,
      baseline: baseline.csv,
      parameters: { "governance-checker": { withhold_pii_statistics: false } },
    });
    html = run.text("report.html");
    report = JSON.parse(run.text("report.json"));
    manifest = JSON.parse(run.text("manifest.json"));
  });

  it("is listed in the manifest as a report, text/html", () => {
    const entry = manifest.outputs.find((o) => o.file_name === "report.html");
    expect(entry).toMatchObject({ kind: "report", content_type: "text/html" });
    expect(entry?.size_bytes).toBe(Buffer.byteLength(html));
  });

  it("has every section, each in the table of contents", () => {
    // Every report carries an ai_summary (built from the findings without a model), drawn first.
    expect(sectionIds(html)).toEqual([
      "summary",
      "overview",
      "columns",
      "missing-values",
      "correlations",
      "drift",
      "pii-governance",
      "quality-checks",
      "findings",
      "row-issues",
    ]);
  });

  it("cannot run or load anything, and shows a <script> cell as text", () => {
    expectInert(html);
    const document = parse(html);
    const note = document.querySelector('article.column-card[data-column="note"]');
    expect(note?.textContent).toContain(SCRIPT_CELL);
  });

  it("draws for every column a chart whose bars are report.json's counts", () => {
    const document = parse(html);
    const columns = agentData(report, "unified-profiler").columns;
    expect(document.querySelectorAll("article.column-card").length).toBe(columns.length);
    for (const c of columns) {
      const card = document.querySelector(`article.column-card[data-column="${c.name}"]`);
      const bars = counts(card?.querySelector("svg.chart"));
      if (c.histogram) expect(bars, c.name).toEqual(c.histogram.counts);
      else {
        const values = c.categories && c.categories.length <= 20 ? c.categories : c.top_values;
        expect(bars, c.name).toEqual(values.map((v: Json) => v.count));
      }
    }
    // And against the file itself: the category bars are the categories' counts as generated.
    const category = document.querySelector('article.column-card[data-column="category"] svg.chart');
    const drawn = Object.fromEntries(
      [...category!.querySelectorAll("rect.bar")].map((r) => [r.getAttribute("data-label"), Number(r.getAttribute("data-count"))]),
    );
    expect(drawn).toEqual(primary.categories);
    // amount's histogram covers every value of the file.
    const amount = counts(document.querySelector('article.column-card[data-column="amount"] svg.chart'));
    expect(amount.reduce((s, n) => s + n, 0)).toBe(primary.rows);
  });

  it("shows personal values only masked", () => {
    for (const email of primary.emails) expect(html.includes(email), email).toBe(false);
    const document = parse(html);
    const labels = [...document.querySelectorAll('article.column-card[data-column="email"] rect.bar')].map(
      (r) => r.getAttribute("data-label") ?? "",
    );
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/^p\*{3,}@mail\d\.org$/);
    const pii = document.getElementById("pii-governance")!;
    const row = [...pii.querySelectorAll("tr")].find((tr) => tr.querySelector("td")?.textContent === "email");
    expect(row?.textContent).toMatch(/Email/);
    expect(row?.textContent).toMatch(/\*{3,}@mail\d\.org/);
    expect(row?.textContent).toMatch(/Hash/);
  });

  it("puts the overview's numbers where report.json has them: readiness gauge and alerts by severity", () => {
    const document = parse(html);
    const gauge = document.querySelector("#overview svg.gauge");
    expect(Number(gauge?.getAttribute("data-score"))).toBe(agentData(report, "readiness-rater").overall);
    const alerts = report.agents.flatMap((a: AgentOutput) => a.alerts);
    for (const tile of document.querySelectorAll("[data-alerts-by-severity] [data-severity]")) {
      const severity = tile.getAttribute("data-severity");
      expect(Number(tile.getAttribute("data-count")), severity!).toBe(alerts.filter((a: Json) => a.severity === severity).length);
    }
    expect(document.querySelector("#overview")?.textContent).toContain("2,000");
  });

  it("counts missing values in the matrix as the file has them", () => {
    const document = parse(html);
    const email = document.querySelector('#missing-values tr[data-column="email"] td[data-kind="All missing"]');
    expect(Number(email?.getAttribute("data-count"))).toBe(primary.missingEmails);
    expect(email?.textContent).toBe(`${((primary.missingEmails / primary.rows) * 100).toFixed(1)} %`);
  });

  it("draws the correlation heatmap from report.json's coefficients", () => {
    const document = parse(html);
    const pairs = agentData(report, "unified-profiler").dataset.correlations;
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) {
      const cell = document.querySelector(`#correlations rect.cell[data-row="${p.column_a}"][data-column="${p.column_b}"]`);
      expect(Number(cell?.getAttribute("data-value"))).toBeCloseTo(p.pearson, 12);
    }
  });

  it("overlays baseline and current distributions for each drift test, with the verdict", () => {
    const document = parse(html);
    const drift = agentData(report, "drift-detector");
    const amount = drift.columns.find((c: Json) => c.column === "amount");
    expect(amount.drift).toBe(true);
    const card = document.querySelector('#drift article.drift-card[data-column="amount"]');
    expect(card?.textContent).toContain("drifted");
    // Every value of each file falls in one bin.
    const sum = (xs: number[]) => xs.reduce((s, n) => s + n, 0);
    expect(sum(counts(card?.querySelector("svg"), 'rect[data-series="baseline"]'))).toBe(baseline.rows);
    expect(sum(counts(card?.querySelector("svg"), 'rect[data-series="current"]'))).toBe(primary.rows);
    const category = document.querySelector('#drift article.drift-card[data-column="category"]');
    expect(counts(category?.querySelector("svg"), 'rect[data-series="current"]').sort((a, b) => b - a)).toEqual(
      Object.values(primary.categories).sort((a, b) => b - a),
    );
  });

  it("renders the AI summary, linking its citations, and says when it is not AI-written", () => {
    const alert = report.agents.flatMap((a: AgentOutput) => a.alerts)[0];
    const summary = {
      text: `Two things matter.\n\nFirst ${SCRIPT_CELL}.`,
      actions: [{ text: "Hash the email column", cites: [alert.id, "no-such-finding"] }],
      cites: [alert.id],
      ai_written: false,
      model: null,
      created_at: new Date().toISOString(),
      note: "Built from the findings without a language model",
    };
    const page = reportHtml({ ...report, ai_summary: summary });
    expectInert(page);
    const document = parse(page);
    const section = document.getElementById("summary");
    expect(sectionIds(page)[0]).toBe("summary");
    expect(section?.textContent).toContain("Not AI-written");
    expect(section?.textContent).toContain(summary.note);
    expect(section?.textContent).toContain(SCRIPT_CELL);
    const links = [...section!.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual([`#finding-${alert.id}`, `#finding-${alert.id}`]);
    const written = parse(reportHtml({ ...report, ai_summary: { ...summary, ai_written: true, model: "gpt-test" } }));
    expect(written.getElementById("summary")?.textContent).not.toContain("Not AI-written");
    expect(written.getElementById("summary")?.textContent).toContain("gpt-test");
  });
});

describe("report.html with personal statistics withheld (the default)", () => {
  it("draws present and missing counts for the withheld column, and no value", async () => {
    const file = profileFile(600, 3);
    const run = await runTool({ tool: "profile-my-data", agents: PROFILE_AGENTS, csv: file.csv });
    const html = run.text("report.html");
    const document = parse(html);
    const card = document.querySelector('article.column-card[data-column="email"]');
    expect(card?.textContent).toContain("withheld");
    expect(counts(card?.querySelector("svg.chart"))).toEqual([file.rows - file.missingEmails, file.missingEmails]);
    for (const email of file.emails) expect(html.includes(email)).toBe(false);
  });
});

describe("report.html of clean-my-data", () => {
  it("shows what each agent changed, the quarantine and before/after, with personal values masked", async () => {
    const file = peopleFile(60);
    const run = await runTool({ tool: "clean-my-data", agents: CLEAN_AGENTS, csv: file.csv });
    const html = run.text("report.html");
    const report = JSON.parse(run.text("report.json"));
    expect(sectionIds(html)).toEqual(["summary", "overview", "quarantine", "cleaning-changes", "before-after", "findings", "row-issues"]);
    expectInert(html);
    const document = parse(html);
    for (const agent of report.agents as Json[]) {
      if (!Array.isArray(agent.data?.operations)) continue;
      const card = document.querySelector(`#cleaning-changes article[data-agent="${agent.agent_id}"]`);
      expect(card, agent.agent_id).toBeTruthy();
      const total = agent.data.operations.reduce((s: number, o: Json) => s + o.count, 0);
      expect(Number(card?.querySelector("[data-total]")?.getAttribute("data-total"))).toBe(total);
      expect(card?.querySelectorAll("tbody tr").length).toBe(agent.data.operations.length);
    }
    // 1 in 3 people who appear more than once lost their phone in the second copy: the null handler saw them.
    const phone = [...document.querySelectorAll("#before-after tr")].find((tr) => tr.querySelector("td")?.textContent === "phone");
    const missingPhones = file.csv.split("\n").filter((l) => l.split(",")[4] === "").length;
    expect(phone?.querySelectorAll("td")[2].textContent).toMatch(new RegExp(`^${missingPhones} `));
    const quarantine = agentData(report, "quarantine-agent");
    expect(counts(document.querySelector("#quarantine svg.chart"))).toEqual([quarantine.rows_out, quarantine.quarantined_rows]);
    for (const value of file.personal) expect(document.body.textContent.includes(value), value).toBe(false);
    for (const value of file.personal) expect(html.includes(value), value).toBe(false);
  });
});

describe("report.html of master-my-data", () => {
  it("draws the cluster-size histogram as the file's entities are, with survivorship and the stewardship queue", async () => {
    const file = peopleFile(60);
    const run = await runTool({ tool: "master-my-data", agents: MASTER_AGENTS, csv: file.csv });
    const html = run.text("report.html");
    const report = JSON.parse(run.text("report.json"));
    // Every report carries an ai_summary (built from the findings without a model), drawn first.
    expect(sectionIds(html)).toEqual([
      "summary",
      "overview",
      "quality-checks",
      "entities",
      "survivorship",
      "stewardship",
      "mapping",
      "findings",
      "row-issues",
    ]);
    expectInert(html);
    const document = parse(html);
    const bars = [...document.querySelectorAll("#entities .cluster-sizes rect.bar")].map((r) => [
      r.getAttribute("data-label"),
      Number(r.getAttribute("data-count")),
    ]);
    expect(bars).toEqual([
      ["1 record", file.entitySizes[1]],
      ["2 records", file.entitySizes[2]],
      ["3 records", file.entitySizes[3]],
    ]);
    expect(agentData(report, "golden-record-builder").cluster_sizes).toEqual(
      [1, 2, 3].map((size) => ({ size, clusters: file.entitySizes[size] })),
    );
    const queue = agentData(report, "stewardship-flagger");
    expect(document.getElementById("stewardship")?.textContent).toContain(`${queue.queue_length}`);
    for (const value of file.personal) expect(html.includes(value), value).toBe(false);
  });
});

describe("report.html size", () => {
  it("does not grow with the number of rows", async () => {
    const size = async (rows: number) => {
      const run = await runTool({ tool: "profile-my-data", agents: PROFILE_AGENTS, csv: profileFile(rows, 5).csv });
      return Buffer.byteLength(run.text("report.html"));
    };
    const small = await size(1_000);
    const large = await size(20_000);
    expect(large / small).toBeLessThan(1.15);
    expect(large / small).toBeGreaterThan(0.85);
  });
});
