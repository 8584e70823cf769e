/**
 * The task page's chat: questions about this task's report, answered by POST /chat from the
 * report alone and streamed into the conversation as they arrive. The conversation is kept on the
 * page and its last turns are sent back with each question; one question at a time.
 */

import { askAboutTask, CHAT_MESSAGE_MAX_CHARS, type ChatTurn } from "./api/chat.js";
import { ApiError } from "./api/client.js";
import { append, h } from "./dom.js";
import { count, credits } from "./format.js";
import { errorBox } from "./ui.js";

const SUGGESTIONS = ["What are the main problems in this file?", "Which columns hold personal data?", "Is this data ready to use?"];

export interface ChatPanel {
  element: HTMLElement;
  /** Stops an answer still streaming (the page is being left). */
  dispose(): void;
}

export function chatPanel(taskId: string, options: { onCharged(): void }): ChatPanel {
  const history: ChatTurn[] = [];
  let streaming: AbortController | null = null;

  const price = h("span", { class: "chat-price" }, "Each question is charged to your wallet.");
  const log = h("ol", { class: "chat-log", "aria-live": "polite", "aria-label": "Conversation" });
  const empty = h(
    "div",
    { class: "chat-empty" },
    h("p", { class: "muted" }, "Ask anything about this report: its figures, findings and columns. Try:"),
    h(
      "div",
      { class: "chips" },
      ...SUGGESTIONS.map((text) => {
        const chip = h("button", { class: "chip", type: "button" }, text);
        chip.addEventListener("click", () => {
          input.value = text;
          refresh();
          if (!send.disabled) form.requestSubmit();
        });
        return chip;
      }),
    ),
  );
  const input = h("textarea", {
    name: "chat-message",
    rows: 3,
    placeholder: "Ask about this report… (Enter sends, Shift+Enter for a new line)",
    "aria-label": "Your question",
  });
  const counter = h("span", { class: "chat-count", "aria-live": "polite" });
  const send = h("button", { class: "primary", type: "submit" }, "Ask");
  const form = h("form", { class: "chat-form" }, input, h("div", { class: "chat-form-foot" }, counter, send));
  const element = h(
    "section",
    { class: "card chat", "aria-label": "Ask about this report" },
    h("div", { class: "chat-head" }, h("h2", {}, "Ask about this report"), price),
    h(
      "p",
      { class: "muted chat-note" },
      "Answers come only from this task's report; when the report does not say, the assistant tells you.",
    ),
    empty,
    log,
    form,
  );

  const refresh = () => {
    const length = input.value.length;
    const over = length - CHAT_MESSAGE_MAX_CHARS;
    counter.textContent =
      over > 0
        ? `${count(over)} character${over === 1 ? "" : "s"} over the ${count(CHAT_MESSAGE_MAX_CHARS)} limit`
        : `${count(length)} / ${count(CHAT_MESSAGE_MAX_CHARS)}`;
    counter.classList.toggle("over", over > 0);
    send.disabled = streaming !== null || over > 0 || input.value.trim() === "";
    send.textContent = streaming ? "Answering…" : "Ask";
  };

  const scrollToEnd = () => {
    log.scrollTop = log.scrollHeight;
  };

  const ask = async (message: string) => {
    empty.hidden = true;
    const bubble = h(
      "div",
      { class: "chat-bubble" },
      h("span", { class: "chat-typing", "aria-label": "Answering" }, h("i"), h("i"), h("i")),
    );
    const meta = h("div", { class: "chat-meta" });
    const answer = h("li", { class: "chat-turn chat-assistant", dataset: { state: "streaming" } }, bubble, meta);
    append(log, h("li", { class: "chat-turn chat-user" }, h("div", { class: "chat-bubble" }, message)), answer);
    scrollToEnd();
    streaming = new AbortController();
    input.value = "";
    refresh();
    let text = "";
    try {
      const reply = await askAboutTask(
        { taskId, message, history },
        (piece) => {
          text += piece;
          bubble.textContent = text;
          scrollToEnd();
        },
        streaming.signal,
      );
      bubble.textContent = reply.reply;
      answer.dataset.state = "done";
      meta.textContent = reply.credits_charged > 0 ? `${credits(reply.credits_charged)} · ${reply.model}` : `free · ${reply.model}`;
      price.textContent = reply.credits_charged > 0 ? `${credits(reply.credits_charged)} a question` : "Questions are free";
      history.push({ role: "user", content: message }, { role: "assistant", content: reply.reply });
    } catch (err) {
      if (streaming?.signal.aborted) return;
      answer.dataset.state = "failed";
      // What streamed before the failure stays visible; the turn is not kept in the conversation.
      if (text) bubble.textContent = text;
      else bubble.remove();
      append(answer, chatErrorBox(err));
      // A question the service refused before answering can be sent again as it was.
      if (!input.value) input.value = message;
    } finally {
      if (!streaming?.signal.aborted) {
        streaming = null;
        refresh();
        scrollToEnd();
        options.onCharged();
      }
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (send.disabled) return;
    void ask(input.value.trim());
  });
  input.addEventListener("input", refresh);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  refresh();

  return {
    element,
    dispose() {
      streaming?.abort();
    },
  };
}

/** The chat's own words where the general sentence speaks of agents or tasks. */
function chatErrorBox(err: unknown): HTMLElement {
  if (!(err instanceof ApiError)) return errorBox(err);
  const { required, available } = err.details as { required?: number; available?: number };
  switch (err.code) {
    case "BILLING_INSUFFICIENT_CREDITS":
      return errorBox(err, {
        what: "Your wallet does not hold enough credits for this question.",
        next: "Buy credits in the Wallet, then ask again.",
        facts:
          typeof required === "number" && typeof available === "number"
            ? [`A question costs ${credits(required)}; your wallet holds ${credits(available)}.`]
            : [],
      });
    case "RATE_LIMITED":
      return errorBox(err, { what: "You have asked many questions in the last minute.", next: "Wait a little, then ask again." });
    case "TASK_INVALID_STATE":
      return errorBox(err, { what: "This task has no report to talk about yet.", next: "Ask again once it has finished." });
    default:
      return errorBox(err);
  }
}
