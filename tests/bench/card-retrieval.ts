/**
 * Our passage retrieval against MiniSearch over the same passages, in Node:
 * index size, build time, and latency for the card's own requests. MiniSearch
 * is set up as a careful user would for BM25-like ranking on one field: no
 * prefix or fuzzy expansion, queried with the mention and its sentence.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { CorpusIndex } from '../../src/core/index/format';
import { passagesForEntity, passagesForFigure, passagesForText, prepareQueries, DEFAULT_LIMIT } from '../../src/core/query/queries';
import { memorySource, type IndexSource } from '../../src/core/query/source';
import { buildBm25 } from '../../src/core/search/bm25';
import { tokenize } from '../../src/core/text/tokenize';
import { median } from './bench';
import type { CardAnswer, CardRequest, RecordedLookup } from './card-page-entry';

interface PassageDocument {
  id: number;
  text: string;
}

const MINISEARCH_OPTIONS: Options<PassageDocument> = {
  fields: ['text'],
  searchOptions: { fields: ['text'], prefix: false, fuzzy: false },
};

export interface RetrievalComparison {
  /** JSON of our BM25 index (postings, passage lengths, parameters). */
  oursBytes: number;
  /** `JSON.stringify(miniSearch)`. */
  peerBytes: number;
  oursBuildMs: number;
  peerBuildMs: number;
  /** The card's query (passagesForEntity / passagesForFigure) per lookup. */
  cardMs: number[];
  /** Plain BM25 search (passagesForText) with the mention and its sentence, per lookup. */
  textMs: number[];
  /** MiniSearch with the mention and its sentence, best DEFAULT_LIMIT taken, per lookup. */
  peerMs: number[];
}

function ask(source: IndexSource, { type, request }: CardRequest): Promise<CardAnswer> {
  return type === 'entity' ? passagesForEntity(source, request) : passagesForFigure(source, request);
}

/** The words a reader's mention brings: the mention and the sentence it sits in. */
function queryText(lookup: RecordedLookup): string {
  return `${lookup.mention} ${lookup.request.request.context ?? ''}`.trim();
}

async function timed<T>(work: () => T | Promise<T>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Builds both indexes `runs` times (median build time), then runs the lookups
 * in order, ours and the peer's interleaved so both meet the same machine
 * load. The first `warmup` lookups run once untimed first (JIT). Stops early
 * once `budgetMs` of query time has passed.
 */
export async function compareRetrieval(
  index: CorpusIndex,
  lookups: readonly RecordedLookup[],
  { runs, warmup, budgetMs }: { runs: number; warmup: number; budgetMs: number },
): Promise<RetrievalComparison> {
  const documents: PassageDocument[] = index.passages.map((p) => ({ id: p.id, text: p.text }));
  const oursBuild: number[] = [];
  const peerBuild: number[] = [];
  let miniSearch = new MiniSearch(MINISEARCH_OPTIONS);
  for (let run = 0; run < runs; run++) {
    oursBuild.push(await timed(() => buildBm25(index.passages.map((p) => tokenize(p.text)), index.bm25)));
    const fresh = new MiniSearch(MINISEARCH_OPTIONS);
    peerBuild.push(await timed(() => fresh.addAll(documents)));
    miniSearch = fresh;
  }

  const source = memorySource(index);
  const peer = (lookup: RecordedLookup) => miniSearch.search(queryText(lookup)).slice(0, DEFAULT_LIMIT);
  const text = (lookup: RecordedLookup) =>
    passagesForText(source, { text: lookup.mention, ...(lookup.request.request.context ? { context: lookup.request.request.context } : {}) });
  for (const lookup of lookups.slice(0, warmup)) {
    await ask(source, lookup.request);
    await text(lookup);
    peer(lookup);
  }
  const cardMs: number[] = [];
  const textMs: number[] = [];
  const peerMs: number[] = [];
  const started = performance.now();
  for (const lookup of lookups) {
    if (performance.now() - started >= budgetMs) break;
    cardMs.push(await timed(() => ask(source, lookup.request)));
    textMs.push(await timed(() => text(lookup)));
    peerMs.push(await timed(() => peer(lookup)));
  }
  return {
    oursBytes: Buffer.byteLength(JSON.stringify(index.bm25)),
    peerBytes: Buffer.byteLength(JSON.stringify(miniSearch)),
    oursBuildMs: median(oursBuild),
    peerBuildMs: median(peerBuild),
    cardMs,
    textMs,
    peerMs,
  };
}

/** Milliseconds per function in a CPU profile, self and inclusive (each function counted once per sample). */
export interface ProfileSummary {
  self: [string, number][];
  inclusive: [string, number][];
}

/**
 * `--profile`: the card's queries for `lookups` (until `budgetMs`) under the
 * V8 profiler, in this process.
 */
export async function profileCardQueries(
  index: CorpusIndex,
  lookups: readonly RecordedLookup[],
  budgetMs: number,
): Promise<import('node:inspector').Profiler.Profile> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  const source = memorySource(index);
  // As the worker does once it has read its index: the profile is of the cards' own work.
  await prepareQueries(source);
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const started = performance.now();
    for (const lookup of lookups) {
      if (performance.now() - started >= budgetMs) break;
      await ask(source, lookup.request);
    }
    const { profile } = await session.post('Profiler.stop');
    return profile;
  } finally {
    session.disconnect();
  }
}

export function summarize(profile: import('node:inspector').Profiler.Profile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (id: number) => {
    const frame = nodes.get(id)!.callFrame;
    return `${frame.functionName || '(anonymous)'} (${frame.url.split('/').slice(-2).join('/')})`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  profile.samples?.forEach((id, i) => {
    const ms = (profile.timeDeltas?.[i] ?? 0) / 1000;
    self.set(name(id), (self.get(name(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(at);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  });
  const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, 20);
  return { self: top(self), inclusive: top(inclusive) };
}
