/** Log in with email and password; an unverified account is sent to the code screen. */
import { ApiError, api } from "../api/client.js";
import type { TokenPair } from "../api/contract.js";
import { append, h } from "../dom.js";
import type { Screen } from "../main.js";
import { saveTokens } from "../session.js";
import { busy, field, showError } from "../ui.js";
import { authCard } from "./auth-card.js";

export const renderLogin: Screen = ({ root }) => {
  const email = h("input", { type: "email", name: "email", required: true, autocomplete: "email" });
  const password = h("input", { type: "password", name: "password", required: true, autocomplete: "current-password" });
  const submit = h("button", { class: "primary", type: "submit" }, "Log in");
  const errors = h("div", { class: "errors" });
  const form = h(
    "form",
    { class: "stack" },
    field("Email", email),
    field("Password", password),
    errors,
    submit,
    h("p", { class: "muted" }, "New here? ", h("a", { href: "#/signup" }, "Create an account"), "."),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(errors, null);
    await busy(submit, "Logging in…", async () => {
      try {
        const pair = await api<TokenPair>("POST", "/auth/login", { auth: false, body: { email: email.value, password: password.value } });
        saveTokens(email.value.trim().toLowerCase(), pair);
        location.hash = "/new";
      } catch (err) {
        if (err instanceof ApiError && err.code === "AUTH_NOT_VERIFIED") {
          location.hash = `/verify?email=${encodeURIComponent(email.value)}`;
          return;
        }
        showError(errors, err);
      }
    });
  });
  append(root, authCard("Log in", "Welcome back.", form));
};
