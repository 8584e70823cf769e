/**
 * `agensium login`: email and password (AGENSIUM_PASSWORD, --password-stdin, or asked without
 * echo), and for an address not verified yet the mailed 6-digit code (--code, or asked). The
 * session is stored in the config directory, readable by the user alone.
 */
import { ApiClient, sessionFromPair } from "../api-client.js";
import { CliError, EXIT, usageError } from "../cli-error.js";
import type { Command } from "../context.js";
import { credentialsPath, writeSession } from "../credentials.js";

interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export const loginCommand: Command = {
  name: "login",
  usage: "agensium login [--email ADDRESS] [--password-stdin] [--code 123456]",
  summary: "sign in and keep the session for later commands",
  options: { email: { type: "string" }, "password-stdin": { type: "boolean" }, code: { type: "string" } },
  async run(ctx, values) {
    const email = ((values.email as string | undefined) ?? (await ctx.prompt.ask("Email: ", { flag: "--email" }))).trim();
    if (!email) throw usageError("An email address is needed");
    const password = values["password-stdin"]
      ? (await ctx.prompt.readStdin()).replace(/\r?\n$/, "")
      : (ctx.env.AGENSIUM_PASSWORD ??
        (await ctx.prompt.ask("Password: ", { hidden: true, flag: "--password-stdin or AGENSIUM_PASSWORD" })));
    if (!password) throw usageError("A password is needed");

    const anonymous = new ApiClient(ctx.client.baseUrl, { kind: "none" });
    let pair: TokenPair;
    try {
      pair = await anonymous.json<TokenPair>("POST", "/auth/login", { anonymous: true, body: { email, password } });
    } catch (err) {
      if (!(err instanceof CliError) || err.code !== "AUTH_NOT_VERIFIED") throw err;
      const code = (
        (values.code as string | undefined) ?? (await ctx.prompt.ask("Code from the verification e-mail: ", { flag: "--code" }))
      ).trim();
      pair = await anonymous.json<TokenPair>("POST", "/auth/verify-otp", { anonymous: true, body: { email, code } });
    }
    writeSession(sessionFromPair(ctx.client.baseUrl, email, pair), ctx.configDir);
    if (ctx.json)
      ctx.print(JSON.stringify({ signed_in: true, email, url: ctx.client.baseUrl, credentials: credentialsPath(ctx.configDir) }));
    else ctx.print(`Signed in to ${ctx.client.baseUrl} as ${email} (session kept in ${credentialsPath(ctx.configDir)})`);
    return EXIT.ok;
  },
};
