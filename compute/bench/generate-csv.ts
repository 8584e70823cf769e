/**
 * A seeded mixed-type CSV for the benchmark: ints, floats, dates, datetimes, categories, zip
 * codes with leading zeros, emails, booleans, free text with quotes and commas, and nulls.
 * The same seed and row count always give the same bytes.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** mulberry32: small, fast and good enough to make varied, reproducible data. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ["electronics", "books", "garden", "toys", "grocery", "fashion", "sports", "beauty", "auto", "music"];
const COUNTRIES = ["US", "FR", "DE", "GB", "ES", "IT", "NL", "SE", "NO", "PL", "CA", "BR"];
const WORDS = ["quick", "brown", "fox", "jumps", "lazy", "dog", "data", "quality", "order", "late", "refund", "great", "poor"];
const HEADER = "id,customer_id,age,amount,discount,score,signup_date,last_login,category,country,zip,email,is_active,notes\n";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

export async function generateCsv(
  path: string,
  options: { rows?: number; bytes?: number; seed?: number },
): Promise<{ rows: number; bytes: number }> {
  const next = random(options.seed ?? 42);
  const out = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  const rowLimit = options.rows ?? Number.POSITIVE_INFINITY;
  const byteLimit = options.bytes ?? Number.POSITIVE_INFINITY;
  let bytes = HEADER.length;
  let rows = 0;
  out.write(HEADER);
  const base = Date.UTC(2015, 0, 1);
  while (rows < rowLimit && bytes < byteLimit) {
    const lines: string[] = [];
    for (let k = 0; k < 10_000 && rows < rowLimit; k++, rows++) {
      const r = next();
      const age = r < 0.03 ? "" : String(18 + Math.floor(next() * 70));
      const amount = (next() * next() * 5000).toFixed(2);
      const discount = r > 0.9 ? "" : (next() * 0.5).toFixed(4);
      const score = (Math.log(next() + 1e-9) * -10).toFixed(6);
      const signup = new Date(base + Math.floor(next() * 3650) * 86_400_000).toISOString().slice(0, 10);
      const login = new Date(base + Math.floor(next() * 3650 * 86_400) * 1000).toISOString().slice(0, 19).replace("T", " ");
      const category = r < 0.02 ? "NA" : CATEGORIES[Math.floor(next() * CATEGORIES.length)];
      const country = COUNTRIES[Math.floor(next() * next() * COUNTRIES.length)];
      const zip = pad(Math.floor(next() * 100_000), 5);
      const email = r < 0.05 ? "" : `user${Math.floor(next() * 500_000)}@example${Math.floor(next() * 20)}.com`;
      const active = next() < 0.7 ? "true" : "false";
      const words = Array.from({ length: 3 + Math.floor(next() * 12) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(" ");
      const notes = r < 0.1 ? `"${words}, said ""the customer"""` : words;
      lines.push(
        `${rows + 1},${pad(Math.floor(next() * 10_000_000), 8)},${age},${amount},${discount},${score},${signup},${login},${category},${country},${zip},${email},${active},${notes}`,
      );
    }
    const chunk = `${lines.join("\n")}\n`;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { rows, bytes };
}
