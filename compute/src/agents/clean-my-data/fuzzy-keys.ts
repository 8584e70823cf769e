/**
 * OpenRefine's clustering methods over distinct values. Fingerprint: trim, lower-case, fold
 * accents to ASCII, read hyphens, underscores and slashes as word breaks ("NEW-YORK" is
 * "new york", not "newyork"), drop other punctuation and control characters, split on
 * whitespace, sort and de-duplicate the tokens ("ACME, Inc" and "Acme Inc." both become "acme inc"). Nearest
 * neighbours: keys within Levenshtein distance r, found through n-gram blocking so only keys
 * sharing a gram are compared; a key short enough that n-grams could miss a match is indexed
 * with shorter grams (r + 1 pieces of a string, one of them untouched by r edits).
 */

const PUNCTUATION_OR_CONTROL = /[\p{P}\p{S}\p{Cc}]/gu;
const WORD_BREAKS = /[-_/\u2010-\u2015]/g;
const COMBINING_MARKS = /\p{M}/gu;

export function fingerprint(value: string): string {
  const folded = value
    .trim()
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(WORD_BREAKS, " ")
    .replace(PUNCTUATION_OR_CONTROL, "");
  const tokens = folded.split(/\s+/).filter((t) => t.length > 0);
  return [...new Set(tokens)].sort().join(" ");
}

/** Levenshtein distance when it is ≤ max, else max + 1 (banded, stops as soon as the band exceeds max). */
export function levenshteinWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < best) best = current[j];
    }
    if (best > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length], max + 1);
}

/** Blocks larger than this are skipped so a very common gram cannot make the comparison quadratic. */
export const BLOCK_LIMIT = 500;

function gramSize(length: number, radius: number, n: number): number {
  return Math.max(1, Math.min(n, Math.floor(length / (radius + 1))));
}

/**
 * Pairs of keys (by index) within Levenshtein distance `radius`, found by n-gram blocking.
 * Returns the pairs and how many blocks were too large to compare.
 */
export function nearNeighbourPairs(keys: string[], radius: number, n: number): { pairs: [number, number][]; skippedBlocks: number } {
  const blocks = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const sizes = new Set<number>();
    for (let len = Math.max(0, key.length - radius); len <= key.length; len++) sizes.add(gramSize(len, radius, n));
    const grams = new Set<string>();
    for (const q of sizes) {
      if (key.length < q) grams.add(`${q}:${key}`);
      for (let s = 0; s + q <= key.length; s++) grams.add(`${q}:${key.slice(s, s + q)}`);
    }
    for (const gram of grams) {
      const block = blocks.get(gram);
      if (block) block.push(index);
      else blocks.set(gram, [index]);
    }
  });
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  let skippedBlocks = 0;
  for (const block of blocks.values()) {
    if (block.length < 2) continue;
    if (block.length > BLOCK_LIMIT) {
      skippedBlocks++;
      continue;
    }
    for (let x = 0; x < block.length; x++) {
      for (let y = x + 1; y < block.length; y++) {
        const a = block[x];
        const b = block[y];
        const id = a * keys.length + b;
        if (seen.has(id)) continue;
        seen.add(id);
        if (levenshteinWithin(keys[a], keys[b], radius) <= radius) pairs.push([a, b]);
      }
    }
  }
  return { pairs, skippedBlocks };
}

/** Union-find over indices, for turning matched pairs into clusters. */
export class DisjointSets {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }

  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** The digits of a key in order: "unit 1" and "unit 11" are one edit apart but name different things. */
function digitsOf(key: string): string {
  return key.replace(/\D/g, "");
}

export interface ValueClusters {
  /** For each input value, its cluster number, or -1 when no other value joined it. */
  clusterOf: Int32Array;
  clusters: number;
  skippedBlocks: number;
}

/**
 * Clusters distinct values: values with the same fingerprint, and (radius > 0) values whose
 * fingerprints are within `radius` edits of letters (their digits equal), end up together.
 * Only groups of two or more values count.
 */
export function clusterValues(values: string[], radius: number, n: number): ValueClusters {
  const keyIndex = new Map<string, number>();
  const keys: string[] = [];
  const keyOf = values.map((value) => {
    const key = fingerprint(value);
    let index = keyIndex.get(key);
    if (index === undefined) {
      index = keys.length;
      keyIndex.set(key, index);
      keys.push(key);
    }
    return index;
  });
  const sets = new DisjointSets(keys.length);
  let skippedBlocks = 0;
  if (radius > 0) {
    const near = nearNeighbourPairs(keys, radius, n);
    for (const [a, b] of near.pairs) if (digitsOf(keys[a]) === digitsOf(keys[b])) sets.union(a, b);
    skippedBlocks = near.skippedBlocks;
  }
  const size = new Map<number, number>();
  for (const k of keyOf) {
    const root = sets.find(k);
    size.set(root, (size.get(root) ?? 0) + 1);
  }
  const numbering = new Map<number, number>();
  const clusterOf = new Int32Array(values.length).fill(-1);
  keyOf.forEach((k, i) => {
    const root = sets.find(k);
    if ((size.get(root) ?? 0) < 2) return;
    let id = numbering.get(root);
    if (id === undefined) {
      id = numbering.size;
      numbering.set(root, id);
    }
    clusterOf[i] = id;
  });
  return { clusterOf, clusters: numbering.size, skippedBlocks };
}
