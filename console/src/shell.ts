/** The frame around every screen: brand, navigation, wallet balance, who is signed in, log out. */
import { api } from "./api/client.js";
import type { Wallet } from "./api/contract.js";
import { h } from "./dom.js";
import { credits } from "./format.js";
import { clearSession, loadSession } from "./session.js";

export interface Shell {
  main: HTMLElement;
  /** Marks the current section and shows or hides the signed-in parts. */
  update(path: string): void;
  /** Reads the balance again (after a task is charged or credits are bought). */
  refreshBalance(): Promise<number | null>;
}

export function renderShell(root: HTMLElement): Shell {
  const balance = h("a", { class: "balance", href: "#/wallet", title: "Wallet" }, "");
  const who = h("span", { class: "who" });
  const logout = h("button", { class: "link", type: "button" }, "Log out");
  const links = [
    h("a", { href: "#/new", dataset: { section: "/new" } }, "New analysis"),
    h("a", { href: "#/tasks", dataset: { section: "/tasks" } }, "Tasks"),
    h("a", { href: "#/wallet", dataset: { section: "/wallet" } }, "Wallet"),
  ];
  const nav = h("nav", { class: "nav" }, ...links);
  const account = h("div", { class: "account" }, balance, who, logout);
  const main = h("main", { class: "main" });
  root.replaceChildren(
    h("header", { class: "top" }, h("a", { class: "brand", href: "#/new" }, h("span", { class: "logo" }, "A"), "Agensium"), nav, account),
    main,
  );

  logout.addEventListener("click", async () => {
    const session = loadSession();
    // Revoke the refresh token on the edge; the page forgets the pair either way.
    if (session) await api("POST", "/auth/logout", { body: { refresh_token: session.refreshToken } }).catch(() => undefined);
    clearSession();
    location.hash = "/login";
  });

  const shell: Shell = {
    main,
    update(path) {
      const session = loadSession();
      nav.hidden = account.hidden = !session;
      who.textContent = session?.email ?? "";
      for (const link of links) link.classList.toggle("active", path.startsWith(link.dataset.section!));
      if (session) void shell.refreshBalance();
    },
    async refreshBalance() {
      try {
        const wallet = await api<Wallet>("GET", "/billing/wallet");
        balance.textContent = credits(wallet.balance_credits);
        balance.dataset.balance = String(wallet.balance_credits);
        return wallet.balance_credits;
      } catch {
        return null;
      }
    },
  };
  return shell;
}
