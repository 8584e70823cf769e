/** Your tasks, newest first: filter by status, page through with the API's cursors. */
import { api } from "../api/client.js";
import type { TaskPage, TaskStatus } from "../api/contract.js";
import { append, h, replace } from "../dom.js";
import { humanize, when } from "../format.js";
import type { Screen } from "../main.js";
import { showError, statusBadge } from "../ui.js";

const FILTERS: (TaskStatus | "")[] = ["", "PROCESSING", "QUEUED", "COMPLETED", "FAILED", "CANCELLED", "UPLOADING", "EXPIRED"];
const PAGE_SIZE = 20;

export const renderTasks: Screen = async ({ root, query }) => {
  const status = (query.get("status") ?? "") as TaskStatus | "";
  const cursor = query.get("cursor") ?? "";
  const errors = h("div", { class: "errors" });
  const chips = h(
    "div",
    { class: "chips", role: "tablist" },
    ...FILTERS.map((s) =>
      h(
        "a",
        { class: `chip${s === status ? " active" : ""}`, href: `#/tasks${s ? `?status=${s}` : ""}`, dataset: { filter: s || "ALL" } },
        s ? s.toLowerCase() : "all",
      ),
    ),
  );
  const list = h("div", { class: "card" }, h("p", { class: "muted" }, "Loading…"));
  const pager = h("div", { class: "pager" });
  append(
    root,
    h("div", { class: "page-head row" }, h("h1", {}, "Tasks"), h("a", { class: "button-link primary", href: "#/new" }, "New analysis")),
    chips,
    errors,
    list,
    pager,
  );
  try {
    const page = await api<TaskPage>("GET", "/tasks", { query: { status, cursor, limit: PAGE_SIZE } });
    if (page.items.length === 0) {
      replace(
        list,
        h(
          "p",
          { class: "empty" },
          status ? `No ${status.toLowerCase()} tasks.` : "No tasks yet. ",
          status ? null : h("a", { href: "#/new" }, "Start your first analysis"),
        ),
      );
    } else {
      replace(
        list,
        h(
          "table",
          { class: "table tasks" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", {}, "Tool"),
              h("th", {}, "Status"),
              h("th", { class: "num" }, "Progress"),
              h("th", {}, "Created"),
              h("th", {}, "Task"),
            ),
          ),
          h(
            "tbody",
            {},
            ...page.items.map((task) =>
              h(
                "tr",
                { dataset: { task: task.task_id } },
                h("td", {}, h("a", { href: `#/tasks/${task.task_id}` }, humanize(task.tool_id))),
                h("td", {}, statusBadge(task.status)),
                h("td", { class: "num" }, `${task.progress}%`),
                h("td", {}, when(task.created_at)),
                h("td", { class: "mono muted" }, task.task_id),
              ),
            ),
          ),
        ),
      );
    }
    const base = status ? `status=${status}&` : "";
    replace(
      pager,
      cursor ? h("a", { class: "button-link", href: `#/tasks${status ? `?status=${status}` : ""}` }, "← Newest") : null,
      page.next_cursor
        ? h(
            "a",
            { class: "button-link", href: `#/tasks?${base}cursor=${encodeURIComponent(page.next_cursor)}`, dataset: { page: "next" } },
            "Older →",
          )
        : null,
    );
  } catch (err) {
    replace(list);
    showError(errors, err);
  }
};
