/** Create an account; the edge emails a 6-digit code, entered on the next screen. */
import { api } from "../api/client.js";
import { append, h } from "../dom.js";
import type { Screen } from "../main.js";
import { busy, field, showError } from "../ui.js";
import { authCard } from "./auth-card.js";

export const renderSignup: Screen = ({ root }) => {
  const name = h("input", { type: "text", name: "full_name", required: true, autocomplete: "name" });
  const email = h("input", { type: "email", name: "email", required: true, autocomplete: "email" });
  const password = h("input", { type: "password", name: "password", required: true, minLength: 10, autocomplete: "new-password" });
  const submit = h("button", { class: "primary", type: "submit" }, "Create account");
  const errors = h("div", { class: "errors" });
  const form = h(
    "form",
    { class: "stack" },
    field("Full name", name),
    field("Email", email),
    field("Password", password, "At least 10 characters."),
    errors,
    submit,
    h("p", { class: "muted" }, "Already have an account? ", h("a", { href: "#/login" }, "Log in"), "."),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(errors, null);
    await busy(submit, "Creating…", async () => {
      try {
        await api("POST", "/auth/signup", { auth: false, body: { email: email.value, password: password.value, full_name: name.value } });
        location.hash = `/verify?email=${encodeURIComponent(email.value.trim().toLowerCase())}`;
      } catch (err) {
        showError(errors, err);
      }
    });
  });
  append(root, authCard("Create your account", "Free credits to start with; no card needed.", form));
};
