import { AliasMatcher } from '../match/alias-matcher';
import type { Postings } from '../search/bm25';
import { scoreBm25 } from '../search/bm25';
import { foldText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import type { DocumentRecord, EntityRecord, FigureKind, FigureRecord, PassageRecord } from '../index/types';
import type { IndexSource } from './source';

export interface PassageHit {
  passage: PassageRecord;
  document: DocumentRecord;
  score: number;
  /** Why it matched: the alias or figure found, then query and context terms the passage shares. */
  matched: string[];
  /** Character ranges in `passage.text` to emphasise, ascending. */
  highlights: [number, number][];
}

export interface FigureHit extends PassageHit {
  figure: FigureRecord;
}

export interface PassageAnswer {
  hits: PassageHit[];
  /** How many passages matched before `limit` cut the list. */
  total: number;
}

export interface EntityAnswer extends PassageAnswer {
  entity: Omit<EntityRecord, 'passages'>;
  documentCount: number;
}

export interface FigureAnswer {
  hits: FigureHit[];
  total: number;
}

/** How much a context word counts against a word of the mention itself. */
const CONTEXT_WEIGHT = 0.4;
/** A passage that names the entity outranks one that only shares context words. */
const ENTITY_BASE = 1;
export const DEFAULT_LIMIT = 10;

/** Kinds that count the same sort of thing, so "498 individuals" compares with "597 immigrants" arrested. */
const KIND_FAMILIES: readonly (readonly FigureKind[])[] = [
  ['arrests', 'people', 'immigrants', 'detainees', 'workers', 'apprehensions', 'refugees', 'children'],
  ['cities', 'states', 'countries'],
  ['days', 'weeks', 'years'],
];

export function comparableKinds(kind: FigureKind): readonly FigureKind[] {
  return KIND_FAMILIES.find((family) => family.includes(kind)) ?? [kind];
}

function termWeights(mention: string, context: string | undefined): Map<string, number> {
  const weights = new Map<string, number>();
  for (const term of tokenize(mention)) weights.set(term, 1);
  for (const term of tokenize(context ?? '')) if (!weights.has(term)) weights.set(term, CONTEXT_WEIGHT);
  return weights;
}

/** Newer documents first when scores tie: the reader most likely wants the latest account. */
function byScoreThenDate(a: PassageHit, b: PassageHit): number {
  return b.score - a.score || (b.document.date ?? '').localeCompare(a.document.date ?? '') || a.passage.id - b.passage.id;
}

function highlightTerms(text: string, terms: readonly string[]): [number, number][] {
  if (terms.length === 0) return [];
  const wanted = new Set(terms);
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:[.,'’][\p{L}\p{N}]+)*/gu)) {
    const [term] = tokenize(match[0]);
    if (term !== undefined && wanted.has(term)) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

async function attachDocuments(
  source: IndexSource,
  passages: readonly PassageRecord[],
): Promise<Map<number, DocumentRecord>> {
  const docs = await source.documents([...new Set(passages.map((p) => p.doc))]);
  return new Map(docs.map((d) => [d.id, d]));
}

async function postingsFor(source: IndexSource, weights: Map<string, number>): Promise<Map<string, Postings>> {
  return source.postings([...weights.keys()]);
}

export class QueryError extends Error {
  override name = 'QueryError';
  constructor(
    readonly code: 'not-found' | 'bad-request',
    message: string,
  ) {
    super(message);
  }
}

/** Passages that mention an entity, best first for the sentence around the mention. */
export async function passagesForEntity(
  source: IndexSource,
  request: { entityId: string; context?: string; limit?: number },
): Promise<EntityAnswer> {
  const entity = await source.entity(request.entityId);
  if (!entity) throw new QueryError('not-found', `no entity with id "${request.entityId}"`);
  const weights = termWeights(entity.name, request.context);
  const candidates = new Set(entity.passages);
  const [stats, postings, passages] = await Promise.all([
    source.stats(),
    postingsFor(source, weights),
    source.passages(entity.passages),
  ]);
  const scores = scoreBm25(stats, postings, weights, candidates);
  const documents = await attachDocuments(source, passages);
  const aliasMatcher = AliasMatcher.build(entity.aliases.map((alias) => ({ ...alias, entityId: entity.id })));

  const hits = passages.map((passage): PassageHit => {
    const folded = foldText(passage.text);
    const aliasHits = aliasMatcher.match(folded.text);
    const aliasRanges = aliasHits.map((hit): [number, number] => [folded.map[hit.start]!, folded.map[hit.end - 1]! + 1]);
    const aliasesSeen = [...new Set(aliasHits.map((hit) => folded.text.slice(hit.start, hit.end)))];
    const scored = scores.get(passage.id);
    const sharedTerms = scored?.terms ?? [];
    return {
      passage,
      document: documents.get(passage.doc)!,
      score: ENTITY_BASE + Math.log1p(aliasHits.length) + (scored?.score ?? 0),
      matched: [...aliasesSeen, ...sharedTerms.filter((t) => !aliasesSeen.some((a) => tokenize(a).includes(t)))],
      highlights: mergeRanges([...aliasRanges, ...highlightTerms(passage.text, sharedTerms)]),
    };
  });
  hits.sort(byScoreThenDate);
  const { passages: _omit, ...entityInfo } = entity;
  return {
    entity: entityInfo,
    documentCount: documents.size,
    total: hits.length,
    hits: hits.slice(0, request.limit ?? DEFAULT_LIMIT),
  };
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * Figures comparable to the one read on the page: same kind first, then the
 * same place or operation, then closeness of value and the sentence's words.
 */
export async function passagesForFigure(
  source: IndexSource,
  request: { kind: FigureKind; value: number; place?: string; operation?: string; context?: string; limit?: number },
): Promise<FigureAnswer> {
  const kinds = comparableKinds(request.kind);
  const figures = (await Promise.all(kinds.map((kind) => source.figuresOfKind(kind)))).flat();
  const weights = termWeights('', request.context);
  const [stats, postings, passages] = await Promise.all([
    source.stats(),
    postingsFor(source, weights),
    source.passages([...new Set(figures.map((f) => f.passage))]),
  ]);
  const passageById = new Map(passages.map((p) => [p.id, p]));
  const context = scoreBm25(stats, postings, weights, new Set(passageById.keys()));
  const documents = await attachDocuments(source, passages);

  const hits = figures.map((figure): FigureHit => {
    const passage = passageById.get(figure.passage)!;
    const matched = [figure.text];
    let score = figure.kind === request.kind ? 2 : 1;
    if (sameName(figure.place, request.place)) {
      score += 2;
      matched.push(figure.place!);
    }
    if (sameName(figure.operation, request.operation)) {
      score += 2;
      matched.push(figure.operation!);
    }
    if (request.value > 0 && figure.value > 0) score += 1 / (1 + Math.abs(Math.log10(figure.value / request.value)));
    const scored = context.get(passage.id);
    score += (scored?.score ?? 0) * 0.2;
    matched.push(...(scored?.terms ?? []));
    return {
      figure,
      passage,
      document: documents.get(passage.doc)!,
      score,
      matched,
      highlights: mergeRanges([[figure.start, figure.end], ...highlightTerms(passage.text, scored?.terms ?? [])]),
    };
  });
  hits.sort(byScoreThenDate);
  return { total: hits.length, hits: hits.slice(0, request.limit ?? DEFAULT_LIMIT) };
}

/** Free-text search: the words of `text` count fully, the surrounding `context` less. */
export async function passagesForText(
  source: IndexSource,
  request: { text: string; context?: string; limit?: number },
): Promise<PassageAnswer> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  const weights = termWeights(request.text, request.context);
  if (weights.size === 0) return { hits: [], total: 0 };
  const [stats, postings] = await Promise.all([source.stats(), postingsFor(source, weights)]);
  const scored = scoreBm25(stats, postings, weights);
  // Load only the leaders; a few spare places let the date tie-break reorder equal scores.
  const leaders = [...scored.values()].sort((a, b) => b.score - a.score).slice(0, 3 * limit);
  const passages = await source.passages(leaders.map((s) => s.passage));
  const documents = await attachDocuments(source, passages);
  const hits = passages.map((passage): PassageHit => {
    const { score, terms } = scored.get(passage.id)!;
    return {
      passage,
      document: documents.get(passage.doc)!,
      score,
      matched: terms,
      highlights: highlightTerms(passage.text, terms),
    };
  });
  hits.sort(byScoreThenDate);
  return { total: scored.size, hits: hits.slice(0, limit) };
}
