/**
 * Start an analysis: pick a tool, choose agents (costs against the wallet), set parameters through
 * the form generated from the tool's schema, drop the file (and a baseline when an agent wants
 * one), then upload straight to storage and process.
 */
import { api } from "../api/client.js";
import type { CreatedTask, Tool, ToolList, UploadTarget, UploadUrls } from "../api/contract.js";
import { append, h, replace } from "../dom.js";
import { Problem } from "../errors.js";
import { bytes, credits } from "../format.js";
import type { Screen } from "../main.js";
import { schemaForm } from "../schema-form.js";
import { busy, errorBox, type ProgressBar, progressBar, showError } from "../ui.js";
import { isMultipart, MultipartUpload, PartFailed, putSingle } from "../upload.js";

type Role = "primary" | "baseline";

function dropZone(role: Role, accept: string, onFile: (file: File | null) => void) {
  const input = h("input", { type: "file", name: role, accept, hidden: true });
  const label = h(
    "span",
    { class: "drop-file" },
    role === "primary" ? "Drop your data file here, or click to choose" : "Drop the baseline (an earlier version of the same data)",
  );
  const zone = h(
    "div",
    { class: "drop", tabIndex: 0, role: "button", dataset: { role } },
    h("span", { class: "drop-icon" }, role === "primary" ? "⬆" : "⇄"),
    label,
    input,
  );
  const choose = (file: File | null) => {
    zone.classList.toggle("has-file", !!file);
    label.textContent = file ? `${file.name} · ${bytes(file.size)}` : "Drop a file here, or click to choose";
    onFile(file);
  };
  zone.addEventListener("click", () => input.click());
  zone.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && input.click());
  input.addEventListener("change", () => choose(input.files?.[0] ?? null));
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    choose(e.dataTransfer?.files[0] ?? null);
  });
  return zone;
}

export const renderNewTask: Screen = async ({ root, shell }) => {
  const errors = h("div", { class: "errors" });
  append(
    root,
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, "New analysis"),
      h("p", { class: "lead" }, "Choose a tool and its agents, add your file, and watch the agents work."),
    ),
    errors,
  );
  let tools: ToolList;
  let balance: number | null;
  try {
    [tools, balance] = await Promise.all([api<ToolList>("GET", "/tools"), shell.refreshBalance()]);
  } catch (err) {
    showError(errors, err);
    return;
  }

  const toolCards = h("div", { class: "tool-cards" });
  const body = h("div", { class: "new-task" });
  append(root, h("h2", { class: "step" }, h("span", { class: "step-n" }, "1"), "Tool"), toolCards, body);

  const showTool = async (summary: ToolList[number]) => {
    for (const card of toolCards.children) card.classList.toggle("selected", (card as HTMLElement).dataset.tool === summary.id);
    showError(errors, null);
    let tool: Tool;
    try {
      tool = await api<Tool>("GET", `/tools/${encodeURIComponent(summary.id)}`);
    } catch (err) {
      showError(errors, err);
      return;
    }
    replace(body, ...toolForm(tool, balance, errors, shell.refreshBalance));
  };
  for (const tool of tools) {
    const card = h(
      "button",
      { class: "tool-card", type: "button", dataset: { tool: tool.id } },
      h("strong", {}, tool.name),
      h("span", {}, tool.description),
      h("span", { class: "muted" }, `${tool.agents.length} agents`),
    );
    card.addEventListener("click", () => void showTool(tool));
    append(toolCards, card);
  }
  if (tools[0]) await showTool(tools[0]);
};

function toolForm(tool: Tool, balance: number | null, errors: HTMLElement, refreshBalance: () => Promise<number | null>): HTMLElement[] {
  const names = new Map(tool.agents.map((a) => [a.id, a.name]));
  const params = schemaForm(tool.parameters_schema, (block) =>
    block === "input" ? "Reading the file (sheet, delimiter)" : (names.get(block) ?? block),
  );
  const total = h("strong", { class: "total" });
  const wallet = h("span", { class: "muted" });
  const shortfall = h("div", { class: "warn", hidden: true });
  const boxes = tool.agents.map((agent) => {
    const box = h("input", { type: "checkbox", name: "agent", value: agent.id, checked: true });
    const needsBaseline = agent.inputs.some((i) => i.role === "baseline");
    const row = h(
      "label",
      { class: "agent", dataset: { agent: agent.id } },
      box,
      h(
        "span",
        { class: "agent-text" },
        h("strong", {}, agent.name),
        h("span", { class: "muted" }, agent.description, needsBaseline ? " Uses a baseline file." : ""),
      ),
      h("span", { class: "cost" }, credits(agent.cost)),
    );
    return { agent, box, row, needsBaseline };
  });
  const files: Record<Role, File | null> = { primary: null, baseline: null };
  const accept = tool.accepted_formats.map((f) => f.extension).join(",");
  const baselineZone = dropZone("baseline", accept, (file) => (files.baseline = file));
  const baselineBlock = h(
    "div",
    { class: "baseline" },
    h("p", { class: "muted" }, "Optional: drift compares your file with this one."),
    baselineZone,
  );

  const update = () => {
    const chosen = boxes.filter((b) => b.box.checked);
    const cost = chosen.reduce((sum, b) => sum + b.agent.cost, 0);
    total.textContent = credits(cost);
    wallet.textContent = balance === null ? "" : ` · your wallet holds ${credits(balance)}`;
    shortfall.hidden = balance === null || cost <= balance;
    shortfall.replaceChildren(
      "This needs more credits than your wallet holds. ",
      h("a", { href: "#/wallet" }, "Buy credits"),
      " or choose fewer agents.",
    );
    baselineBlock.hidden = !chosen.some((b) => b.needsBaseline);
    params.show(new Set(["input", ...chosen.map((b) => b.agent.id)]));
  };
  for (const b of boxes) b.box.addEventListener("change", update);
  update();

  const start = h("button", { class: "primary big", type: "button" }, "Upload and analyse");
  const uploads = h("div", { class: "uploads" });
  const resume = h("button", { class: "secondary", type: "button", hidden: true }, "Resume upload");
  let run: (() => Promise<void>) | null = null;

  const launch = async () => {
    showError(errors, null);
    const agents = boxes.filter((b) => b.box.checked).map((b) => b.agent.id);
    if (!files.primary)
      return showError(errors, new Problem("Choose a file to analyse first.", "Drop it on the box above or click the box."));
    if (agents.length === 0) return showError(errors, new Problem("Choose at least one agent.", "Tick the agents you want to run."));
    run = startTask(tool, agents, files.primary, baselineBlock.hidden ? null : files.baseline, params.value(), uploads);
    await attempt();
  };
  const attempt = async () => {
    if (!run) return;
    resume.hidden = true;
    await busy(start, "Working…", async () => {
      try {
        await run!();
        run = null;
        void refreshBalance();
      } catch (err) {
        errors.replaceChildren(errorBox(err));
        // Parts already stored stay stored: resuming sends only the rest.
        resume.hidden = !(err as { resumable?: boolean }).resumable;
      }
    });
  };
  start.addEventListener("click", () => void launch());
  resume.addEventListener("click", () => void attempt());

  return [
    h("h2", { class: "step" }, h("span", { class: "step-n" }, "2"), "Agents"),
    h("div", { class: "card agents" }, ...boxes.map((b) => b.row), h("div", { class: "agents-total" }, "Total ", total, wallet), shortfall),
    h("h2", { class: "step" }, h("span", { class: "step-n" }, "3"), "File"),
    h(
      "div",
      { class: "card" },
      dropZone("primary", accept, (file) => (files.primary = file)),
      baselineBlock,
      h("p", { class: "muted" }, `Accepted: ${accept} · up to ${bytes(tool.max_file_bytes)}`),
    ),
    h(
      "h2",
      { class: "step" },
      h("span", { class: "step-n" }, "4"),
      "Parameters ",
      h("span", { class: "muted small" }, "(optional: defaults suit most files)"),
    ),
    params.element,
    h("div", { class: "actions" }, start, resume),
    uploads,
  ];
}

/** The steps of one start; calling the result again resumes after the step that failed. */
function startTask(
  tool: Tool,
  agents: string[],
  primary: File,
  baseline: File | null,
  parameters: Record<string, unknown>,
  uploadsView: HTMLElement,
) {
  let taskId: string | null = null;
  let targets: UploadUrls["uploads"] | null = null;
  const done = new Set<string>();
  const multiparts = new Map<Role, MultipartUpload>();
  const bars = new Map<string, ProgressBar>();
  const contentType = (file: File) =>
    tool.accepted_formats.find((f) => file.name.toLowerCase().endsWith(f.extension))?.content_type ??
    (file.type || "application/octet-stream");
  const inputs = [["primary", primary] as const, ...(baseline ? [["baseline", baseline] as const] : [])];
  const parametersBlob = Object.keys(parameters).length > 0 ? new Blob([JSON.stringify(parameters)], { type: "application/json" }) : null;

  const barFor = (role: string, file: File) => {
    let bar = bars.get(role);
    if (!bar) {
      bar = progressBar(`Upload of ${role}`);
      bar.element.dataset.role = role;
      bars.set(role, bar);
      append(uploadsView, h("div", { class: "upload-row" }, h("span", { class: "upload-name" }, file.name), bar.element));
    }
    return bar;
  };

  const uploadInput = async (role: Role, file: File, target: UploadTarget) => {
    const bar = barFor(role, file);
    const show = (sent: number, total: number) =>
      bar.set((sent / total) * 100, `${Math.round((sent / total) * 100)}% · ${bytes(sent)} of ${bytes(total)}`);
    if (!isMultipart(target)) return putSingle(target, file, show);
    const upload = multiparts.get(role) ?? new MultipartUpload(target, file);
    multiparts.set(role, upload);
    let parts: { part_number: number; etag: string }[];
    try {
      parts = await upload.send(show, (partNumber, n) =>
        bar.set(Number(bar.element.getAttribute("aria-valuenow")), `Part ${partNumber} failed (try ${n}); retrying…`),
      );
    } catch (err) {
      if (!(err instanceof PartFailed)) throw err;
      throw Object.assign(
        new Problem(
          `The upload stopped: part ${err.partNumber} of ${err.totalParts} could not be stored after several tries (${err.cause.message}).`,
          `Check your connection, then press Resume upload: the ${err.storedParts} part${err.storedParts === 1 ? "" : "s"} already stored are kept.`,
          "UPLOAD_INTERRUPTED",
        ),
        { resumable: true },
      );
    }
    await api("POST", `/tasks/${taskId}/uploads/${role}/complete`, { body: { parts } });
  };

  return async () => {
    if (!taskId) taskId = (await api<CreatedTask>("POST", "/tasks", { body: { tool_id: tool.id, agents } })).task_id;
    uploadsView.dataset.task = taskId;
    targets ??= (
      await api<UploadUrls>("POST", `/tasks/${taskId}/upload-urls`, {
        body: {
          files: inputs.map(([role, file]) => ({ role, filename: file.name, content_type: contentType(file), size_bytes: file.size })),
          has_parameters: parametersBlob !== null,
          ...(parametersBlob ? { parameters_size_bytes: parametersBlob.size } : {}),
        },
      })
    ).uploads;
    for (const [role, file] of inputs) {
      if (done.has(role)) continue;
      await uploadInput(role, file, targets[role]!);
      done.add(role);
    }
    if (parametersBlob && targets.parameters && !done.has("parameters")) {
      await putSingle(targets.parameters, parametersBlob, () => {});
      done.add("parameters");
    }
    await api("POST", `/tasks/${taskId}/process`);
    location.hash = `/tasks/${taskId}`;
  };
}
