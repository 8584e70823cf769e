/** The wallet: balance, the ledger it is the sum of, and credit packs bought through Stripe Checkout. */
import { api } from "../api/client.js";
import type { Checkout, LedgerPage, Packs } from "../api/contract.js";
import { append, h, replace } from "../dom.js";
import { credits, humanize, when } from "../format.js";
import type { Screen } from "../main.js";
import { busy, showError } from "../ui.js";

const PAGE_SIZE = 25;

export const renderWallet: Screen = async ({ root, query, shell }) => {
  const cursor = query.get("cursor") ?? "";
  const errors = h("div", { class: "errors" });
  const balance = h("span", { class: "figure-value", dataset: { figure: "balance" } }, "…");
  const packs = h("div", { class: "packs" });
  const ledger = h("div", { class: "card" });
  const pager = h("div", { class: "pager" });
  const returned = query.get("checkout");
  append(
    root,
    h("div", { class: "page-head" }, h("h1", {}, "Wallet")),
    returned === "success" ? h("p", { class: "notice" }, "Thank you: your credits appear as soon as the payment is confirmed.") : null,
    errors,
    h("div", { class: "figures" }, h("div", { class: "figure" }, balance, h("span", { class: "figure-label" }, "credits available"))),
    h("h2", {}, "Buy credits"),
    packs,
    h("h2", {}, "Ledger"),
    ledger,
    pager,
  );

  const [wallet, offer, page] = await Promise.allSettled([
    shell.refreshBalance(),
    api<Packs>("GET", "/billing/packs"),
    api<LedgerPage>("GET", "/billing/transactions", { query: { limit: PAGE_SIZE, cursor } }),
  ]);
  if (wallet.status === "fulfilled" && wallet.value !== null) balance.textContent = new Intl.NumberFormat("en").format(wallet.value);

  if (offer.status === "fulfilled") {
    replace(
      packs,
      ...offer.value.map((pack) => {
        const buy = h("button", { class: "primary", type: "button" }, "Buy");
        buy.addEventListener("click", () =>
          busy(buy, "Opening checkout…", async () => {
            try {
              const session = await api<Checkout>("POST", "/billing/checkout", { body: { pack_id: pack.id } });
              location.assign(session.checkout_url);
            } catch (err) {
              showError(errors, err);
            }
          }),
        );
        const price = new Intl.NumberFormat("en", { style: "currency", currency: pack.currency.toUpperCase() }).format(
          pack.price_cents / 100,
        );
        return h(
          "div",
          { class: "card pack", dataset: { pack: pack.id } },
          h("strong", {}, pack.name),
          h("span", { class: "pack-credits" }, credits(pack.credits)),
          h("span", { class: "muted" }, price),
          buy,
        );
      }),
    );
  } else showError(errors, offer.reason);

  if (page.status === "rejected") return showError(errors, page.reason);
  if (page.value.items.length === 0) replace(ledger, h("p", { class: "empty" }, "No movements yet."));
  else
    replace(
      ledger,
      h(
        "table",
        { class: "table ledger" },
        h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "Type"), h("th", {}, "What"), h("th", { class: "num" }, "Credits"))),
        h(
          "tbody",
          {},
          ...page.value.items.map((row) =>
            h(
              "tr",
              { dataset: { type: row.type, task: row.task_id ?? "" } },
              h("td", {}, when(row.created_at)),
              h("td", {}, h("span", { class: `badge badge-${row.delta_credits < 0 ? "muted" : "good"}` }, row.type.toLowerCase())),
              h(
                "td",
                {},
                row.agent_id ? humanize(row.agent_id) : row.reason,
                row.task_id ? h("a", { class: "muted small", href: `#/tasks/${row.task_id}` }, ` · ${row.task_id}`) : null,
              ),
              h("td", { class: `num ${row.delta_credits < 0 ? "neg" : "pos"}` }, `${row.delta_credits > 0 ? "+" : ""}${row.delta_credits}`),
            ),
          ),
        ),
      ),
    );
  replace(
    pager,
    cursor ? h("a", { class: "button-link", href: "#/wallet" }, "← Newest") : null,
    page.value.next_cursor
      ? h("a", { class: "button-link", href: `#/wallet?cursor=${encodeURIComponent(page.value.next_cursor)}` }, "Older →")
      : null,
  );
};
