/**
 * Matched pairs → clusters: connected components by union-find, strongest pairs first, under a
 * cluster-size guard (a merge that would exceed the maximum is refused and the clusters are
 * marked for stewardship). The result is typed arrays only: row → cluster, members grouped by
 * cluster, and per cluster its size, weakest joining probability and guard flag.
 */
import { UnionFind } from "./union-find.js";

export interface MatchedEdges {
  a: Int32Array;
  b: Int32Array;
  score: Float64Array;
}

export interface Clusters {
  clusterOf: Int32Array;
  clusters: number;
  clusterSize: Int32Array;
  clusterStart: Int32Array;
  members: Int32Array;
  clusterMinScore: Float32Array;
  clusterGuarded: Uint8Array;
  bestScore: Float32Array;
  matchedPairs: number;
  refusedMerges: number;
}

export function clusterEdges(rows: number, edges: MatchedEdges, maxClusterSize: number): Clusters {
  const { a, b, score } = edges;
  // Strongest pairs first, so the size guard refuses the weakest links.
  const order = Int32Array.from({ length: score.length }, (_, e) => e).sort((x, y) => score[y] - score[x] || x - y);
  const uf = new UnionFind(rows);
  const guardedRoots = new Set<number>();
  const accepted = new Uint8Array(score.length);
  let refusedMerges = 0;
  for (const e of order) {
    const ra = uf.find(a[e]);
    const rb = uf.find(b[e]);
    if (ra !== rb && uf.sizeOf(ra) + uf.sizeOf(rb) > maxClusterSize) {
      refusedMerges++;
      guardedRoots.add(ra);
      guardedRoots.add(rb);
      continue;
    }
    uf.union(ra, rb);
    accepted[e] = 1;
  }

  // Cluster ids numbered by each cluster's first row, so output follows the file.
  const clusterOf = new Int32Array(rows);
  const clusterOfRoot = new Int32Array(rows).fill(-1);
  let clusters = 0;
  for (let i = 0; i < rows; i++) {
    const root = uf.find(i);
    if (clusterOfRoot[root] < 0) clusterOfRoot[root] = clusters++;
    clusterOf[i] = clusterOfRoot[root];
  }
  const clusterSize = new Int32Array(clusters);
  for (let i = 0; i < rows; i++) clusterSize[clusterOf[i]]++;
  const clusterStart = new Int32Array(clusters + 1);
  for (let c = 0; c < clusters; c++) clusterStart[c + 1] = clusterStart[c] + clusterSize[c];
  const fill = clusterStart.slice(0, clusters);
  const members = new Int32Array(rows);
  for (let i = 0; i < rows; i++) members[fill[clusterOf[i]]++] = i;

  const clusterMinScore = new Float32Array(clusters).fill(1);
  const bestScore = new Float32Array(rows);
  let matchedPairs = 0;
  for (let e = 0; e < score.length; e++) {
    const c = clusterOf[a[e]];
    if (c !== clusterOf[b[e]]) continue;
    matchedPairs++;
    if (accepted[e]) clusterMinScore[c] = Math.min(clusterMinScore[c], score[e]);
    bestScore[a[e]] = Math.max(bestScore[a[e]], score[e]);
    bestScore[b[e]] = Math.max(bestScore[b[e]], score[e]);
  }
  const clusterGuarded = new Uint8Array(clusters);
  for (const root of guardedRoots) clusterGuarded[clusterOf[uf.find(root)]] = 1;
  return {
    clusterOf,
    clusters,
    clusterSize,
    clusterStart,
    members,
    clusterMinScore,
    clusterGuarded,
    bestScore,
    matchedPairs,
    refusedMerges,
  };
}
