/** Enter the emailed code: verifies the address and signs in. A new code can be asked for. */
import { api } from "../api/client.js";
import type { TokenPair } from "../api/contract.js";
import { append, h } from "../dom.js";
import type { Screen } from "../main.js";
import { saveTokens } from "../session.js";
import { busy, field, showError } from "../ui.js";
import { authCard } from "./auth-card.js";

export const renderVerify: Screen = ({ root, query }) => {
  const email = h("input", { type: "email", name: "email", required: true, value: query.get("email") ?? "" });
  const code = h("input", {
    type: "text",
    name: "code",
    required: true,
    inputMode: "numeric",
    pattern: "\\d{6}",
    maxLength: 6,
    autocomplete: "one-time-code",
    class: "code",
  });
  const submit = h("button", { class: "primary", type: "submit" }, "Verify and continue");
  const resend = h("button", { class: "link", type: "button" }, "Send me a new code");
  const errors = h("div", { class: "errors" });
  const notice = h("p", { class: "notice", hidden: true });
  const form = h(
    "form",
    { class: "stack" },
    field("Email", email),
    field("6-digit code", code),
    errors,
    notice,
    submit,
    h("p", { class: "muted" }, "No email? ", resend),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(errors, null);
    await busy(submit, "Checking…", async () => {
      try {
        const pair = await api<TokenPair>("POST", "/auth/verify-otp", {
          auth: false,
          body: { email: email.value, code: code.value.trim() },
        });
        saveTokens(email.value.trim().toLowerCase(), pair);
        location.hash = "/new";
      } catch (err) {
        showError(errors, err);
      }
    });
  });
  resend.addEventListener("click", async () => {
    showError(errors, null);
    try {
      await api("POST", "/auth/resend-otp", { auth: false, body: { email: email.value } });
      notice.hidden = false;
      notice.textContent = "If that address has an account waiting, a new code is on its way.";
    } catch (err) {
      showError(errors, err);
    }
  });
  append(root, authCard("Check your email", "We sent a 6-digit code. It is valid for 10 minutes.", form));
};
