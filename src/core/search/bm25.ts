/**
 * Okapi BM25 over passages. The index is a plain object so it serialises into
 * the corpus index and packs into IndexedDB buckets unchanged.
 */

export interface Bm25Parameters {
  /** Term-frequency saturation; 1.2–2.0 is usual for short passages. */
  k1: number;
  /** Length normalisation, 0 (none) to 1 (full); 0.75 is the common default. */
  b: number;
}

export const DEFAULT_BM25: Bm25Parameters = { k1: 1.2, b: 0.75 };

export interface Bm25Stats extends Bm25Parameters {
  /** Term count of each passage, by passage index. */
  lengths: number[];
  avgLength: number;
}

/** Postings of one term: flat pairs `[passage, termFrequency, passage, termFrequency, …]`, passages ascending. */
export type Postings = readonly number[];

export interface Bm25Index extends Bm25Stats {
  postings: Record<string, number[]>;
}

export function buildBm25(passageTerms: readonly (readonly string[])[], params = DEFAULT_BM25): Bm25Index {
  const postings: Record<string, number[]> = Object.create(null);
  const lengths = passageTerms.map((terms) => terms.length);
  passageTerms.forEach((terms, passage) => {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) (postings[term] ??= []).push(passage, tf);
  });
  const total = lengths.reduce((sum, n) => sum + n, 0);
  return { ...params, lengths, avgLength: lengths.length ? total / lengths.length : 0, postings };
}

export interface ScoredPassage {
  passage: number;
  score: number;
  /** Query terms found in the passage. */
  terms: string[];
}

/**
 * Scores passages containing any query term. `only`, when given, limits
 * scoring to those passages (e.g. the passages that mention an entity).
 * `weights` scales a term's contribution (context words count less than the mention).
 */
export function scoreBm25(
  stats: Bm25Stats,
  postingsByTerm: ReadonlyMap<string, Postings>,
  weights: ReadonlyMap<string, number>,
  only?: ReadonlySet<number>,
): Map<number, ScoredPassage> {
  const n = stats.lengths.length;
  const results = new Map<number, ScoredPassage>();
  for (const [term, weight] of weights) {
    const postings = postingsByTerm.get(term);
    if (!postings || postings.length === 0) continue;
    const df = postings.length / 2;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let i = 0; i < postings.length; i += 2) {
      const passage = postings[i]!;
      if (only && !only.has(passage)) continue;
      const tf = postings[i + 1]!;
      const length = stats.lengths[passage] ?? stats.avgLength;
      const norm = tf + stats.k1 * (1 - stats.b + (stats.b * length) / (stats.avgLength || 1));
      const score = weight * idf * ((tf * (stats.k1 + 1)) / norm);
      const entry = results.get(passage);
      if (entry) {
        entry.score += score;
        entry.terms.push(term);
      } else results.set(passage, { passage, score, terms: [term] });
    }
  }
  return results;
}

/** BM25 scores of every passage at once, for ranking thousands of candidates without an object each. */
export interface DenseBm25 {
  /** By passage index; exactly `scoreBm25`'s score where a query term matched, 0 elsewhere. */
  scores: Float64Array;
  /**
   * By passage index, where a query term matched: the sum of `termValues` of
   * the query terms the passage holds, in `weights` order; 0 elsewhere,
   * passages outside `only` included. Empty when no `termValues` were given.
   */
  termSums: Float64Array;
  /** Query terms found in `passage`, in `weights` order (as `scoreBm25` lists them). */
  termsOf(passage: number): string[];
}

/**
 * `scoreBm25` as an array by passage index; terms are looked up only for the
 * passages asked about. `only` may also be given as a mask by passage index (1
 * for a passage to score), for a set of passages that many queries share.
 * `termValues`, when given, are summed by passage in the same pass over the
 * postings (`termSums`).
 */
export function scoreBm25Dense(
  stats: Bm25Stats,
  postingsByTerm: ReadonlyMap<string, Postings>,
  weights: ReadonlyMap<string, number>,
  only?: ReadonlySet<number> | Uint8Array,
  termValues?: ReadonlyMap<string, number>,
): DenseBm25 {
  const n = stats.lengths.length;
  const allowed = only instanceof Uint8Array ? only : only && passageMask(n, only);
  const scores = new Float64Array(n);
  const termSums = new Float64Array(termValues ? n : 0);
  // Locals, not property reads for each posting: the loop may run before V8 optimises it.
  const { lengths, avgLength, k1, b } = stats;
  for (const [term, weight] of weights) {
    const postings = postingsByTerm.get(term);
    if (!postings || postings.length === 0) continue;
    const df = postings.length / 2;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const value = termValues?.get(term);
    for (let i = 0; i < postings.length; i += 2) {
      const passage = postings[i]!;
      if (allowed && allowed[passage] !== 1) continue;
      const tf = postings[i + 1]!;
      const length = lengths[passage] ?? avgLength;
      const norm = tf + k1 * (1 - b + (b * length) / (avgLength || 1));
      scores[passage] = scores[passage]! + weight * idf * ((tf * (k1 + 1)) / norm);
      if (value !== undefined) termSums[passage] = termSums[passage]! + value;
    }
  }
  // Listed once for every passage asked about.
  const terms = [...weights.keys()];
  const termPostings = terms.map((term) => postingsByTerm.get(term));
  return {
    scores,
    termSums,
    termsOf: (passage) => {
      if (allowed && allowed[passage] !== 1) return [];
      return terms.filter((_, at) => hasPassage(termPostings[at], passage));
    },
  };
}

/** By passage index below `passageCount`, 1 for each of `passages`: the mask `scoreBm25Dense` takes as `only`. */
export function passageMask(passageCount: number, passages: Iterable<number>): Uint8Array {
  const mask = new Uint8Array(passageCount);
  for (const passage of passages) if (passage < passageCount) mask[passage] = 1;
  return mask;
}

/** Binary search of flat `[passage, tf, …]` postings, passages ascending. */
function hasPassage(postings: Postings | undefined, passage: number): boolean {
  if (!postings) return false;
  let low = 0;
  let high = postings.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = postings[2 * middle]!;
    if (found === passage) return true;
    if (found < passage) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
