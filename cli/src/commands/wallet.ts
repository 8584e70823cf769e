/** `agensium wallet`: the credit balance. */
import { EXIT } from "../cli-error.js";
import type { Command } from "../context.js";

export const walletCommand: Command = {
  name: "wallet",
  usage: "agensium wallet",
  summary: "show the credit balance",
  options: {},
  async run(ctx) {
    const wallet = await ctx.client.json<{ balance_credits: number }>("GET", "/billing/wallet");
    ctx.print(ctx.json ? JSON.stringify(wallet) : `${wallet.balance_credits.toLocaleString("en-US")} credits`);
    return EXIT.ok;
  },
};
