import type { AliasMatcher } from '../match/alias-matcher';
import { countMentions, entityMatcher } from '../match/entity-mentions';
import type { Postings } from '../search/bm25';
import { passageMask, scoreBm25, scoreBm25Dense } from '../search/bm25';
import { foldString, foldText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import { FIGURE_KINDS, type DocumentRecord, type EntityRecord, type FigureKind, type FigureRecord, type PassageRecord } from '../index/types';
import { sentenceSpan } from '../text/sentences';
import {
  mayRetell,
  retellingRange,
  searchDiscrepancies,
  type Discrepancy,
  type DiscrepancyOptions,
  type FigureSource,
} from './discrepancies';
import { compiledReading, sentenceTermsAt, type FigureText } from './figure-reading';
import { comparableKinds, KINDS_OF_ANYTHING } from './kinds';
import { holdsPageSentence } from './page-sentence';
import { orderByValue, positionsInRange, type ValueOrder } from './value-order';
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
  entity: Omit<EntityRecord, 'passages' | 'mentions'>;
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

type Ranked = Pick<PassageHit, 'passage' | 'document' | 'score'>;

/** Newer documents first when scores tie: the reader most likely wants the latest account. */
function byScoreThenDate(a: Ranked, b: Ranked): number {
  return b.score - a.score || (b.document.date ?? '').localeCompare(a.document.date ?? '') || a.passage.id - b.passage.id;
}

/** The `limit`-th highest of `scores`: nothing lower can make the first `limit` places. */
function limitScore(scores: Float64Array, limit: number): number {
  if (limit <= 0) return Infinity;
  if (scores.length <= limit) return -Infinity;
  // The `limit` highest so far, ascending: one pass, instead of sorting thousands of scores.
  const highest = scores.slice(0, limit).sort();
  for (let at = limit; at < scores.length; at++) {
    const score = scores[at]!;
    if (score <= highest[0]!) continue;
    let slot = 0;
    while (slot + 1 < limit && highest[slot + 1]! < score) {
      highest[slot] = highest[slot + 1]!;
      slot++;
    }
    highest[slot] = score;
  }
  return highest[0]!;
}

/** Positions of the scores that can make the first `limit` places, ties included so a tie-break can still choose. */
function leadersOf(scores: Float64Array, limit: number): number[] {
  const lowest = limitScore(scores, limit);
  const leaders: number[] = [];
  for (let at = 0; at < scores.length; at++) if (scores[at]! >= lowest) leaders.push(at);
  return leaders;
}

/** `leadersOf`, less the positions `ruledOut` rejects (their scores are cleared), each replaced by the next in line. */
function leadersExcept(scores: Float64Array, limit: number, ruledOut: (at: number) => boolean): number[] {
  for (;;) {
    const leaders = leadersOf(scores, limit).filter((at) => scores[at] !== Number.NEGATIVE_INFINITY);
    const out = leaders.filter(ruledOut);
    if (out.length === 0) return leaders;
    for (const at of out) scores[at] = Number.NEGATIVE_INFINITY;
  }
}

/**
 * The search term each word of prose stands for. Cards highlight the same
 * passages' words again and again, so each word is tokenized once for all of
 * them; the corpus's vocabulary bounds the map, and `MAX_WORD_TERMS` bounds it
 * should pages bring other words.
 */
const wordTerms = new Map<string, string | undefined>();
const MAX_WORD_TERMS = 200_000;

function termOfWord(word: string): string | undefined {
  let term = wordTerms.get(word);
  if (term === undefined && !wordTerms.has(word)) {
    if (wordTerms.size >= MAX_WORD_TERMS) wordTerms.clear();
    term = tokenize(word)[0];
    wordTerms.set(word, term);
  }
  return term;
}

/** Where a passage's words are and the search term each stands for, with the text they were read from. */
interface PassageWords {
  text: string;
  starts: number[];
  ends: number[];
  terms: (string | undefined)[];
}

/** By passage: cards highlight the same passages again and again, so each is split into words once. */
const wordsByPassage = new WeakMap<PassageRecord, PassageWords>();

function wordsOf(passage: PassageRecord): PassageWords {
  const known = wordsByPassage.get(passage);
  if (known && known.text === passage.text) return known;
  const words: PassageWords = { text: passage.text, starts: [], ends: [], terms: [] };
  for (const match of passage.text.matchAll(/[\p{L}\p{N}]+(?:[.,'’][\p{L}\p{N}]+)*/gu)) {
    words.starts.push(match.index);
    words.ends.push(match.index + match[0].length);
    words.terms.push(termOfWord(match[0]));
  }
  wordsByPassage.set(passage, words);
  return words;
}

function highlightTerms(passage: PassageRecord, terms: readonly string[]): [number, number][] {
  if (terms.length === 0) return [];
  const wanted = new Set(terms);
  const words = wordsOf(passage);
  const ranges: [number, number][] = [];
  for (let at = 0; at < words.terms.length; at++) {
    const term = words.terms[at];
    if (term !== undefined && wanted.has(term)) ranges.push([words.starts[at]!, words.ends[at]!]);
  }
  return ranges;
}

/** Shared words a card highlights in a passage: more would mark most of a paragraph's words. */
export const HIGHLIGHTED_TERMS = 5;

/**
 * Why a passage matched, from the query terms it shares: each as the passage writes it
 * ("Customs", not the term "custom"), the most telling first (by `tellingOf`: rare words of the
 * page's sentence say more than common ones), and where the first few are, to highlight.
 */
function explainShared(
  passage: PassageRecord,
  terms: readonly string[],
  tellingOf: (term: string) => number,
): { words: string[]; highlights: [number, number][] } {
  const ordered = [...terms].sort((a, b) => tellingOf(b) - tellingOf(a));
  const { terms: passageTerms, starts, ends } = wordsOf(passage);
  const words = ordered.map((term) => {
    const at = passageTerms.indexOf(term);
    return at < 0 ? term : passage.text.slice(starts[at], ends[at]);
  });
  return { words, highlights: highlightTerms(passage, ordered.slice(0, HIGHLIGHTED_TERMS)) };
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

/**
 * What every card of one entity starts from, kept by source and entity: an
 * entity may be named in thousands of passages.
 */
interface EntityPassages {
  /** `entity.passages` as the source holds them, in that order. */
  passages: PassageRecord[];
  /** Distinct documents of `passages`, as the source holds them. */
  documentCount: number;
  /** By position in `passages`: the score its mentions of the entity give it, before the page's sentence. */
  baseScores: Float64Array;
  matcher: AliasMatcher;
  /** By passage id, read when a card first shows the passage: the cards of one entity show the same passages. */
  aliasReadings: Map<number, AliasReading>;
}

/** Where a passage names the entity, and the aliases it names it by, in order of appearance. */
interface AliasReading {
  ranges: [number, number][];
  seen: string[];
}

function readAliases(matcher: AliasMatcher, passage: PassageRecord): AliasReading {
  const folded = foldText(passage.text);
  const hits = matcher.match(folded.text);
  return {
    ranges: hits.map((hit): [number, number] => [folded.map[hit.start]!, folded.map[hit.end - 1]! + 1]),
    seen: [...new Set(hits.map((hit) => folded.text.slice(hit.start, hit.end)))],
  };
}

const entityPassagesBySource = new WeakMap<IndexSource, WeakMap<EntityRecord, Promise<EntityPassages>>>();

function entityPassages(source: IndexSource, entity: EntityRecord): Promise<EntityPassages> {
  let bySource = entityPassagesBySource.get(source);
  if (!bySource) entityPassagesBySource.set(source, (bySource = new WeakMap()));
  let known = bySource.get(entity);
  if (!known) {
    known = readEntityPassages(source, entity);
    bySource.set(entity, known);
    // A failed read is not kept: the next card asks again.
    known.catch(() => bySource.delete(entity));
  }
  return known;
}

async function readEntityPassages(source: IndexSource, entity: EntityRecord): Promise<EntityPassages> {
  const passages = await source.passages(entity.passages);
  const documents = await source.documents([...new Set(passages.map((p) => p.doc))]);
  const matcher = entityMatcher(entity);
  // `passages` follows `entity.passages`, less any the source lacks.
  const baseScores = new Float64Array(passages.length);
  let listed = 0;
  passages.forEach((passage, at) => {
    while (listed < entity.passages.length && entity.passages[listed] !== passage.id) listed++;
    const mentions = entity.mentions?.[listed] ?? countMentions(matcher, foldString(passage.text));
    baseScores[at] = ENTITY_BASE + Math.log1p(mentions);
  });
  return { passages, documentCount: documents.length, baseScores, matcher, aliasReadings: new Map() };
}

/** By position in `passages`: its mentions' score plus its score for the page's sentence. */
function entityScores(passages: readonly PassageRecord[], baseScores: Float64Array, contextScores: Float64Array): Float64Array {
  const scores = new Float64Array(passages.length);
  for (let at = 0; at < passages.length; at++) scores[at] = baseScores[at]! + contextScores[passages[at]!.id]!;
  return scores;
}

export async function passagesForEntity(source: IndexSource, request: EntityRequest): Promise<EntityAnswer> {
  const entity = await source.entity(request.entityId);
  if (!entity) throw new QueryError('not-found', `no entity with id "${request.entityId}"`);
  // Every candidate names the entity, so scoring its name only rewards passages that spell
  // it out in full: rank on the page sentence and let the mention count add the entity's weight.
  const weights = termWeights('', request.context);
  const [stats, postings, { passages, documentCount, baseScores, matcher: aliasMatcher, aliasReadings }] = await Promise.all([
    source.stats(),
    postingsFor(source, weights),
    entityPassages(source, entity),
  ]);
  // A mask per card from the entity's list (a few µs): kept for every entity, masks would cost entities × passages bytes.
  const context = scoreBm25Dense(stats, postings, weights, passageMask(stats.lengths.length, entity.passages));
  const tellingOf = tellingBy(weights, postings, stats.lengths.length);

  // Rank every passage on its score alone; only those shown get highlights and "why it matched".
  const scores = entityScores(passages, baseScores, context.scores);
  const limit = request.limit ?? DEFAULT_LIMIT;
  // The reader's own paragraph ranks first on its own sentence: it is ruled out, and the next in line shown.
  const isPageText = holdsPageSentence(request.context);
  const leaders = leadersExcept(scores, limit, (at) => isPageText(passages[at]!));
  const documents = await attachDocuments(source, leaders.map((at) => passages[at]!));
  const ranked = leaders
    .map((at): Ranked => ({ passage: passages[at]!, document: documents.get(passages[at]!.doc)!, score: scores[at]! }))
    .sort(byScoreThenDate)
    .slice(0, limit);
  const hits = ranked.map(({ passage, document, score }): PassageHit => {
    let aliases = aliasReadings.get(passage.id);
    if (!aliases) aliasReadings.set(passage.id, (aliases = readAliases(aliasMatcher, passage)));
    const { ranges: aliasRanges, seen: aliasesSeen } = aliases;
    const sharedTerms = context.termsOf(passage.id).filter((t) => !aliasesSeen.some((a) => tokenize(a).includes(t)));
    const shared = explainShared(passage, sharedTerms, tellingOf);
    return {
      passage,
      document,
      score,
      matched: [...aliasesSeen, ...shared.words],
      highlights: mergeRanges([...aliasRanges, ...shared.highlights]),
    };
  });
  const { passages: _passages, mentions: _mentions, ...entityInfo } = entity;
  return {
    entity: entityInfo,
    documentCount,
    total: passages.length,
    hits,
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
function nameMatch(name: string, requested: string | undefined, contextTerms: ReadonlySet<string>): number {
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

/** What a shared term adds to a passage's score, before its frequency there: how telling it is. */
function tellingBy(weights: ReadonlyMap<string, number>, postings: ReadonlyMap<string, Postings>, passageCount: number): (term: string) => number {
  return (term) => (weights.get(term) ?? 0) * inverseFrequency(passageCount, postings.get(term));
}

/** A card notes at most this many discrepancies: a large corpus may retell one count many times. */
export const MAX_DISCREPANCIES = 3;
/**
 * Possible retellings of the leading figures read for discrepancies, the best
 * scored on their records first: each costs a sentence read, and a large
 * corpus may hold hundreds.
 */
export const MAX_COUNTERPARTS = 50;
/**
 * Room for rounding: a bound sums a passage's sentence weights apart from the
 * figure's other parts, so it may differ from the full score in the last bits.
 */
const BOUND_SLACK = 1e-9;

/**
 * The fields a card reads from every comparable figure, as columns. Figure
 * records come in many shapes (optional place, operation, date), which makes
 * reading a field from thousands of them slow. Kinds, values and names are ids
 * into the family's distinct ones (see `distinctIds`): a card weighs each
 * distinct one once, then each figure by its ids.
 */
interface FigureColumns {
  kindIds: Int32Array;
  valueIds: Int32Array;
  passages: Int32Array;
  placeIds: Int32Array;
  operationIds: Int32Array;
}

/** The figures of a family of comparable kinds, one list after the other, with their columns. */
interface FigureFamily {
  /** The source's lists it was joined from (those with figures). */
  lists: readonly (readonly FigureRecord[])[];
  figures: FigureRecord[];
  columns: FigureColumns;
  /** The distinct kinds, values, places and operations of the family's figures: id − 1 indexes them. */
  distinctKinds: FigureKind[];
  distinctValues: number[];
  distinctPlaces: string[];
  distinctOperations: string[];
  /** The figures' values ascending: a leading figure's retellings lie in a range of values. */
  byValue: ValueOrder;
  /** By passage id, 1 for a passage holding a figure of the family. */
  passageMask: Uint8Array;
}

/**
 * The distinct values of `items`, in order of first appearance, and each
 * item's id: one more than its value's index, 0 for none.
 */
function distinctIds<T>(items: readonly (T | undefined)[]): { ids: Int32Array; values: T[] } {
  const idOf = new Map<T, number>();
  const ids = Int32Array.from(items, (item) => {
    if (item === undefined) return 0;
    let id = idOf.get(item);
    if (id === undefined) idOf.set(item, (id = idOf.size + 1));
    return id;
  });
  return { ids, values: [...idOf.keys()] };
}

/** A source keeps its list of each kind, so a family is joined once per source, keyed by its first list. */
const familyByFirstList = new WeakMap<readonly FigureRecord[], FigureFamily>();

function familyOf(lists: readonly (readonly FigureRecord[])[]): FigureFamily {
  const held = lists.filter((list) => list.length > 0);
  const first = held[0];
  const cached = first && familyByFirstList.get(first);
  if (cached && cached.lists.length === held.length && cached.lists.every((list, at) => list === held[at])) return cached;
  const figures = ([] as FigureRecord[]).concat(...held);
  const passages = Int32Array.from(figures, (f) => f.passage);
  const kinds = distinctIds(figures.map((f) => f.kind));
  const values = distinctIds(figures.map((f) => f.value));
  const places = distinctIds(figures.map((f) => f.place));
  const operations = distinctIds(figures.map((f) => f.operation));
  const family: FigureFamily = {
    lists: held,
    figures,
    columns: { kindIds: kinds.ids, valueIds: values.ids, passages, placeIds: places.ids, operationIds: operations.ids },
    distinctKinds: kinds.values,
    distinctValues: values.values,
    distinctPlaces: places.values,
    distinctOperations: operations.values,
    byValue: orderByValue(Float64Array.from(figures, (f) => f.value)),
    passageMask: passageMask(passages.reduce((most, id) => Math.max(most, id + 1), 0), passages),
  };
  if (first) familyByFirstList.set(first, family);
  return family;
}

/**
 * The terms of a figure's sentence, by figure, with the passage text they were
 * read from: a figure is scored in full by many cards. The compiler has read
 * them for indexes of version 2; a card reads them for older ones.
 */
const sentenceTermsByFigure = new WeakMap<FigureRecord, { text: string; terms: ReadonlySet<string> }>();

function sentenceTerms(figure: FigureRecord, passage: PassageRecord, compiled: () => FigureText | undefined): ReadonlySet<string> {
  const known = sentenceTermsByFigure.get(figure);
  if (known && known.text === passage.text) return known.terms;
  const terms = new Set(compiled()?.sentenceTerms ?? sentenceTermsAt(passage.text, figure.start, figure.end));
  sentenceTermsByFigure.set(figure, { text: passage.text, terms });
  return terms;
}

interface ScoredFigure {
  figure: FigureRecord;
  /** Position among the comparable figures: equal figures keep the order they came in. */
  order: number;
  passage: PassageRecord;
  score: number;
}

/** The figures' order on the card: `byScoreThenDate` (a figure carries its document's date), then as they came. */
function byFigureRank(a: ScoredFigure, b: ScoredFigure): number {
  return (
    b.score - a.score ||
    (b.figure.date ?? '').localeCompare(a.figure.date ?? '') ||
    a.passage.id - b.passage.id ||
    a.order - b.order
  );
}

/** `weigh` of each of `values`, by the ids `distinctIds` gives them; 0 for none. */
function weighById<T>(values: readonly T[], weigh: (value: T) => number): Float64Array {
  const weights = new Float64Array(values.length + 1);
  values.forEach((value, at) => (weights[at + 1] = weigh(value)));
  return weights;
}

/**
 * What each kind, value, place and operation of a family scores for the page
 * (see `recordScores`), by id: many figures share one, so each is weighed once.
 */
interface RecordWeights {
  kinds: Float64Array;
  values: Float64Array;
  places: Float64Array;
  operations: Float64Array;
}

function recordWeights(family: FigureFamily, request: FigureRequest, contextTerms: ReadonlySet<string>): RecordWeights {
  return {
    kinds: weighById(family.distinctKinds, (kind) => (kind === request.kind ? SAME_KIND_SCORE : COMPARABLE_KIND_SCORE)),
    values: weighById(family.distinctValues, (value) => valueCloseness(value, request.value)),
    places: weighById(family.distinctPlaces, (place) => nameMatch(place, request.place, contextTerms)),
    operations: weighById(family.distinctOperations, (operation) => nameMatch(operation, request.operation, contextTerms)),
  };
}

/*
 * The loops over every comparable figure or passage live in functions of their
 * own: inside the long async query, V8 runs them several times slower.
 */

/**
 * Every figure's score from its record and its passage's score, no text read
 * (`partial`), and the most its sentence can add to that (`bound`).
 */
function recordScores(
  columns: FigureColumns,
  weights: RecordWeights,
  passageScores: Float64Array,
  sentenceMost: Float64Array,
): { partial: Float64Array; bound: Float64Array } {
  // Locals, not property reads each time round: the loop may run before V8 optimises it.
  const { kindIds, placeIds, operationIds, valueIds, passages } = columns;
  const { kinds: kindWeights, places: placeWeights, operations: operationWeights, values: valueWeights } = weights;
  const count = passages.length;
  const partial = new Float64Array(count);
  const bound = new Float64Array(count);
  for (let at = 0; at < count; at++) {
    // Adding a missing name's 0 leaves the score as it is.
    let score = kindWeights[kindIds[at]!]!;
    score += NAME_WEIGHT * placeWeights[placeIds[at]!]!;
    score += NAME_WEIGHT * operationWeights[operationIds[at]!]!;
    score += valueWeights[valueIds[at]!]!;
    const passage = passages[at]!;
    score += passageScores[passage]! * PASSAGE_CONTEXT_WEIGHT;
    partial[at] = score;
    bound[at] = score + sentenceMost[passage]! + BOUND_SLACK;
  }
  return { partial, bound };
}

/** Positions whose bound reaches `reachable`, highest bound first (a figure below it can never be shown). */
function reachableByBound(bound: Float64Array, reachable: number): number[] {
  const reaching: number[] = [];
  for (let at = 0; at < bound.length; at++) if (bound[at]! >= reachable) reaching.push(at);
  return reaching.sort((a, b) => bound[b]! - bound[a]!);
}

/**
 * Positions of the family's figures, not `shown`, that could count one thing
 * with one of `leading` in another document: the `most` best by `partial`, best
 * first. Only as many as needed are judged.
 */
function possibleRetellings(
  family: FigureFamily,
  leading: readonly FigureRecord[],
  shown: ReadonlySet<number>,
  partial: Float64Array,
  most: number,
): number[] {
  const { lowest, highest } = retellingRange(leading);
  const inRange: number[] = [];
  for (const at of positionsInRange(family.byValue, lowest, highest)) if (!shown.has(at)) inRange.push(at);
  inRange.sort((a, b) => partial[b]! - partial[a]! || a - b);
  const found: number[] = [];
  for (const at of inRange) {
    if (found.length >= most) break;
    if (mayRetell(leading, family.figures[at]!)) found.push(at);
  }
  return found;
}

/**
 * Figures comparable to the one read on the page: same kind first, then the
 * same place or operation, then closeness of value and the sentence's words.
 * Also reports where two documents disagree on the event of a leading figure.
 *
 * Reading a figure's sentence is the costly part of its score, and it can only
 * add to what the record alone gives; so figures are scored in full in order
 * of their best possible score, until no figure left can reach the shown ones.
 */
export async function passagesForFigure(source: IndexSource, request: FigureRequest): Promise<FigureAnswer> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  const kinds = comparableKinds(request.kind);
  const [lists, readings] = await Promise.all([Promise.all(kinds.map((kind) => source.figuresOfKind(kind))), source.figureReadings()]);
  const family = familyOf(lists);
  const { figures, columns } = family;
  const readingOf = (figure: FigureRecord) => compiledReading(readings, figure);
  const weights = termWeights('', request.context);
  // The mention's own words ("nearly 600 arrests") are weighed by value and kind; as context
  // words they would favour every passage that repeats the noun. Without its text, drop the
  // number and the kind's noun at least.
  for (const term of [...tokenize(request.text ?? ''), String(request.value), ...tokenize(request.kind)]) {
    weights.delete(term);
  }
  const [stats, postings] = await Promise.all([source.stats(), postingsFor(source, weights)]);
  const passageCount = stats.lengths.length;
  const contextTerms = new Set(weights.keys());
  const tellingOf = tellingBy(weights, postings, passageCount);
  const sentenceWeights = new Map([...contextTerms].map((term) => [term, SENTENCE_CONTEXT_WEIGHT * tellingOf(term)]));
  const context = scoreBm25Dense(stats, postings, weights, family.passageMask, sentenceWeights);
  // The most a figure's sentence can add, by passage: every context term the passage holds.
  const sentenceMost = context.termSums;
  const sharedTerms = new Map<number, string[]>();
  const termsOf = (passage: number): string[] => {
    let terms = sharedTerms.get(passage);
    if (!terms) sharedTerms.set(passage, (terms = context.termsOf(passage)));
    return terms;
  };

  const record = recordWeights(family, request, contextTerms);
  const { partial, bound } = recordScores(columns, record, context.scores, sentenceMost);

  const passages = new Map<number, PassageRecord>();
  const isPageText = holdsPageSentence(request.context);
  const needsSharedWord = KINDS_OF_ANYTHING.has(request.kind) && contextTerms.size > 0;
  const scoreInFull = async (batch: readonly number[]): Promise<ScoredFigure[]> => {
    const missing = [...new Set(batch.map((at) => figures[at]!.passage))].filter((id) => !passages.has(id));
    for (const passage of await source.passages(missing)) passages.set(passage.id, passage);
    return batch.flatMap((at) => {
      const figure = figures[at]!;
      const passage = passages.get(figure.passage)!;
      // Figures of the paragraph the reader is reading are the page's own, not comparisons.
      if (isPageText(passage)) return [];
      let score = partial[at]!;
      const terms = termsOf(figure.passage);
      const inSentence = terms.length > 0 ? sentenceTerms(figure, passage, () => readingOf(figure)) : new Set<string>();
      const shared = terms.filter((t) => inSentence.has(t));
      // The same amount is sign enough of the same story ("$4.6 billion" voted, or in funding).
      if (needsSharedWord && shared.length === 0 && !isSameCount(figure.value, request.value)) return [];
      for (const term of shared) score += sentenceWeights.get(term)!;
      return [{ figure, order: at, passage, score }];
    });
  };

  // A figure whose bound is below the limit-th best record score can never be shown: skip it unsorted.
  const byBound = reachableByBound(bound, limitScore(partial, limit));
  let leaders: ScoredFigure[] = [];
  for (let next = 0; next < byBound.length; ) {
    const last = leaders[limit - 1];
    // Ties on the score still order by date, so only a bound below the last shown score rules a figure out.
    if (last && bound[byBound[next]!]! < last.score) break;
    const batch = byBound.slice(next, next + limit);
    next += batch.length;
    leaders = [...leaders, ...(await scoreInFull(batch))].sort(byFigureRank).slice(0, limit);
  }

  // Shown figures of the page's value may be retold differently elsewhere: their possible
  // counterparts are found on the records, and only those are read and scored.
  const leading = leaders.filter((leader, rank) => rank === 0 || isSameCount(leader.figure.value, request.value));
  const shown = new Set(leaders.map((leader) => leader.order));
  const leadingFigures = leading.map((leader) => leader.figure);
  const counterparts = possibleRetellings(family, leadingFigures, shown, partial, MAX_COUNTERPARTS);
  const compared = [...leaders, ...(await scoreInFull(counterparts))].sort(byFigureRank);
  const documents = await attachDocuments(source, compared.map((c) => c.passage));

  const hitsByOrder = new Map<number, FigureHit>();
  const hitOf = ({ figure, order, passage, score }: ScoredFigure): FigureHit => {
    let hit = hitsByOrder.get(order);
    if (!hit) {
      const matched = [figure.text];
      if (record.places[columns.placeIds[order]!]! > 0) matched.push(figure.place!);
      if (record.operations[columns.operationIds[order]!]! > 0) matched.push(figure.operation!);
      const figureTerms = new Set(tokenize(matched.join(' ')));
      const shared = explainShared(passage, termsOf(figure.passage).filter((term) => !figureTerms.has(term)), tellingOf);
      matched.push(...shared.words);
      hit = {
        figure,
        passage,
        document: documents.get(passage.doc)!,
        score,
        matched,
        highlights: mergeRanges([[figure.start, figure.end], ...shared.highlights]),
      };
      hitsByOrder.set(order, hit);
    }
    return hit;
  };
  const hits = leaders.map(hitOf);
  const discrepancies = await discrepanciesAround(
    source,
    compared.map((scored) => ({ scored, figure: scored.figure, passage: scored.passage, document: documents.get(scored.passage.doc)! })),
    { involving: new Set(leading.map((leader) => leader.figure.id)), clauseOf: (figure) => readingOf(figure)?.clause },
    passageCount,
  );
  return {
    total: figures.length,
    hits,
    discrepancies: discrepancies.map((d) => ({ ...d, figures: d.figures.map((f) => hitOf(f.scored)) })),
  };
}

/**
 * Discrepancies among `compared` (in rank order) involving a leading figure.
 * Only the words plausible pairs share are looked up for their rarity, so the
 * IndexedDB source reads a few term buckets.
 */
async function discrepanciesAround<Hit extends FigureSource>(
  source: IndexSource,
  compared: readonly Hit[],
  options: DiscrepancyOptions,
  passageCount: number,
): Promise<Discrepancy<Hit>[]> {
  const search = searchDiscrepancies(compared, options);
  const postings = search.terms.length > 0 ? await source.postings(search.terms) : new Map<string, Postings>();
  const rarity = { passageCount, documentFrequency: (term: string) => (postings.get(term)?.length ?? 0) / 2 };
  return search.find(rarity, MAX_DISCREPANCIES);
}

/**
 * Builds what the cards of every entity and every family of figure kinds start
 * from, so that the first card of each need not: for a worker that has just
 * read its index, before the reader asks for a card. `pause` is awaited after
 * each family and entity: an index in memory answers every read at once, so
 * without a real pause (a task boundary) the whole preparation is one long task
 * that a card asked meanwhile waits behind.
 */
export async function prepareQueries(source: IndexSource, pause: () => Promise<void> = async () => undefined): Promise<void> {
  const families = new Map(FIGURE_KINDS.map((kind) => [comparableKinds(kind)[0]!, comparableKinds(kind)]));
  for (const kinds of families.values()) {
    familyOf(await Promise.all(kinds.map((kind) => source.figuresOfKind(kind))));
    await pause();
  }
  for (const entity of await source.entities()) {
    await entityPassages(source, entity);
    await pause();
  }
}

/** Free-text search: the words of `text` count fully, the surrounding `context` less. */
export async function passagesForText(source: IndexSource, request: TextRequest): Promise<PassageAnswer> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  const weights = termWeights(request.text, request.context);
  if (weights.size === 0) return { hits: [], total: 0 };
  const [stats, postings] = await Promise.all([source.stats(), postingsFor(source, weights)]);
  const scored = scoreBm25(stats, postings, weights);
  const tellingOf = tellingBy(weights, postings, stats.lengths.length);
  // Load only the leaders; a few spare places let the date tie-break reorder equal scores.
  const leaders = [...scored.values()].sort((a, b) => b.score - a.score).slice(0, 3 * limit);
  const passages = await source.passages(leaders.map((s) => s.passage));
  const documents = await attachDocuments(source, passages);
  const ranked = passages.map((passage): Ranked => ({ passage, document: documents.get(passage.doc)!, score: scored.get(passage.id)!.score }));
  ranked.sort(byScoreThenDate);
  const hits = ranked.slice(0, limit).map(({ passage, document, score }): PassageHit => {
    const shared = explainShared(passage, scored.get(passage.id)!.terms, tellingOf);
    return { passage, document, score, matched: shared.words, highlights: shared.highlights };
  });
  return { total: scored.size, hits };
}
