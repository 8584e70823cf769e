/** Pieces every screen uses: the error box, status badges, a progress bar, a busy button. */
import type { TaskStatus } from "./api/contract.js";
import { h } from "./dom.js";
import { describeError } from "./errors.js";

/**
 * An error as a sentence and what to do next; the edge's own message and request id below it.
 * `say` replaces the general sentence where the screen knows better (a chat question, not agents).
 */
export function errorBox(err: unknown, say: { what?: string; next?: string; facts?: string[] } = {}): HTMLElement {
  const described = describeError(err);
  const { code, detail, requestId } = described;
  const { what, next, facts = [] } = { ...described, ...say };
  return h(
    "div",
    { class: "alert", role: "alert", "data-code": code },
    h("strong", {}, what),
    " ",
    next,
    facts.length > 0 ? h("ul", { class: "alert-facts" }, ...facts.map((fact) => h("li", {}, fact))) : null,
    detail ? h("div", { class: "alert-detail" }, detail, requestId ? ` · ${requestId}` : "") : null,
  );
}

/** Shows an error in a slot, or clears the slot. */
export function showError(slot: HTMLElement, err: unknown | null): void {
  slot.replaceChildren(...(err ? [errorBox(err)] : []));
}

const STATUS_TONE: Record<TaskStatus, string> = {
  CREATED: "muted",
  UPLOADING: "info",
  QUEUED: "info",
  PROCESSING: "info",
  COMPLETED: "good",
  FAILED: "bad",
  CANCELLED: "muted",
  EXPIRED: "muted",
};

export function statusBadge(status: TaskStatus): HTMLElement {
  return h("span", { class: `badge badge-${STATUS_TONE[status] ?? "muted"}`, "data-status": status }, status.toLowerCase());
}

export interface ProgressBar {
  element: HTMLElement;
  set(percent: number, label?: string): void;
}

export function progressBar(name: string): ProgressBar {
  const fill = h("div", { class: "bar-fill" });
  const label = h("span", { class: "bar-label" }, "0%");
  const element = h(
    "div",
    { class: "bar", role: "progressbar", "aria-label": name, "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0" },
    fill,
    label,
  );
  return {
    element,
    set(percent, text) {
      const clamped = Math.max(0, Math.min(100, Math.round(percent)));
      fill.style.width = `${clamped}%`;
      element.setAttribute("aria-valuenow", String(clamped));
      label.textContent = text ?? `${clamped}%`;
    },
  };
}

/** Runs an action with the button disabled and a busy label, so a double click sends once. */
export async function busy<T>(button: HTMLButtonElement, label: string, action: () => Promise<T>): Promise<T> {
  const original = button.textContent;
  button.disabled = true;
  button.textContent = label;
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.textContent = original;
  }
}

export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  return h(
    "label",
    { class: "field" },
    h("span", { class: "field-label" }, label),
    input,
    hint ? h("span", { class: "field-hint" }, hint) : null,
  );
}
