/**
 * One task: live progress agent by agent (SSE through a stream ticket), cancel and retry, and once
 * it is finished its report shown in place, headline figures, questions about the report (chat)
 * and the downloads.
 */
import { api } from "../api/client.js";
import type { Download, Downloads, Task, TaskEvent } from "../api/contract.js";
import { type ChatPanel, chatPanel } from "../chat-panel.js";
import { append, h, replace } from "../dom.js";
import { explain } from "../errors.js";
import { bytes, count, humanize, when } from "../format.js";
import { followTask } from "../live.js";
import type { Screen } from "../main.js";
import { busy, errorBox, progressBar, showError, statusBadge } from "../ui.js";

const RUNNING = new Set(["CREATED", "UPLOADING", "QUEUED", "PROCESSING"]);

interface AgentSummary {
  agent_id: string;
  status: string;
  execution_time_ms?: number;
  alerts?: number;
  critical_alerts?: number;
  issues?: number;
  reason?: string;
  headline?: { title: string; value: unknown; status?: string }[];
}

export const renderTask: Screen = async ({ root, params, shell }) => {
  const taskId = params.id;
  const errors = h("div", { class: "errors" });
  const title = h("h1", {}, "Task");
  const badge = h("span");
  const meta = h("p", { class: "muted mono" }, taskId);
  const bar = progressBar("Task progress");
  const now = h("p", { class: "now", "aria-live": "polite" });
  const agentList = h("ol", { class: "timeline" });
  const actions = h("div", { class: "actions" });
  const failure = h("div");
  const finished = h("div", { class: "finished" });
  append(
    root,
    h("div", { class: "page-head row" }, h("div", {}, h("a", { href: "#/tasks", class: "muted" }, "← Tasks"), title, meta), badge),
    errors,
    h("div", { class: "card live" }, bar.element, now, agentList, actions),
    failure,
    finished,
  );

  let stop: (() => void) | null = null;
  let chat: ChatPanel | null = null;
  let shownFinish = "";

  const draw = (task: TaskEvent) => {
    title.textContent = humanize(task.tool_id);
    replace(badge, statusBadge(task.status));
    meta.textContent = `${task.task_id} · started ${when(task.created_at)}${task.attempt > 1 ? ` · attempt ${task.attempt}` : ""}`;
    bar.set(task.status === "COMPLETED" ? 100 : task.progress);
    const summaries = new Map(((task.result_summary?.agents as AgentSummary[] | undefined) ?? []).map((a) => [a.agent_id, a]));
    const currentIndex = task.current_agent ? task.agents.indexOf(task.current_agent) : -1;
    replace(
      agentList,
      ...task.agents.map((agent, index) => {
        const summary = summaries.get(agent);
        const state =
          (summary?.status === "success" ? "completed" : summary?.status) ??
          (task.status === "COMPLETED"
            ? "completed"
            : index < currentIndex
              ? "completed"
              : index === currentIndex && task.status === "PROCESSING"
                ? "running"
                : RUNNING.has(task.status)
                  ? "waiting"
                  : "not run");
        return h(
          "li",
          { class: `step-${state.replace(" ", "-")}`, dataset: { agent, state } },
          h("span", { class: "dot" }),
          h("span", { class: "agent-name" }, humanize(agent)),
          h("span", { class: "muted" }, state === "running" && task.step ? task.step : state),
        );
      }),
    );
    const rows = typeof task.rows_processed === "number" ? ` · ${count(task.rows_processed)} rows done` : "";
    now.textContent =
      task.status === "PROCESSING"
        ? `${task.current_agent ? `${humanize(task.current_agent)} is working` : "Starting"}${rows}`
        : task.status === "QUEUED"
          ? "Waiting for a free analysis server…"
          : task.status === "COMPLETED"
            ? `Finished ${when(task.completed_at)}`
            : task.status === "FAILED"
              ? "Stopped: the reason is below."
              : task.status === "CANCELLED"
                ? `Cancelled ${when(task.cancelled_at)}`
                : task.status.toLowerCase();
    drawActions(task);
    failure.replaceChildren(...(task.status === "FAILED" && task.error ? [failureBox(task.error)] : []));
    if (task.status === "COMPLETED" && shownFinish !== task.task_id) {
      shownFinish = task.task_id;
      void drawFinished(task);
      void shell.refreshBalance();
    }
  };

  const drawActions = (task: Task) => {
    const buttons: HTMLButtonElement[] = [];
    if (RUNNING.has(task.status)) {
      const cancel = h("button", { class: "secondary", type: "button" }, "Cancel");
      cancel.addEventListener("click", () => void act(cancel, "Cancelling…", "cancel"));
      buttons.push(cancel);
    }
    if (task.status === "FAILED" || task.status === "EXPIRED") {
      const retry = h("button", { class: "primary", type: "button" }, "Retry");
      retry.addEventListener("click", () => void act(retry, "Retrying…", "retry"));
      buttons.push(retry);
    }
    replace(actions, ...buttons);
  };

  const act = async (button: HTMLButtonElement, label: string, action: "cancel" | "retry") => {
    showError(errors, null);
    await busy(button, label, async () => {
      try {
        await api("POST", `/tasks/${taskId}/${action}`);
        await load();
      } catch (err) {
        showError(errors, err);
      }
    });
  };

  const drawFinished = async (task: Task) => {
    const summary = task.result_summary as { rows?: number; columns?: number; agents?: AgentSummary[] } | null;
    const figures = h(
      "div",
      { class: "figures" },
      h(
        "div",
        { class: "figure" },
        h("span", { class: "figure-value", dataset: { figure: "rows" } }, count(summary?.rows ?? 0)),
        h("span", { class: "figure-label" }, "rows"),
      ),
      h(
        "div",
        { class: "figure" },
        h("span", { class: "figure-value", dataset: { figure: "columns" } }, count(summary?.columns ?? 0)),
        h("span", { class: "figure-label" }, "columns"),
      ),
      ...(summary?.agents ?? [])
        .flatMap((a) => a.headline ?? [])
        .filter((hl) => !/^(rows|columns)$/i.test(hl.title))
        .slice(0, 6)
        .map((hl) =>
          h(
            "div",
            { class: `figure tone-${hl.status ?? "info"}` },
            h("span", { class: "figure-value" }, String(hl.value)),
            h("span", { class: "figure-label" }, hl.title),
          ),
        ),
    );
    const downloadsBox = h("div", { class: "card" }, h("p", { class: "muted" }, "Loading downloads…"));
    const report = h("div", { class: "report" });
    chat?.dispose();
    chat = chatPanel(taskId, { onCharged: () => void shell.refreshBalance() });
    replace(finished, h("h2", {}, "Results"), figures, chat.element, h("h2", {}, "Report"), report, h("h2", {}, "Downloads"), downloadsBox);
    try {
      const { downloads } = await api<Downloads>("GET", `/tasks/${taskId}/downloads`);
      replace(downloadsBox, downloadTable(downloads));
      await showReport(report, downloads);
    } catch (err) {
      replace(downloadsBox, errorBox(err));
    }
  };

  const load = async () => {
    stop?.();
    try {
      const task = await api<Task>("GET", `/tasks/${encodeURIComponent(taskId)}`);
      draw(task);
      if (RUNNING.has(task.status)) stop = followTask(taskId, draw, (err) => showError(errors, err));
    } catch (err) {
      showError(errors, err);
    }
  };
  await load();
  return () => {
    stop?.();
    chat?.dispose();
  };
};

function failureBox(error: { code: string; message: string }): HTMLElement {
  const { what, next } = explain(error.code);
  return h(
    "div",
    { class: "alert", role: "alert", "data-code": error.code },
    h("strong", {}, "This task failed. "),
    what,
    " ",
    next,
    h("div", { class: "alert-detail" }, error.message),
  );
}

function downloadTable(downloads: Download[]): HTMLElement {
  return h(
    "table",
    { class: "table downloads" },
    h("thead", {}, h("tr", {}, h("th", {}, "File"), h("th", {}, "Kind"), h("th", { class: "num" }, "Size"), h("th", {}))),
    h(
      "tbody",
      {},
      ...downloads.map((d) =>
        h(
          "tr",
          { dataset: { file: d.file_name } },
          h("td", {}, d.file_name),
          h("td", { class: "muted" }, d.kind),
          h("td", { class: "num" }, bytes(d.size_bytes)),
          h("td", { class: "num" }, h("a", { class: "button-link", href: d.url, download: d.file_name }, "Download")),
        ),
      ),
    ),
  );
}

/**
 * report.html, when the task has one, fetched from its presigned URL (which answers as an
 * attachment, so it cannot be framed directly) and shown in a sandboxed frame: no scripts, no
 * access to this page.
 */
async function showReport(slot: HTMLElement, downloads: Download[]): Promise<void> {
  const html = downloads.find((d) => d.file_name === "report.html");
  if (!html) {
    const json = downloads.find((d) => d.file_name === "report.json");
    const link = json ? h("a", { href: json.url, download: "report.json" }, "Download report.json") : null;
    replace(slot, h("p", { class: "muted" }, "This task has no HTML report; the figures above come from its report.json. ", link));
    return;
  }
  const res = await fetch(html.url);
  if (!res.ok) {
    replace(slot, h("p", { class: "warn" }, `The report could not be loaded (storage answered ${res.status}); download it below.`));
    return;
  }
  const frame = h("iframe", { class: "report-frame", title: "Report", srcdoc: await res.text() });
  frame.setAttribute("sandbox", "");
  replace(slot, frame);
}
