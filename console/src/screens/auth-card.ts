/** The centred card the signed-out screens share. */
import { h } from "../dom.js";

export function authCard(title: string, lead: string, ...body: HTMLElement[]): HTMLElement {
  return h(
    "div",
    { class: "auth" },
    h(
      "div",
      { class: "auth-side" },
      h("h2", {}, "Data you can trust, in minutes."),
      h(
        "p",
        {},
        "Profile, clean and master your files with 22 agents: quality, drift, personal data, duplicates and golden records, in one report.",
      ),
    ),
    h("div", { class: "card auth-card" }, h("h1", {}, title), h("p", { class: "lead" }, lead), ...body),
  );
}
