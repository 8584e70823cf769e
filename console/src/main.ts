/**
 * The console: a hash router over one file per screen, inside a shell with the navigation and the
 * wallet balance. Every screen talks to the public API only (api/client.ts).
 */
import "./style.css";
import { whenSignedOut } from "./api/client.js";
import { h, replace } from "./dom.js";
import { renderLogin } from "./screens/login.js";
import { renderNewTask } from "./screens/new-task.js";
import { renderSignup } from "./screens/signup.js";
import { renderTask } from "./screens/task.js";
import { renderTasks } from "./screens/tasks.js";
import { renderVerify } from "./screens/verify.js";
import { renderWallet } from "./screens/wallet.js";
import { loadSession } from "./session.js";
import { renderShell, type Shell } from "./shell.js";

/** What a screen gets. */
export interface ScreenContext {
  root: HTMLElement;
  params: Record<string, string>;
  query: URLSearchParams;
  shell: Shell;
}
/** A screen draws into root; it may return (or resolve to) a cleanup that closes its streams. */
export type Screen = (context: ScreenContext) => unknown;

const ROUTES: { pattern: RegExp; screen: Screen; signedIn: boolean }[] = [
  { pattern: /^\/login$/, screen: renderLogin, signedIn: false },
  { pattern: /^\/signup$/, screen: renderSignup, signedIn: false },
  { pattern: /^\/verify$/, screen: renderVerify, signedIn: false },
  { pattern: /^\/new$/, screen: renderNewTask, signedIn: true },
  { pattern: /^\/tasks$/, screen: renderTasks, signedIn: true },
  { pattern: /^\/tasks\/(?<id>[^/]+)$/, screen: renderTask, signedIn: true },
  { pattern: /^\/wallet$/, screen: renderWallet, signedIn: true },
];

const app = document.getElementById("app")!;
const shell = renderShell(app);
let cleanup: (() => void) | undefined;

export function navigate(path: string): void {
  if (location.hash === `#${path}`) void route();
  else location.hash = path;
}

async function route(): Promise<void> {
  cleanup?.();
  cleanup = undefined;
  const [path, search = ""] = (location.hash.slice(1) || "/new").split("?");
  const signedIn = loadSession() !== null;
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) return navigate(signedIn ? "/new" : "/login");
  if (match.r.signedIn && !signedIn) return navigate("/login");
  if (!match.r.signedIn && signedIn && path === "/login") return navigate("/new");
  shell.update(path);
  const root = h("section", { class: "screen" });
  replace(shell.main, root);
  const result = await match.r.screen({ root, params: { ...match.m!.groups }, query: new URLSearchParams(search), shell });
  if (typeof result === "function") cleanup = result as () => void;
}

whenSignedOut(() => {
  if (!location.hash.startsWith("#/login")) navigate("/login");
});
window.addEventListener("hashchange", () => void route());
void route();
