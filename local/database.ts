/**
 * Finds a MySQL-compatible database for local work: DATABASE_URL when set, else a server on
 * 127.0.0.1:3306 (root, empty password), else a private mariadbd started in .local/mariadb.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import mysql from "mysql2/promise";

export interface ResolvedDatabase {
  /** Server URL without a database name. */
  serverUrl: string;
  source: "DATABASE_URL" | "127.0.0.1:3306" | "private mariadbd";
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  try {
    const conn = await mysql.createConnection({ uri: url, connectTimeout: 2_000 });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

function which(binary: string): string | undefined {
  for (const dir of ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]) {
    const path = join(dir, binary);
    if (existsSync(path)) return path;
  }
  const found = spawnSync("sh", ["-c", `command -v ${binary}`], { encoding: "utf8" }).stdout.trim();
  return found || undefined;
}

async function startPrivateMariadb(root: string): Promise<{ url: string; child: ChildProcess } | undefined> {
  const mariadbd = which("mariadbd") ?? which("mysqld");
  const installDb = which("mariadb-install-db") ?? which("mysql_install_db");
  if (!mariadbd || !installDb) return undefined;
  const dataDir = join(root, "data");
  const socket = join(root, "mysqld.sock");
  const port = 33306;
  if (!existsSync(join(dataDir, "mysql"))) {
    mkdirSync(dataDir, { recursive: true });
    const init = spawnSync(
      installDb,
      [`--datadir=${dataDir}`, "--auth-root-authentication-method=normal", "--user=root", "--skip-test-db"],
      {
        encoding: "utf8",
      },
    );
    if (init.status !== 0) throw new Error(`mariadb-install-db failed:\n${init.stderr}`);
  }
  const child = spawn(
    mariadbd,
    [
      "--no-defaults",
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      "--bind-address=127.0.0.1",
      "--user=root",
      "--skip-grant-tables=0",
    ],
    { stdio: "ignore" },
  );
  const url = `mysql://root@127.0.0.1:${port}`;
  for (let i = 0; i < 60; i++) {
    if (await reachable(url)) return { url, child };
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill("SIGTERM");
  throw new Error(`a private mariadbd in ${dataDir} did not start within 30 s`);
}

export async function resolveDatabase(projectRoot: string): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    const url = new URL(fromEnv);
    url.pathname = "";
    if (!(await reachable(url.toString()))) throw new Error(`DATABASE_URL is set but ${url.host} does not answer`);
    return { serverUrl: url.toString().replace(/\/$/, ""), source: "DATABASE_URL", stop: async () => {} };
  }
  const local = "mysql://root@127.0.0.1:3306";
  if (await reachable(local)) return { serverUrl: local, source: "127.0.0.1:3306", stop: async () => {} };
  const started = await startPrivateMariadb(join(projectRoot, ".local", "mariadb"));
  if (!started) {
    throw new Error(
      "No database: set DATABASE_URL, run MariaDB/MySQL on 127.0.0.1:3306 (root, empty password), " +
        "or install MariaDB (Debian: apt-get install mariadb-server) so a private one can be started.",
    );
  }
  return {
    serverUrl: started.url,
    source: "private mariadbd",
    stop: async () => {
      started.child.kill("SIGTERM");
    },
  };
}

/** The database name from DATABASE_URL, or the given default. */
export function databaseName(fallback: string): string {
  const fromEnv = process.env.DATABASE_URL;
  const name = fromEnv ? new URL(fromEnv).pathname.replace(/^\//, "") : "";
  return name || fallback;
}

export async function createDatabase(serverUrl: string, name: string): Promise<void> {
  const conn = await mysql.createConnection({ uri: serverUrl });
  await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const conn = await mysql.createConnection({ uri: serverUrl });
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.end();
}

export function withDatabase(serverUrl: string, name: string): string {
  return `${serverUrl}/${name}`;
}
