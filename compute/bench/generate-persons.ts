/**
 * Seeded person records with known duplicates, for benchmarking master-my-data at scale: about
 * 80 % distinct people and 20 % extra records of some of them, re-entered with what real
 * duplicates carry (a swapped pair of letters in a name, a name in capitals, a phone written
 * another way or missing, an email missing or in capitals, a new surrogate id). Next to the CSV
 * goes `<file>.entities`: the true person of every data row (Int32, little-endian), so a run's
 * crosswalk can be scored against the truth. The same seed and row count give the same bytes.
 *
 *   npx tsx compute/bench/generate-persons.ts OUT.csv [ROWS]
 */
import { once } from "node:events";
import { createWriteStream, writeFileSync } from "node:fs";
import { random } from "./generate-csv.js";

const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ra",
  "ten",
  "sa",
  "vi",
  "dor",
  "el",
  "an",
  "ber",
  "tis",
  "mo",
  "ru",
  "gan",
  "pe",
  "li",
  "son",
  "ha",
  "mar",
];
const CITIES = ["Springfield", "Riverton", "Lakeside", "Fairview", "Georgetown", "Salem", "Madison", "Clinton", "Franklin", "Greenville"];
const HEADER = "person_id,first_name,last_name,email,phone,zip,city,date_of_birth,updated_at\n";
/** Share of the rows that are extra records of a person already written. */
const DUPLICATE_SHARE = 0.2;

interface Person {
  first: string;
  last: string;
  email: string;
  phone: string;
  zip: string;
  city: string;
  dob: string;
}

export async function generatePersons(
  path: string,
  options: { rows: number; seed?: number },
): Promise<{ rows: number; bytes: number; people: number }> {
  const next = random(options.seed ?? 7);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  const rows = options.rows;
  const peopleCount = Math.max(1, Math.round(rows * (1 - DUPLICATE_SHARE)));
  const people: Person[] = [];
  const entities = new Int32Array(rows);
  const out = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  out.write(HEADER);
  let bytes = HEADER.length;
  const base = Date.UTC(1940, 0, 1);
  const stamp = Date.UTC(2020, 0, 1);
  for (let row = 0; row < rows; ) {
    const lines: string[] = [];
    for (let k = 0; k < 10_000 && row < rows; k++, row++) {
      // Duplicates are spread through the file, each pointing back at a person already written.
      const duplicate = people.length >= peopleCount || (people.length > 0 && next() < DUPLICATE_SHARE);
      let p: Person;
      let first: string;
      let last: string;
      let email: string;
      let phone: string;
      if (!duplicate) {
        const i = people.length;
        first = cap(pick(SYLLABLES) + pick(SYLLABLES));
        last = cap(pick(SYLLABLES) + pick(SYLLABLES) + pick(SYLLABLES));
        const digits = String(2_000_000_000 + Math.floor(next() * 7_000_000_000));
        p = {
          first,
          last,
          email: `${first}.${last}${i}@mail${i % 11}.com`.toLowerCase(),
          phone: `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`,
          zip: String(10_000 + Math.floor(next() * 2_000)),
          city: pick(CITIES),
          dob: new Date(base + Math.floor(next() * 22_000) * 86_400_000).toISOString().slice(0, 10),
        };
        people.push(p);
        entities[row] = i;
        email = p.email;
        phone = p.phone;
      } else {
        const i = Math.floor(next() * people.length);
        p = people[i];
        entities[row] = i;
        const swap = Math.floor(next() * (p.first.length - 1));
        first = next() < 0.5 ? p.first.slice(0, swap) + p.first[swap + 1] + p.first[swap] + p.first.slice(swap + 2) : p.first;
        last = next() < 0.5 ? p.last.toUpperCase() : p.last;
        const variant = Math.floor(next() * 3);
        const d = p.phone.replaceAll("-", "");
        email = variant === 0 ? "" : p.email.toUpperCase();
        phone = variant === 1 ? "" : `(${d.slice(0, 3)}) ${d.slice(3, 6)} ${d.slice(6)}`;
      }
      const updated = new Date(stamp + Math.floor(next() * 1_500) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`P${String(row + 1).padStart(8, "0")},${first},${last},${email},${phone},${p.zip},${p.city},${p.dob},${updated}`);
    }
    const chunk = `${lines.join("\n")}\n`;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  writeFileSync(`${path}.entities`, Buffer.from(entities.buffer));
  return { rows, bytes, people: people.length };
}

if (process.argv[1]?.endsWith("generate-persons.ts")) {
  const [path, rows] = process.argv.slice(2);
  if (!path) throw new Error("usage: generate-persons.ts OUT.csv [ROWS]");
  const made = await generatePersons(path, { rows: Number(rows ?? 1_000_000) });
  process.stderr.write(`${path}: ${made.rows} rows (${made.people} people), ${(made.bytes / 1024 / 1024).toFixed(0)} MiB\n`);
}
