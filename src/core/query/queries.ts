import { AliasMatcher } from '../match/alias-matcher';
import type { Postings } from '../search/bm25';
import { scoreBm25 } from '../search/bm25';
import { foldText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import type { DocumentRecord, EntityRecord, FigureKind, FigureRecord, PassageRecord } from '../index/types';
import { sentenceSpan } from '../text/sentences';
import { findDiscrepancies, termsToWeigh, type Discrepancy } from './discrepancies';
import { comparableKinds } from './kinds';
import type { IndexSource } from './source';

export { comparableKinds };

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
  /** Where two documents give different numbers for what reads as the event of a leading hit. */
  discrepancies: Discrepancy[];
}

/** How much a context word counts against a word of the mention itself. */
const CONTEXT_WEIGHT = 0.4;
/** A passage that names the entity outranks one that only shares context words. */
const ENTITY_BASE = 1;
export const DEFAULT_LIMIT = 10;

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

/**
 * Mentions of the entity, counting "Customs and Border Protection (CBP)" once: a name
 * followed by its acronym is one mention, not a passage that dwells on the entity.
 */
function countMentions(text: string, hits: readonly { start: number; end: number }[]): number {
  let count = 0;
  let previousEnd = -1;
  for (const hit of hits) {
    if (previousEnd < 0 || !/^[\s(\[]*$/.test(text.slice(previousEnd, hit.start))) count++;
    previousEnd = hit.end;
  }
  return count;
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
export interface EntityRequest {
  entityId: string;
  /** The sentence around the mention on the page. */
  context?: string;
  limit?: number;
}

export interface FigureRequest {
  kind: FigureKind;
  value: number;
  /** The mention as written on the page ("nearly 600 arrests"); its words are left out of the context. */
  text?: string;
  place?: string;
  operation?: string;
  context?: string;
  limit?: number;
}

export interface TextRequest {
  text: string;
  context?: string;
  limit?: number;
}

export async function passagesForEntity(source: IndexSource, request: EntityRequest): Promise<EntityAnswer> {
  const entity = await source.entity(request.entityId);
  if (!entity) throw new QueryError('not-found', `no entity with id "${request.entityId}"`);
  // Every candidate names the entity, so scoring its name only rewards passages that spell
  // it out in full: rank on the page sentence and let the mention count add the entity's weight.
  const weights = termWeights('', request.context);
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
    const mentions = countMentions(folded.text, aliasHits);
    const aliasRanges = aliasHits.map((hit): [number, number] => [folded.map[hit.start]!, folded.map[hit.end - 1]! + 1]);
    const aliasesSeen = [...new Set(aliasHits.map((hit) => folded.text.slice(hit.start, hit.end)))];
    const scored = scores.get(passage.id);
    const sharedTerms = scored?.terms ?? [];
    return {
      passage,
      document: documents.get(passage.doc)!,
      score: ENTITY_BASE + Math.log1p(mentions) + (scored?.score ?? 0),
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

/** Values within this ratio may be the same count reported differently ("close to 600" and 597). */
const SAME_COUNT_RATIO = 1.1;
const SAME_COUNT_BONUS = 1.5;
/** A figure of the very kind asked outranks one of a merely comparable kind, all else equal. */
const SAME_KIND_SCORE = 2;
const COMPARABLE_KIND_SCORE = 1;
/** A figure of the same place or operation is the best comparison a card can offer. */
const NAME_WEIGHT = 2;
/** The page sentence against the whole passage: which passage tells the same story. */
const PASSAGE_CONTEXT_WEIGHT = 0.2;
/** The page sentence against the figure's own sentence: which figure of that passage is meant. */
const SENTENCE_CONTEXT_WEIGHT = 0.3;

/**
 * A gentle slope that orders far values by magnitude, plus a sharp bonus for
 * nearly equal values: on a card, the same number is the strongest sign of the
 * same count, stronger than the noun it was counted with.
 */
function valueCloseness(value: number, wanted: number): number {
  if (value <= 0 || wanted <= 0) return 0;
  const distance = Math.abs(Math.log(value / wanted));
  const slope = 1 / (1 + distance / Math.LN10);
  return slope + SAME_COUNT_BONUS * Math.max(0, 1 - distance / Math.log(SAME_COUNT_RATIO));
}

function isSameCount(value: number, wanted: number): boolean {
  return value > 0 && wanted > 0 && Math.abs(Math.log(value / wanted)) <= Math.log(SAME_COUNT_RATIO);
}

/**
 * How well a figure's place or operation matches the page, 0 to 1: the name read
 * on the page (its share of words in common, so "Los Angeles" partly matches
 * "Los Angeles County"), or 1 when the page sentence holds every word of the
 * name (the page may name the place where no extractor reads it; a single
 * shared word like "city" or "Texas" proves too little).
 */
function nameMatch(name: string | undefined, requested: string | undefined, contextTerms: ReadonlySet<string>): number {
  if (name === undefined) return 0;
  if (sameName(name, requested)) return 1;
  const nameTerms = new Set(tokenize(name));
  if (nameTerms.size === 0) return 0;
  const requestedTerms = new Set(tokenize(requested ?? ''));
  const common = [...nameTerms].filter((t) => requestedTerms.has(t)).length;
  const byRequest = common / new Set([...nameTerms, ...requestedTerms]).size;
  return [...nameTerms].every((t) => contextTerms.has(t)) ? 1 : byRequest;
}

/** BM25's inverse document frequency, for weighing words outside a whole-passage score. */
function inverseFrequency(passageCount: number, postings: Postings | undefined): number {
  const df = (postings?.length ?? 0) / 2;
  return df === 0 ? 0 : Math.log(1 + (passageCount - df + 0.5) / (df + 0.5));
}

/**
 * Figures comparable to the one read on the page: same kind first, then the
 * same place or operation, then closeness of value and the sentence's words.
 * Also reports where two documents disagree on the event of a leading figure.
 */
export async function passagesForFigure(source: IndexSource, request: FigureRequest): Promise<FigureAnswer> {
  const kinds = comparableKinds(request.kind);
  const figures = (await Promise.all(kinds.map((kind) => source.figuresOfKind(kind)))).flat();
  const weights = termWeights('', request.context);
  // The mention's own words ("nearly 600 arrests") are weighed by value and kind; as context
  // words they would favour every passage that repeats the noun. Without its text, drop the
  // number and the kind's noun at least.
  for (const term of [...tokenize(request.text ?? ''), String(request.value), ...tokenize(request.kind)]) {
    weights.delete(term);
  }
  const [stats, postings, passages] = await Promise.all([
    source.stats(),
    postingsFor(source, weights),
    source.passages([...new Set(figures.map((f) => f.passage))]),
  ]);
  const passageById = new Map(passages.map((p) => [p.id, p]));
  const context = scoreBm25(stats, postings, weights, new Set(passageById.keys()));
  const documents = await attachDocuments(source, passages);
  const contextTerms = new Set(weights.keys());
  const passageCount = stats.lengths.length;

  const hits = figures.map((figure): FigureHit => {
    const passage = passageById.get(figure.passage)!;
    const matched = [figure.text];
    let score = figure.kind === request.kind ? SAME_KIND_SCORE : COMPARABLE_KIND_SCORE;
    for (const [name, requested] of [
      [figure.place, request.place],
      [figure.operation, request.operation],
    ] as const) {
      const match = nameMatch(name, requested, contextTerms);
      score += NAME_WEIGHT * match;
      if (match > 0) matched.push(name!);
    }
    score += valueCloseness(figure.value, request.value);
    const scored = context.get(passage.id);
    score += (scored?.score ?? 0) * PASSAGE_CONTEXT_WEIGHT;
    const terms = scored?.terms ?? [];
    if (terms.length > 0) {
      const sentence = sentenceSpan(passage.text, figure.start, figure.end);
      const inSentence = new Set(tokenize(passage.text.slice(sentence.start, sentence.end)));
      for (const term of terms.filter((t) => inSentence.has(t))) {
        score += SENTENCE_CONTEXT_WEIGHT * weights.get(term)! * inverseFrequency(passageCount, postings.get(term));
      }
    }
    const figureTerms = new Set(tokenize(matched.join(' ')));
    matched.push(...terms.filter((term) => !figureTerms.has(term)));
    return {
      figure,
      passage,
      document: documents.get(passage.doc)!,
      score,
      matched,
      highlights: mergeRanges([[figure.start, figure.end], ...highlightTerms(passage.text, terms)]),
    };
  });
  hits.sort(byScoreThenDate);
  const shown = hits.slice(0, request.limit ?? DEFAULT_LIMIT);
  const discrepancies = await discrepanciesAround(source, request.value, shown, hits, passageCount);
  return { total: hits.length, hits: shown, discrepancies };
}

/**
 * Discrepancies involving the leading hit or a shown hit of the page's value,
 * checked against every comparable figure. Only the words those pairs share are
 * looked up for their rarity, so the IndexedDB source reads a few term buckets.
 */
async function discrepanciesAround(
  source: IndexSource,
  value: number,
  shown: readonly FigureHit[],
  all: readonly FigureHit[],
  passageCount: number,
): Promise<Discrepancy[]> {
  const leading = shown.filter((hit, rank) => rank === 0 || isSameCount(hit.figure.value, value));
  const involving = new Set(leading.map((hit) => hit.figure.id));
  const terms = termsToWeigh(all, { involving });
  const postings = terms.length > 0 ? await source.postings(terms) : new Map<string, Postings>();
  const rarity = { passageCount, documentFrequency: (term: string) => (postings.get(term)?.length ?? 0) / 2 };
  return findDiscrepancies(all, rarity, { involving });
}

/** Free-text search: the words of `text` count fully, the surrounding `context` less. */
export async function passagesForText(source: IndexSource, request: TextRequest): Promise<PassageAnswer> {
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
