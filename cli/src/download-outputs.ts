/** Fetches every output of a finished task into a folder, through the presigned URLs. */
import { createWriteStream, mkdirSync, renameSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { ApiClient } from "./api-client.js";
import { CliError } from "./cli-error.js";

export interface Download {
  download_id: string;
  file_name: string;
  kind: string;
  content_type: string;
  size_bytes: number;
  url: string;
}

export interface SavedFile {
  file_name: string;
  kind: string;
  path: string;
  size_bytes: number;
}

export async function downloadOutputs(
  client: ApiClient,
  taskId: string,
  folder: string,
  onFile?: (file: SavedFile) => void,
): Promise<SavedFile[]> {
  const { downloads } = await client.json<{ downloads: Download[] }>("GET", `/tasks/${encodeURIComponent(taskId)}/downloads`);
  mkdirSync(folder, { recursive: true });
  const saved: SavedFile[] = [];
  for (const download of downloads) {
    // The name comes from the server: keep only its last segment so it cannot point outside the folder.
    const name = basename(download.file_name.replaceAll("\\", "/"));
    if (!name || name === "." || name === "..") throw new CliError(`The service named an output ${JSON.stringify(download.file_name)}`);
    const path = join(folder, name);
    const partial = `${path}.part`;
    const res = await fetch(download.url);
    if (!res.ok || !res.body) throw new CliError(`Downloading ${name} failed: HTTP ${res.status}`);
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(partial));
    const size = statSync(partial).size;
    if (size !== download.size_bytes) throw new CliError(`${name}: received ${size} bytes, the service listed ${download.size_bytes}`);
    renameSync(partial, path);
    const file = { file_name: name, kind: download.kind, path, size_bytes: size };
    saved.push(file);
    onFile?.(file);
  }
  return saved;
}
