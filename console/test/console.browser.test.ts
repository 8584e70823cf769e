/**
 * The console in a real browser (Debian's Chromium through playwright-core), served from its own
 * origin and calling an edge worker on another one, so every call crosses CORS. This worker has
 * small limits (a 6-second access token, multipart above 5 MiB, files up to 5.5 MiB) so renewal,
 * multipart resume and an oversized file all happen within one short run. Screenshots of each
 * step land in .local/screenshots/ (git-ignored).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, onTestFailed } from "vitest";
import { freePort } from "../../local/stack.js";
import { type RunningWorker, startWorker } from "../../local/worker.js";
import { openAiRequests, scriptOpenAi } from "../../test/support/openai.js";
import { type StaticServer, serveStatic } from "./static-server.js";

const MIB = 1024 * 1024;
const ROWS = 400;
const shots = join(inject("projectRoot"), ".local", "screenshots");
let worker: RunningWorker;
let site: StaticServer;
let browser: Browser;
let page: Page;
let edge: string;
const refreshes: string[] = [];
/** The task the upload test completed, and where its report.json was saved. */
let completedTaskId = "";
const savedReport = join(shots, "report.json");
const email = `console-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
const password = "correct horse battery staple";

/** A CSV with ROWS rows whose figures are known: id, a name, an amount, a city. */
function customersCsv(rows: number): Buffer {
  const lines = ["id,name,amount,city"];
  for (let i = 1; i <= rows; i++)
    lines.push(`${i},Customer ${i % 97},${(i * 13) % 500}.${i % 10},${["Paris", "Lyon", "Nice", "Lille"][i % 4]}`);
  return Buffer.from(`${lines.join("\n")}\n`);
}

/** Wide rows, so a file past the multipart threshold stays quick to analyse. */
function csvOfSize(bytes: number): Buffer {
  const lines = ["id,label,value,notes"];
  let size = lines[0].length + 1;
  for (let i = 1; size < bytes; i++) {
    const line = `${i},item ${i % 1013},${(i * 7) % 1000},${"lorem ipsum dolor sit amet ".repeat(6)}${i % 31}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join("\n")}\n`);
}

async function shot(name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function latestCode(): Promise<string> {
  const res = await fetch(`${edge}/__dev/mail?to=${encodeURIComponent(email)}`);
  const { messages } = (await res.json()) as { messages: { text: string }[] };
  const code = /\b(\d{6})\b/.exec(messages.at(-1)?.text ?? "")?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

/** Only the agents named stay ticked. */
async function chooseAgents(agents: string[]) {
  for (const box of await page.locator('input[name="agent"]').all()) {
    const id = await box.getAttribute("value");
    await box.setChecked(agents.includes(id!));
  }
}

/** Large inputs go through a file on disk: Chromium reads it itself instead of over the wire. */
function onDisk(name: string, buffer: Buffer): string {
  const path = join(shots, "..", "console-test-files", name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, buffer);
  return path;
}

/** A fresh New analysis screen: the same URL again would only change the hash and keep the old form. */
async function openNewAnalysis() {
  await page.goto(`${site.url}/console/#/tasks`);
  await page.goto(`${site.url}/console/#/new`);
}

async function startAnalysis(file: string | { name: string; mimeType: string; buffer: Buffer }, agents: string[]) {
  await openNewAnalysis();
  await page.locator('input[name="agent"]').first().waitFor();
  await chooseAgents(agents);
  await page.setInputFiles('input[name="primary"]', file);
  await page.getByRole("button", { name: "Upload and analyse" }).click();
}

async function waitForTaskPage(): Promise<string> {
  await page.waitForURL(/#\/tasks\/tsk_/);
  return decodeURIComponent(new URL(page.url()).hash.split("/")[2]);
}

beforeAll(async () => {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const port = await freePort();
  edge = `http://127.0.0.1:${port}`;
  worker = await startWorker({
    projectRoot: inject("projectRoot"),
    port,
    quiet: true,
    vars: {
      ...inject("edgeVars"),
      PUBLIC_URL: edge,
      ACCESS_TOKEN_TTL_SECONDS: "6",
      MULTIPART_THRESHOLD_BYTES: String(5 * MIB),
      MAX_FILE_BYTES: String(5.5 * MIB),
    },
  });
  site = await serveStatic(join(inject("projectRoot"), "console", "dist"));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`[console page] ${message.text()}`);
  });
  page.on("request", (req) => {
    if (req.url().endsWith("/auth/refresh")) refreshes.push(req.url());
  });
  // ?api= points the console at the edge; it remembers the choice for later navigations.
  await page.goto(`${site.url}/console/?api=${encodeURIComponent(edge)}#/signup`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await worker?.close();
  rmSync(join(inject("projectRoot"), ".local", `edge-bundle-${process.pid}`), { recursive: true, force: true });
});

describe("console in a browser, on another origin than the API", () => {
  beforeEach(({ task }) => {
    onTestFailed(() => shot(`failed-${task.name.slice(0, 40).replace(/\W+/g, "-")}`));
  });

  it("signs up: a wrong code is explained, the emailed code signs in", async () => {
    await page.fill('input[name="full_name"]', "Ada Lovelace");
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await shot("01-signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/#\/verify/);

    const code = await latestCode();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    await page.fill('input[name="code"]', wrong);
    await page.getByRole("button", { name: "Verify and continue" }).click();
    const alert = page.locator('[role="alert"][data-code="AUTH_OTP_INVALID"]');
    await expect(alert.textContent()).resolves.toContain("That code is not right.");
    await shot("02-wrong-code");

    await page.fill('input[name="code"]', code);
    await page.getByRole("button", { name: "Verify and continue" }).click();
    await page.waitForURL(/#\/new/);
    await page.locator(".balance[data-balance]").waitFor();
  });

  it("uploads a CSV, follows it to 100 %, shows the report and downloads a file", async () => {
    const csv = customersCsv(ROWS);
    await page.goto(`${site.url}/console/#/new`);
    await page.locator('input[name="agent"]').first().waitFor();
    await page.setInputFiles('input[name="primary"]', { name: "customers.csv", mimeType: "text/csv", buffer: csv });
    await shot("03-new-analysis");
    const seen = new Set<string>();
    const watch = setInterval(async () => {
      const value = await page
        .locator('[aria-label="Task progress"]')
        .getAttribute("aria-valuenow", { timeout: 200 })
        .catch(() => null);
      if (value) seen.add(value);
    }, 100);
    await page.getByRole("button", { name: "Upload and analyse" }).click();
    const taskId = await waitForTaskPage();
    await page.locator('.badge[data-status="COMPLETED"]').waitFor({ timeout: 45_000 });
    clearInterval(watch);
    expect(await page.locator('[aria-label="Task progress"]').getAttribute("aria-valuenow")).toBe("100");
    expect(seen.size, `progress values seen: ${[...seen]}`).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-figure="rows"]').textContent()).toBe(String(ROWS));
    expect(await page.locator('[data-figure="columns"]').textContent()).toBe("4");

    const listed = () =>
      page.locator("table.downloads tr[data-file]").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.file));
    await expect.poll(listed, { timeout: 15_000 }).toContain("report.json");
    const files = await listed();
    if (files.includes("report.html")) {
      const frame = page.frameLocator("iframe.report-frame");
      const text = await frame.locator("body").textContent();
      expect(text).toContain(taskId);
      expect(text).toContain(`${ROWS} rows`);
    }
    await shot("04-task-completed");

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('tr[data-file="report.json"] a').click()]);
    await download.saveAs(savedReport);
    completedTaskId = taskId;
    const report = JSON.parse(readFileSync(savedReport, "utf8")) as { inputs: { role: string; rows: number }[] };
    expect(report.inputs.find((i) => i.role === "primary")?.rows).toBe(ROWS);

    await page.goto(`${site.url}/console/#/wallet`);
    const consumed = page.locator(`table.ledger tr[data-task="${taskId}"][data-type="CONSUME"]`);
    await consumed.first().waitFor();
    expect(await consumed.count()).toBeGreaterThan(0);
    // The balance shown is the sum of the ledger rows shown (one page holds them all here).
    const deltas = await page.locator("table.ledger td.num").allTextContents();
    const sum = deltas.reduce((total, text) => total + Number(text.replace("+", "")), 0);
    expect(await page.locator('[data-figure="balance"]').textContent()).toBe(String(sum));
    await shot("05-wallet");

    // "Buy" redirects to the Checkout page the (local) Stripe API returned for this pack.
    await page.route("https://checkout.stripe.test/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<h1>Stripe Checkout</h1>" }),
    );
    await page.locator('.pack[data-pack="starter"] button').click();
    await page.waitForURL(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_/);
    // Six-second access tokens: once the stored one is due for renewal (however fast the steps
    // above went), the next page renews it on its own, never showing the login screen.
    await page.goto(`${site.url}/console/#/wallet`);
    await page.waitForFunction(() => {
      const session = JSON.parse(localStorage.getItem("agensium.session") ?? "null") as { expiresAt: number } | null;
      return session !== null && session.expiresAt - Date.now() < 1_000;
    });
    await page.goto(`${site.url}/console/#/tasks`);
    await page.locator(".balance[data-balance]").waitFor();
    await expect.poll(() => refreshes.length).toBeGreaterThan(0);
    expect(new URL(page.url()).hash).toBe("#/tasks");
  }, 60_000);

  it("answers questions about the task in its chat panel, streamed, grounded on that task's report", async () => {
    expect(completedTaskId).not.toBe("");
    const report = JSON.parse(readFileSync(savedReport, "utf8")) as { agents: { agent_id: string; data: { overall?: number } }[] };
    const marker = () => `m${Math.random().toString(36).slice(2, 10)}`;
    const sent: { accept: string | undefined; body: { message: string; task_id: string; history: unknown[] } }[] = [];
    const onRequest = (req: import("playwright-core").Request) => {
      if (req.method() === "POST" && req.url() === `${edge}/chat`) sent.push({ accept: req.headers().accept, body: req.postDataJSON() });
    };
    page.on("request", onRequest);
    await page.goto(`${site.url}/console/#/tasks/${completedTaskId}`);
    const panel = page.locator("section.chat");
    await panel.waitFor();
    const input = panel.locator('textarea[name="chat-message"]');
    const send = panel.locator('button[type="submit"]');
    const balance = async () => Number(await page.locator(".balance").getAttribute("data-balance"));
    await page.locator(".balance[data-balance]").waitFor();

    // 4,000 characters at most: one more and the question cannot be sent.
    await input.fill("x".repeat(4_001));
    expect(await send.isDisabled()).toBe(true);
    expect(await panel.locator(".chat-count").textContent()).toBe("1 character over the 4,000 limit");
    await input.fill("x".repeat(4_000));
    expect(await send.isDisabled()).toBe(false);
    expect(await panel.locator(".chat-count").textContent()).toBe("4,000 / 4,000");

    // Send stays disabled for as long as the answer streams: every change to the answer while it
    // is streaming records the button's state.
    await page.evaluate(() => {
      const states: boolean[] = [];
      (window as unknown as { sendStates: boolean[] }).sendStates = states;
      const button = document.querySelector<HTMLButtonElement>('section.chat button[type="submit"]')!;
      new MutationObserver(() => {
        if (document.querySelector('.chat-assistant[data-state="streaming"]')) states.push(button.disabled);
      }).observe(document.querySelector(".chat-log")!, { subtree: true, childList: true, characterData: true });
    });
    const first = marker();
    const firstAnswer = `The file has ${ROWS} rows and 4 columns: id, name, amount and city. No column is missing values.`;
    await scriptOpenAi(first, [{ content: firstAnswer }]);
    const before = await balance();
    const question = `How many rows and columns does the file have? (${first})`;
    await input.fill(question);
    await input.press("Enter");
    const answers = panel.locator('.chat-assistant[data-state="done"] .chat-bubble');
    await expect.poll(() => answers.allTextContents(), { timeout: 20_000 }).toEqual([firstAnswer]);
    const states = await page.evaluate(() => (window as unknown as { sendStates: boolean[] }).sendStates);
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((disabled) => disabled)).toBe(true);
    expect(await panel.locator(".chat-user .chat-bubble").allTextContents()).toEqual([question]);
    expect(await panel.locator(".chat-assistant .chat-meta").textContent()).toBe("2 credits · gpt-test-mini");
    expect(await panel.locator(".chat-price").textContent()).toBe("2 credits a question");
    await expect.poll(balance).toBe(before - 2);

    // The browser asked for a stream about this task; the model was sent this task's report figures
    // as data, apart from the question.
    expect(sent[0].accept).toContain("text/event-stream");
    expect(sent[0].body).toEqual({ message: question, task_id: completedTaskId, history: [] });
    const [toModel] = await openAiRequests(first);
    expect(toModel.body.stream).toBe(true);
    const data = JSON.parse(toModel.body.messages[1].content) as {
      task_id: string;
      report: { inputs: { role: string; rows: number; column_names: string[] }[]; readiness: { overall: number } | null };
    };
    expect(data.task_id).toBe(completedTaskId);
    expect(data.report.inputs.find((i) => i.role === "primary")).toMatchObject({
      rows: ROWS,
      column_names: ["id", "name", "amount", "city"],
    });
    expect(data.report.readiness?.overall).toBe(report.agents.find((a) => a.agent_id === "readiness-rater")?.data.overall);
    expect(toModel.body.messages.at(-1)).toEqual({ role: "user", content: question });

    // A follow-up carries the conversation so far.
    const second = marker();
    await scriptOpenAi(second, [{ content: "The amount column holds numbers from 0 to 499.9." }]);
    const followUp = `And the amount column? (${second})`;
    await input.fill(followUp);
    await send.click();
    await expect.poll(() => answers.count(), { timeout: 20_000 }).toBe(2);
    expect(sent[1].body.history).toEqual([
      { role: "user", content: question },
      { role: "assistant", content: firstAnswer },
    ]);
    const [followUpToModel] = await openAiRequests(second);
    expect(followUpToModel.body.messages.slice(2).map((m) => m.content)).toEqual([question, firstAnswer, followUp]);
    await shot("05b-chat");

    // A model that fails: the reason in the conversation, the question back in the box, no charge.
    const third = marker();
    await scriptOpenAi(third, [{ status: 500 }]);
    const afterTwo = await balance();
    const failing = `Which rows are duplicates? (${third})`;
    await input.fill(failing);
    await send.click();
    const upstream = panel.locator('.chat-assistant[data-state="failed"] [role="alert"][data-code="AI_UPSTREAM_ERROR"]');
    await expect(upstream.textContent({ timeout: 20_000 })).resolves.toContain("The assistant did not answer; this turn was not charged.");
    expect(await input.inputValue()).toBe(failing);
    await expect.poll(balance).toBe(afterTwo);
    await shot("05c-chat-error");

    // Past the per-minute limit the service says so, and the panel explains it.
    const limited = panel.locator('[role="alert"][data-code="RATE_LIMITED"]');
    for (let i = 0; i < 10 && (await limited.count()) === 0; i++) {
      const settled = await panel.locator(".chat-assistant:not([data-state='streaming'])").count();
      await input.fill(`Anything else? (${marker()})`);
      await send.click();
      await expect
        .poll(() => panel.locator(".chat-assistant:not([data-state='streaming'])").count(), { timeout: 20_000 })
        .toBe(settled + 1);
    }
    await expect(limited.textContent()).resolves.toContain("You have asked many questions in the last minute.");
    page.off("request", onRequest);
  }, 90_000);

  it("sends the parameters form's values, and explains one out of range", async () => {
    await openNewAnalysis();
    await page.locator('input[name="agent"]').first().waitFor();
    await chooseAgents(["unified-profiler"]);
    await page.locator('details[data-block="unified-profiler"] summary').click();
    // The form is generated from the tool's schema: its bounds come with it.
    const bins = page.locator('input[name="unified-profiler.histogram_bins"]');
    expect(await bins.getAttribute("max")).toBe("50");
    await bins.fill("500");
    await page.setInputFiles('input[name="primary"]', { name: "customers.csv", mimeType: "text/csv", buffer: customersCsv(20) });
    await page.getByRole("button", { name: "Upload and analyse" }).click();
    const alert = page.locator('[role="alert"][data-code="PARAMETERS_INVALID"]');
    await expect(alert.textContent()).resolves.toContain("histogram_bins");
    await shot("06-parameters-invalid");
  });

  it("refuses an oversized file with the reason in the page", async () => {
    await startAnalysis(onDisk("huge.csv", csvOfSize(5.6 * MIB)), ["unified-profiler"]);
    const alert = page.locator('[role="alert"][data-code="UPLOAD_TOO_LARGE"]');
    await expect(alert.textContent()).resolves.toContain("The file is larger than the service accepts.");
    await shot("06-oversized");
  });

  it("shows why a task failed on a file that is not what its name says", async () => {
    await startAnalysis(
      { name: "broken.parquet", mimeType: "application/octet-stream", buffer: Buffer.from("this is not a parquet file\n".repeat(50)) },
      ["unified-profiler"],
    );
    await waitForTaskPage();
    await page.locator('.badge[data-status="FAILED"]').waitFor({ timeout: 30_000 });
    const alert = page.locator('.alert[data-code="INPUT_UNREADABLE"]');
    await expect(alert.textContent()).resolves.toContain("could not be read");
    await shot("07-failed-task");
    // Retrying runs it again on the same file, which fails the same way.
    const [retried] = await Promise.all([
      page.waitForResponse((res) => res.url().endsWith("/retry")),
      page.getByRole("button", { name: "Retry" }).click(),
    ]);
    expect(retried.status()).toBe(202);
    await page.locator(".page-head", { hasText: "attempt 2" }).waitFor();
    await page.locator('.badge[data-status="FAILED"]').waitFor({ timeout: 30_000 });
    await page.locator('.alert[data-code="INPUT_UNREADABLE"]').waitFor();
  });

  it("uploads a large file in parts and resumes after a part fails", async () => {
    const big = csvOfSize(5.2 * MIB);
    let blocked = 0;
    // The store drops part 2 until the upload gives up on it; resuming sends only what is missing.
    await page.route(/partNumber=2/, async (route) => {
      if (route.request().method() === "PUT" && blocked < 3) {
        blocked++;
        return route.abort("connectionreset");
      }
      return route.continue();
    });
    const partPuts: string[] = [];
    page.on("request", (req) => {
      const part = /partNumber=(\d+)/.exec(req.url())?.[1];
      if (part && req.method() === "PUT") partPuts.push(part);
    });
    await startAnalysis(onDisk("big.csv", big), ["unified-profiler"]);
    const resume = page.getByRole("button", { name: "Resume upload" });
    await resume.waitFor({ timeout: 30_000 });
    expect(await page.locator('[role="alert"]').getAttribute("data-code")).toBe("UPLOAD_INTERRUPTED");
    await shot("08-upload-interrupted");
    await resume.click();
    await waitForTaskPage();
    await page.locator('.badge[data-status="COMPLETED"]').waitFor({ timeout: 45_000 });
    expect(partPuts.filter((p) => p === "1")).toHaveLength(1);
    expect(partPuts.filter((p) => p === "2")).toHaveLength(4);
    const lines = big.toString().trimEnd().split("\n").length - 1;
    expect(await page.locator('[data-figure="rows"]').textContent()).toBe(new Intl.NumberFormat("en").format(lines));
  }, 60_000);

  it("logs out, logs back in and filters the task list", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/#\/login/);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/#\/new/);
    await page.goto(`${site.url}/console/#/tasks?status=FAILED`);
    await page.locator("table.tasks tbody tr").first().waitFor();
    const statuses = await page.locator("table.tasks tbody .badge").allTextContents();
    expect(statuses).toEqual(["failed"]);
    await page.goto(`${site.url}/console/#/tasks`);
    await page.waitForFunction(() => document.querySelectorAll("table.tasks tbody tr").length === 5);
    await shot("09-tasks");

    // The task left behind by the oversized file never got its upload: cancel it.
    await page.locator('table.tasks tr:has(.badge[data-status="CREATED"]) a').click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.locator('.badge[data-status="CANCELLED"]').waitFor();
  });
});

describe("served by the edge itself", () => {
  it("serves the console at /console/ and the API reference at /docs, loading nothing from another host", async () => {
    const context = await browser.newContext();
    const own = await context.newPage();
    const foreign: string[] = [];
    await own.route("**/*", (route) => {
      if (new URL(route.request().url()).origin !== edge) {
        foreign.push(route.request().url());
        return route.abort();
      }
      return route.continue();
    });
    await own.goto(`${edge}/console`);
    expect(new URL(own.url()).pathname).toBe("/console/");
    await own.getByRole("button", { name: "Log in" }).waitFor();

    await own.goto(`${edge}/docs`);
    // Swagger UI draws one block per operation of /openapi.json.
    const spec = (await (await fetch(`${edge}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(spec.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    await own.waitForFunction((n) => document.querySelectorAll(".opblock").length === n, operations);
    await own.screenshot({ path: join(shots, "10-docs.png") });
    expect(foreign).toEqual([]);
    await context.close();
  });
});
