/**
 * Where `agensium login` keeps the session: one JSON file in the user's config directory
 * (AGENSIUM_CONFIG_DIR, else $XDG_CONFIG_HOME/agensium, else ~/.config/agensium), readable by the
 * user alone (0600, directory 0700). It holds the refresh token and the current access token with
 * its expiry, so consecutive commands do not rotate the refresh token every time.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface StoredSession {
  url: string;
  email: string;
  refresh_token: string;
  access_token?: string;
  /** Epoch milliseconds after which the access token is not used any more. */
  access_expires_at?: number;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGENSIUM_CONFIG_DIR) return env.AGENSIUM_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "agensium");
}

export const credentialsPath = (dir = configDir()) => join(dir, "credentials.json");

export function readSession(dir = configDir()): StoredSession | undefined {
  let text: string;
  try {
    text = readFileSync(credentialsPath(dir), "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as StoredSession;
    return typeof parsed.refresh_token === "string" && typeof parsed.url === "string" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a private temporary file and renamed, so a crash never leaves half a file or a readable one. */
export function writeSession(session: StoredSession, dir = configDir()): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tmp = join(dir, `.credentials.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, credentialsPath(dir));
}

export function deleteSession(dir = configDir()): void {
  rmSync(credentialsPath(dir), { force: true });
}

/**
 * Runs `work` while holding a lock file next to the credentials. Refresh tokens rotate and a
 * reused one revokes the whole session, so two commands refreshing at once (parallel CI steps)
 * must take turns. A lock older than 30 s is taken to be left by a killed process.
 */
export async function withSessionLock<T>(work: () => Promise<T>, dir = configDir()): Promise<T> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = join(dir, "credentials.lock");
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      closeSync(openSync(lock, "wx", 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { force: true });
      } catch {
        // the holder removed it meanwhile
      }
      if (Date.now() > deadline) throw new Error(`could not lock ${lock}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}
