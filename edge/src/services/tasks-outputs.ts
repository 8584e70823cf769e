/** A completed task's outputs, as compute listed them in manifest.json. */
import { type Manifest, manifestSchema } from "@agensium/shared";
import type { Task } from "../db/schema/index.js";
import type { Storage } from "./storage.js";
import { outputPrefix } from "./tasks.js";

export const DOWNLOAD_URL_SECONDS = 60 * 60;

export async function readManifest(storage: Storage, task: Task): Promise<Manifest | null> {
  const key = task.manifestKey ?? `${outputPrefix(task.userId, task.taskId)}manifest.json`;
  const object = await storage.get(key);
  if (!object) return null;
  const parsed = manifestSchema.safeParse(JSON.parse(await object.text()));
  if (!parsed.success) throw new Error(`manifest of ${task.taskId} does not match the manifest schema`);
  // Only keys under the task's own outputs are ever presigned.
  const prefix = outputPrefix(task.userId, task.taskId);
  return { ...parsed.data, outputs: parsed.data.outputs.filter((o) => o.key.startsWith(prefix)) };
}
