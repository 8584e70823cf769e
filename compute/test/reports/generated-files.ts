/**
 * Files for the report tests, with the truth about them kept aside: the raw personal values that
 * must never reach a report, category counts, how many values are missing, the entity sizes.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Job } from "@agensium/shared";
import { folderStore } from "../../src/engine/object-store.js";
import { runToolOnStore } from "../../src/engine/run-tool.js";
import { jobFor, recordingHooks, testConfig } from "../engine/b2-run.js";
import { gaussian, seededRandom } from "../support/random.js";

export const SCRIPT_CELL = "<script>alert(1)</script>";
const CATEGORIES = ["books", "garden", "toys", "music"];

export interface ProfileFile {
  csv: string;
  rows: number;
  emails: string[];
  missingEmails: number;
  categories: Record<string, number>;
}

/** id, amount (normal, shifted by `shift`), category, email (some missing), note (some `<script>`), score. */
export function profileFile(rows: number, seed: number, shift = 0): ProfileFile {
  const random = seededRandom(seed);
  const emails: string[] = [];
  const categories: Record<string, number> = {};
  let missingEmails = 0;
  const lines = ["id,amount,category,email,note,score"];
  for (let i = 0; i < rows; i++) {
    const category = CATEGORIES[Math.floor(random() * random() * CATEGORIES.length)];
    categories[category] = (categories[category] ?? 0) + 1;
    let email = "";
    if (random() < 0.05) missingEmails++;
    else {
      email = `person${seed}x${i}.${CATEGORIES[i % 4]}@mail${i % 7}.org`;
      emails.push(email);
    }
    const note = i % 10 === 0 ? SCRIPT_CELL : `note ${Math.floor(random() * 1e6)}`;
    const amount = (500 + shift + gaussian(random) * 100).toFixed(2);
    lines.push(`${i + 1},${amount},${category},${email},${note},${(random() * 10).toFixed(3)}`);
  }
  return { csv: lines.join("\n"), rows, emails, missingEmails, categories };
}

const FIRST = ["John", "Ana", "Wei", "Maria", "Peter", "Laura", "Omar", "Sofia", "Liam", "Emma"];
const LAST = ["Smith", "Lopez", "Chen", "Garcia", "Muller", "Rossi", "Haddad", "Novak", "Brown", "Kim"];

export interface PeopleFile {
  csv: string;
  /** Names and e-mails as written in the file (every spelling). */
  personal: string[];
  /** Entity size → how many entities have it. */
  entitySizes: Record<number, number>;
}

/** Customers, some written two or three times (name reversed with a comma, phone dropped, e-mail upper-cased). */
export function peopleFile(people: number): PeopleFile {
  const random = seededRandom(people);
  const lines = ["customer_id,name,email,phone,zip,updated_at,amount"];
  const personal: string[] = [];
  const entitySizes: Record<number, number> = {};
  let id = 1;
  for (let p = 0; p < people; p++) {
    const first = FIRST[p % 10];
    const last = LAST[Math.floor(p / 10) % 10];
    const email = `${first.toLowerCase()}.${last.toLowerCase()}${p}@example.com`;
    const phone = `555-${String(100 + p).padStart(3, "0")}-${String(1000 + p * 7).slice(-4)}`;
    const copies = p % 5 === 0 ? 3 : p % 3 === 0 ? 2 : 1;
    entitySizes[copies] = (entitySizes[copies] ?? 0) + 1;
    for (let k = 0; k < copies; k++) {
      const name = k === 1 ? `${last}, ${first}` : `${first} ${last}`;
      const written = k === 2 ? email.toUpperCase() : email;
      personal.push(name, written);
      const note = p === 7 && k === 0 ? SCRIPT_CELL : (random() * 500).toFixed(2);
      lines.push(`C${id++},"${name}",${written},${k === 1 ? "" : phone},${10000 + p},2024-0${1 + k}-1${p % 9},${note}`);
    }
  }
  return { csv: lines.join("\n"), personal, entitySizes };
}

function put(root: string, key: string, text: string): number {
  mkdirSync(dirname(join(root, key)), { recursive: true });
  writeFileSync(join(root, key), text);
  return Buffer.byteLength(text);
}

/** Runs a tool through the engine on a local folder store and returns a reader for its outputs. */
export async function runTool(options: { tool: string; agents: string[]; csv: string; baseline?: string; parameters?: object }) {
  const root = mkdtempSync(join(tmpdir(), "report-html-"));
  const prefix = `users/usr_test/tasks/tsk_${Math.random().toString(36).slice(2, 10)}/`;
  const key = `${prefix}inputs/primary.csv`;
  const size = put(root, key, options.csv);
  const parametersKey = `${prefix}parameters.json`;
  put(root, parametersKey, JSON.stringify(options.parameters ?? {}));
  const job: Job = jobFor(prefix, { key, size }, { tool_id: options.tool, agents: options.agents, parameters_key: parametersKey });
  if (options.baseline !== undefined) {
    const baselineKey = `${prefix}inputs/baseline.csv`;
    job.inputs.baseline = { key: baselineKey, format: "csv", size_bytes: put(root, baselineKey, options.baseline) };
  }
  await runToolOnStore({
    job,
    store: folderStore(root),
    config: testConfig({}),
    signal: new AbortController().signal,
    hooks: recordingHooks(),
  });
  const path = (name: string) => join(root, job.output_prefix, name);
  return { path, text: (name: string) => readFileSync(path(name), "utf8") };
}
