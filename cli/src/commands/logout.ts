/** `agensium logout`: ends the stored session on the service and forgets it here. */
import { EXIT } from "../cli-error.js";
import type { Command } from "../context.js";
import { deleteSession, readSession } from "../credentials.js";

export const logoutCommand: Command = {
  name: "logout",
  usage: "agensium logout",
  summary: "end the stored session",
  options: {},
  async run(ctx) {
    const session = readSession(ctx.configDir);
    if (session) {
      // Revoke on the server first; forget locally even if the server cannot be reached.
      try {
        await ctx.client.json("POST", "/auth/logout", { body: { refresh_token: session.refresh_token } });
      } finally {
        deleteSession(ctx.configDir);
      }
    }
    ctx.print(ctx.json ? JSON.stringify({ signed_out: true }) : "Signed out");
    return EXIT.ok;
  },
};
