/**
 * Everything checked before a task may be queued (process and retry): the inputs are in the
 * store with the declared sizes, parameters.json is valid for the tool, and the wallet covers
 * the agents not yet paid for. Each failure is an ApiError with a stable code.
 */
import { findTool, type InputRole, requiredRoles, resolveLocale } from "@agensium/shared";
import type { Database } from "../db/client.js";
import { walletBalance } from "../db/ledger.js";
import type { Task } from "../db/schema/index.js";
import { agentCostsFor, chargedAgents } from "../db/tasks.js";
import { ApiError, zodDetails } from "../errors.js";
import type { Storage } from "./storage.js";
import { parametersKey } from "./tasks.js";

export const MAX_PARAMETERS_BYTES = 1024 * 1024;

interface MissingFile {
  role: InputRole | "parameters";
  reason: string;
}

async function checkInputs(storage: Storage, task: Task): Promise<void> {
  const tool = findTool(task.toolId);
  if (!tool) throw new ApiError("TOOL_NOT_FOUND", `The tool ${task.toolId} no longer exists`);
  const roles = new Set<InputRole>(requiredRoles(tool, task.agents));
  // A declared optional baseline must be there too: the user asked for it to be used.
  if (task.inputs?.baseline) roles.add("baseline");
  const missing: MissingFile[] = [];
  for (const role of roles) {
    const declared = task.inputs?.[role];
    if (!declared) {
      missing.push({ role, reason: "no upload was requested for this file" });
      continue;
    }
    if (declared.upload_id && !declared.completed) {
      missing.push({ role, reason: "the multipart upload was not completed" });
      continue;
    }
    const head = await storage.head(declared.key);
    if (!head) missing.push({ role, reason: "the file was not uploaded" });
    else if (head.size !== declared.size_bytes) {
      missing.push({ role, reason: `the stored file has ${head.size} bytes, ${declared.size_bytes} were declared` });
    }
  }
  if (task.hasParameters) {
    const head = await storage.head(parametersKey(task.userId, task.taskId));
    if (!head) missing.push({ role: "parameters", reason: "parameters.json was not uploaded" });
    else if (head.size > MAX_PARAMETERS_BYTES) {
      throw new ApiError("PARAMETERS_INVALID", `parameters.json is ${head.size} bytes; the limit is ${MAX_PARAMETERS_BYTES}`, {
        size_bytes: head.size,
        max_bytes: MAX_PARAMETERS_BYTES,
      });
    }
  }
  if (missing.length > 0) {
    throw new ApiError("UPLOAD_MISSING_FILES", `Missing: ${missing.map((m) => m.role).join(", ")}`, { missing });
  }
}

async function checkParameters(storage: Storage, task: Task): Promise<void> {
  const tool = findTool(task.toolId);
  if (!tool || !task.hasParameters) return;
  const object = await storage.get(parametersKey(task.userId, task.taskId));
  if (!object) throw new ApiError("UPLOAD_MISSING_FILES", "Missing: parameters", { missing: [{ role: "parameters", reason: "gone" }] });
  let json: unknown;
  try {
    json = JSON.parse(await object.text());
  } catch {
    throw new ApiError("PARAMETERS_INVALID", "parameters.json is not valid JSON", { issues: [] });
  }
  // Checked before the schema, so a wrong locale gets its own code, not a schema issue.
  const locale = resolveLocale((json as { input?: unknown } | null)?.input);
  if (!locale.ok) throw new ApiError("LOCALE_INVALID", locale.message, { field: "input" });
  const parsed = tool.parameters.safeParse(json);
  if (!parsed.success)
    throw new ApiError("PARAMETERS_INVALID", "parameters.json does not match the tool's schema", zodDetails(parsed.error));
}

/** The credits the run still needs: agents of this task already charged are not charged again. */
export async function creditsStillRequired(db: Database, task: Task): Promise<number> {
  const [costs, charged] = await Promise.all([agentCostsFor(db, task.agents), chargedAgents(db, task.taskId)]);
  return task.agents.filter((id) => !charged.has(id)).reduce((sum, id) => sum + (costs.get(id) ?? 0), 0);
}

async function checkWallet(db: Database, task: Task): Promise<void> {
  const [required, available] = await Promise.all([creditsStillRequired(db, task), walletBalance(db, task.userId)]);
  if (available < required) {
    throw new ApiError("BILLING_INSUFFICIENT_CREDITS", `This run needs ${required} credits; the wallet holds ${available}`, {
      required,
      available,
    });
  }
}

export async function assertTaskReady(deps: { db: Database; storage: Storage }, task: Task): Promise<void> {
  await checkInputs(deps.storage, task);
  await checkParameters(deps.storage, task);
  await checkWallet(deps.db, task);
}
