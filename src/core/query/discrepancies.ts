/**
 * "Accounts differ": two documents giving different numbers for what reads as
 * the same event, like the 2019 Mississippi raids ("680 workers" in one
 * article, "some 700 people" in another).
 *
 * Two figures read as one event when they come from different documents, count
 * the same sort of thing, are close enough in value to be two reports of one
 * count, fall in overlapping times, and their sentences share words that are
 * rare in the corpus (or the same place or operation). Common words ("ICE",
 * "arrests") prove nothing: every article shares them.
 */
import type { FigureKind, FigureRecord } from '../index/types';
import { sentenceSpan } from '../text/sentences';
import { tokenize } from '../text/tokenize';
import { comparableKinds } from './kinds';
import type { FigureHit } from './queries';

/** What an account is read from: the figure, its passage and its document. */
export type FigureSource = Pick<FigureHit, 'figure' | 'passage' | 'document'>;

export interface Discrepancy<Hit extends FigureSource = FigureHit> {
  /** One plain sentence for the card. */
  summary: string;
  /** The differing figures, earliest document first. */
  figures: Hit[];
  /** Why they read as the same event: the rare words, places and operations both accounts share. */
  evidence: string[];
}

/** How rare each word is, so that shared words can be weighed; the BM25 postings give both. */
export interface TermRarity {
  passageCount: number;
  documentFrequency(term: string): number;
}

export interface DiscrepancyOptions {
  /** Figure ids of interest: only pairs including one of them are reported. All pairs when absent. */
  involving?: ReadonlySet<number>;
  /** A figure's clause as the compiler read it, when the index has it (otherwise it is read here). */
  clauseOf?: (figure: FigureRecord) => ClauseFacts | undefined;
}

export interface DiscrepancySearch<Hit extends FigureSource> {
  /** Words whose rarity `find` will ask for: those shared by the sentences of plausible pairs. */
  terms: string[];
  /** The discrepancies, strongest evidence first; at most `limit` when given. */
  find(rarity: TermRarity, limit?: number): Discrepancy<Hit>[];
}

/** Two reports of one count rarely differ more than this; 498 vs 2,000 are different operations. */
export const MAX_DISCREPANCY_RATIO = 1.5;
/** A word in at most this share of passages is distinctive ("mississippi", "poultry"). */
const RARE_SHARE = 0.05;
/** Distinctive words (a shared place or operation counts its words) needed before two sentences read as one event. */
const MIN_EVIDENCE = 2;
/** A sentence with no date of its own is taken to report on the half year before its article. */
const UNDATED_SPAN_DAYS = 183;
/** Dates read from prose are loose ("in August", "on Tuesday"): allow this much either side. */
const DATE_SLACK_DAYS = 31;
const DAY_MS = 86_400_000;

/** Counts of people compare across nouns (680 workers, 700 people); other kinds differ in unit. */
const HEADCOUNT_KINDS: ReadonlySet<FigureKind> = new Set(comparableKinds('people'));
/** Kinds counting one group; 500 children and 680 workers are not two accounts of one count. */
const SUBGROUP_KINDS: ReadonlySet<FigureKind> = new Set(['workers', 'children', 'refugees']);
/** Words that name the event in the summary, when the two sentences share one. */
const EVENT_NOUNS = ['raid', 'operation', 'surge', 'sweep', 'roundup', 'crackdown', 'strike', 'protest', 'outbreak'];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** Time words are weighed by the date check, not as shared evidence. */
const TIME_TERMS = new Set([
  ...tokenize('January February March April May June July August September October November December Sept'),
  ...WEEKDAYS,
  ...tokenize('today yesterday week weekend month year day'),
]);

const WORD = /[\p{L}\p{N}]+(?:[.,'’][\p{L}\p{N}]+)*/gu;
/** A month, then optionally a day and a year: "August", "Aug. 7", "August 7, 2019", "March 2018". */
const MONTH_DATE =
  /\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(\d{4})\b)?/g;
/** A bare month name only reads as a date after one of these ("in August", not "May cooperate"). */
const MONTH_LEAD = /\b(?:in|on|of|from|until|through|during|by|last|this|early|late|mid)[\s-]+$/i;
const IN_YEAR = /\b(?:in|during)\s+((?:19|20)\d{2})\b/gi;
const RELATIVE_DATE =
  /\b(?:(last|this)\s+(year|month|week|weekend)|(yesterday|today)|(monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/gi;

export interface Span {
  from: number;
  to: number;
}

interface Account<Hit extends FigureSource> {
  hit: Hit;
  /** The figure's sentence, or its clause of a list sentence: the words that describe its event. */
  words: string;
  terms: Set<string>;
  /** Days since the epoch the figure's event may fall in; undefined when nothing dates it. */
  when?: Span;
}

function utcDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month, day) / DAY_MS;
}

function monthSpan(year: number, month: number): Span {
  return { from: utcDay(year, month, 1), to: utcDay(year, month + 1, 1) - 1 };
}

function parseIsoDay(iso: string | undefined): CalendarDay | undefined {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return parts ? { year: Number(parts[1]), month: Number(parts[2]) - 1, day: Number(parts[3]) } : undefined;
}

interface DatedPhrase {
  start: number;
  end: number;
  span: Span;
}

interface CalendarDay {
  year: number;
  /** 0–11. */
  month: number;
  day: number;
}

/** "in August 2019", "August 7, 2019", "in August" (its latest occurrence up to the article). */
function monthDates(sentence: string, article: CalendarDay | undefined): DatedPhrase[] {
  const phrases: DatedPhrase[] = [];
  for (const match of sentence.matchAll(MONTH_DATE)) {
    const [, name, day, yearText] = match;
    if (day === undefined && yearText === undefined && !MONTH_LEAD.test(sentence.slice(0, match.index))) continue;
    const month = MONTHS.indexOf(name!.slice(0, 3).toLowerCase());
    const year =
      yearText !== undefined ? Number(yearText) : article && (month <= article.month ? article.year : article.year - 1);
    if (year === undefined) continue;
    const date = day === undefined ? undefined : utcDay(year, month, Number(day));
    const span = date === undefined ? monthSpan(year, month) : { from: date, to: date };
    phrases.push({ start: match.index, end: match.index + match[0].length, span });
  }
  return phrases;
}

function yearDates(sentence: string): DatedPhrase[] {
  return [...sentence.matchAll(IN_YEAR)].map((match) => {
    const year = Number(match[1]);
    const span = { from: utcDay(year, 0, 1), to: utcDay(year, 11, 31) };
    return { start: match.index, end: match.index + match[0].length, span };
  });
}

/** "last month", "this year", "on Tuesday", "yesterday": counted back from the article's date. */
function relativeDates(sentence: string, article: CalendarDay): DatedPhrase[] {
  const today = utcDay(article.year, article.month, article.day);
  return [...sentence.matchAll(RELATIVE_DATE)].map((match) => {
    const [, which, unit, dayWord] = match;
    const back = which === 'last' ? 1 : 0;
    let span: Span;
    if (unit === 'year') span = { from: utcDay(article.year - back, 0, 1), to: utcDay(article.year - back, 11, 31) };
    else if (unit === 'month') span = monthSpan(article.year, article.month - back);
    else if (unit !== undefined) span = { from: today - 7 * (1 + back), to: today };
    else if (dayWord !== undefined) span = { from: today - 1, to: today };
    else span = { from: today - 7, to: today }; // a weekday: the week before the article
    return { start: match.index, end: match.index + match[0].length, span };
  });
}

function datesIn(sentence: string, published: string | undefined): DatedPhrase[] {
  const article = parseIsoDay(published);
  return [...monthDates(sentence, article), ...yearDates(sentence), ...(article ? relativeDates(sentence, article) : [])];
}

/** The date written nearest the figure (the first of equals), or else the half year up to the article's date. */
function whenOf(
  dates: readonly DatedPhrase[],
  figureStart: number,
  figureEnd: number,
  published: string | undefined,
): Span | undefined {
  const distance = (phrase: DatedPhrase) =>
    phrase.end <= figureStart ? figureStart - phrase.end : phrase.start >= figureEnd ? phrase.start - figureEnd : 0;
  let nearest: DatedPhrase | undefined;
  for (const phrase of dates) if (!nearest || distance(phrase) < distance(nearest)) nearest = phrase;
  if (nearest) return nearest.span;
  const article = parseIsoDay(published);
  if (!article) return undefined;
  const day = utcDay(article.year, article.month, article.day);
  return { from: day - UNDATED_SPAN_DAYS, to: day };
}

/** The clause of a list sentence ("97 across the Midwest; 82 in New York; …") that holds the figure. */
function clauseAround(text: string, start: number, end: number): { start: number; end: number } {
  const sentence = sentenceSpan(text, start, end);
  const before = text.lastIndexOf(';', start - 1);
  const after = text.indexOf(';', end);
  return {
    start: before >= sentence.start ? before + 1 : sentence.start,
    end: after >= 0 && after < sentence.end ? after : sentence.end,
  };
}

/**
 * What the clauses of one search have read: a list sentence holds many
 * figures, and a large corpus many copies of one sentence.
 */
class ClauseReader {
  private readonly termsOf = new Map<string, string[]>();
  private readonly datesOf = new Map<string, DatedPhrase[]>();

  /** Words of the clause that may show it tells the same event: no numbers, no time words. */
  terms(words: string): string[] {
    let terms = this.termsOf.get(words);
    if (!terms) {
      terms = tokenize(words).filter((term) => !/\d/.test(term) && !TIME_TERMS.has(term));
      this.termsOf.set(words, terms);
    }
    return terms;
  }

  dates(words: string, published: string | undefined): DatedPhrase[] {
    const key = `${published ?? ''} ${words}`;
    let dates = this.datesOf.get(key);
    if (!dates) {
      dates = datesIn(words, published);
      this.datesOf.set(key, dates);
    }
    return dates;
  }
}

/** What the clause holding a figure tells: where it is, the words that may show one event, and when. */
export interface ClauseFacts {
  start: number;
  end: number;
  terms: string[];
  when: Span | undefined;
}

function readClauseWith(reader: ClauseReader, figure: Pick<FigureRecord, 'start' | 'end' | 'text'>, text: string, published: string | undefined): ClauseFacts {
  const bounds = clauseAround(text, figure.start, figure.end);
  const words = text.slice(bounds.start, bounds.end);
  const ownTerms = new Set(tokenize(figure.text));
  return {
    ...bounds,
    // The figure's own words ("85 percent") are what differs, not evidence of one event.
    terms: [...new Set(reader.terms(words).filter((term) => !ownTerms.has(term)))],
    when: whenOf(reader.dates(words, published), figure.start - bounds.start, figure.end - bounds.start, published),
  };
}

/** The clause of `figure` in its passage's `text`, for the compiler; `published` is the date of its document. */
export function readClause(figure: Pick<FigureRecord, 'start' | 'end' | 'text'>, text: string, published: string | undefined): ClauseFacts {
  return readClauseWith(new ClauseReader(), figure, text, published);
}

/** What an account reads from its figure's clause, with the passage text and date it was read with. */
interface ClauseReading extends Omit<Account<FigureSource>, 'hit'> {
  text: string;
  published: string | undefined;
}

/** By figure: a card reads the accounts of dozens of figures, and other cards read many of them again. */
const readings = new WeakMap<FigureRecord, ClauseReading>();

function accountOf<Hit extends FigureSource>(hit: Hit, reader: ClauseReader, compiled: ClauseFacts | undefined): Account<Hit> {
  const text = hit.passage.text;
  const published = hit.figure.date ?? hit.document.date;
  let reading = readings.get(hit.figure);
  if (!reading || reading.text !== text || reading.published !== published) {
    const facts = compiled ?? readClauseWith(reader, hit.figure, text, published);
    reading = { text, published, words: text.slice(facts.start, facts.end), terms: new Set(facts.terms), when: facts.when };
    readings.set(hit.figure, reading);
  }
  const { words, terms, when } = reading;
  return { hit, words, terms, when };
}

function countsSameThing(a: FigureKind, b: FigureKind): boolean {
  if (a === b) return true;
  return HEADCOUNT_KINDS.has(a) && HEADCOUNT_KINDS.has(b) && !(SUBGROUP_KINDS.has(a) && SUBGROUP_KINDS.has(b));
}

/** True when `other` is within what `bound`'s qualifier allows ("more than 2,000" and 2,100). */
function within(bound: FigureRecord, other: FigureRecord): boolean {
  switch (bound.qualifier) {
    case 'more-than':
    case 'at-least':
      return other.value >= bound.value || other.qualifier === 'more-than' || other.qualifier === 'at-least';
    case 'fewer-than':
    case 'up-to':
      return other.value <= bound.value || other.qualifier === 'fewer-than' || other.qualifier === 'up-to';
    default:
      return false;
  }
}

/** True when one value is within what the other's qualifier allows. */
function agree(a: FigureRecord, b: FigureRecord): boolean {
  return a.value === b.value || within(a, b) || within(b, a);
}

function overlaps(a: Span | undefined, b: Span | undefined): boolean {
  if (!a || !b) return true;
  return a.from - DATE_SLACK_DAYS <= b.to && b.from - DATE_SLACK_DAYS <= a.to;
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  // Equal as written is the common case, and needs no lower-cased copies.
  return a !== undefined && b !== undefined && (a === b || a.toLowerCase() === b.toLowerCase());
}

interface Candidate<Hit extends FigureSource> {
  first: Account<Hit>;
  second: Account<Hit>;
  /** Words of both clauses, each once, in the first clause's order. */
  shared: string[];
}

/** Figures that could count one thing in two documents, judged on the records alone. */
function mayBeOneCount(a: FigureRecord, b: FigureRecord): boolean {
  // The cheapest tests first: a card checks its leading figures against every comparable one.
  if (a.doc === b.doc || !(a.value > 0 && b.value > 0)) return false;
  if (Math.max(a.value, b.value) / Math.min(a.value, b.value) > MAX_DISCREPANCY_RATIO) return false;
  if (!countsSameThing(a.kind, b.kind) || agree(a, b)) return false;
  // Two named places that differ are two events (97 in the Midwest, 125 in Texas).
  return a.place === undefined || b.place === undefined || sameName(a.place, b.place);
}

/**
 * The values a figure needs to count one thing with one of `leading` (a little
 * wider than the ratio allows, for rounding): outside it, `mayRetell` is false.
 */
export function retellingRange(leading: readonly FigureRecord[]): { lowest: number; highest: number } {
  if (leading.length === 0) return { lowest: Infinity, highest: -Infinity };
  const values = leading.map((figure) => figure.value);
  return {
    lowest: (Math.min(...values) / MAX_DISCREPANCY_RATIO) * (1 - 1e-9),
    highest: Math.max(...values) * MAX_DISCREPANCY_RATIO * (1 + 1e-9),
  };
}

/** True when `figure` could count one thing with one of `leading`, judged on the records alone. */
export function mayRetell(leading: readonly FigureRecord[], figure: FigureRecord): boolean {
  return leading.some((other) => mayBeOneCount(other, figure));
}

/**
 * Pairs that could be one event told twice, before any word's rarity is known,
 * in the order of `hits` (the earlier hit of a pair first, then the later).
 */
function candidates<Hit extends FigureSource>(hits: readonly Hit[], options: DiscrepancyOptions): Candidate<Hit>[] {
  const { involving, clauseOf } = options;
  const isInvolved = (hit: Hit) => !involving || involving.has(hit.figure.id);
  // A pair needs a figure of interest: a hit that is none is paired with the later ones that are.
  const involvedAt = hits.flatMap((hit, at) => (isInvolved(hit) ? [at] : []));
  // Sentences are read only for figures that pass the cheap checks.
  const accounts = new Map<Hit, Account<Hit>>();
  const reader = new ClauseReader();
  const account = (hit: Hit) => accounts.get(hit) ?? accounts.set(hit, accountOf(hit, reader, clauseOf?.(hit.figure))).get(hit)!;
  const pairs: Candidate<Hit>[] = [];
  const consider = (x: Hit, y: Hit) => {
    if (!mayBeOneCount(x.figure, y.figure)) return;
    const [a, b] = [account(x), account(y)];
    if (!overlaps(a.when, b.when)) return;
    const earlierFirst = (x.figure.date ?? x.document.date ?? '') <= (y.figure.date ?? y.document.date ?? '');
    const [first, second] = earlierFirst ? [a, b] : [b, a];
    const shared: string[] = [];
    for (const term of first.terms) if (second.terms.has(term)) shared.push(term);
    pairs.push({ first, second, shared });
  };
  hits.forEach((x, i) => {
    if (isInvolved(x)) {
      for (let j = i + 1; j < hits.length; j++) consider(x, hits[j]!);
    } else {
      for (const j of involvedAt) if (j > i) consider(x, hits[j]!);
    }
  });
  return pairs;
}

/** Words whose rarity `findDiscrepancies` will ask for: those shared by the sentences of plausible pairs. */
export function termsToWeigh(hits: readonly FigureSource[], options: DiscrepancyOptions = {}): string[] {
  return searchDiscrepancies(hits, options).terms;
}

/** Surface words of `words` whose terms are in `terms`, adjacent ones joined ("poultry processing plants"), each once. */
function phrasesOf(words: string, terms: ReadonlySet<string>): string[] {
  const runs: { start: number; end: number }[] = [];
  for (const match of words.matchAll(WORD)) {
    if (!tokenize(match[0]).some((term) => terms.has(term))) continue;
    const last = runs[runs.length - 1];
    if (last && /^\s+$/.test(words.slice(last.end, match.index))) last.end = match.index + match[0].length;
    else runs.push({ start: match.index, end: match.index + match[0].length });
  }
  const phrases = new Map<string, string>();
  for (const run of runs) {
    const phrase = words.slice(run.start, run.end);
    if (!phrases.has(phrase.toLowerCase())) phrases.set(phrase.toLowerCase(), phrase);
  }
  return [...phrases.values()];
}

function shortDate(iso: string | undefined): string | undefined {
  const day = parseIsoDay(iso);
  return day && `${day.day} ${SHORT_MONTHS[day.month]} ${day.year}`;
}

function describe(account: Account<FigureSource>): string {
  const date = shortDate(account.hit.figure.date ?? account.hit.document.date);
  return date ? `${account.hit.figure.text} (${date})` : account.hit.figure.text;
}

/**
 * Figures among `hits` that give different numbers for what reads as the same
 * event, strongest evidence first. `rarity` needs to know at least the words
 * `termsToWeigh` lists.
 */
export function findDiscrepancies<Hit extends FigureSource>(
  hits: readonly Hit[],
  rarity: TermRarity,
  options: DiscrepancyOptions = {},
): Discrepancy<Hit>[] {
  return searchDiscrepancies(hits, options).find(rarity);
}

/**
 * `termsToWeigh` and `findDiscrepancies` in one: the plausible pairs are found
 * once, and only the discrepancies returned are written out.
 */
export function searchDiscrepancies<Hit extends FigureSource>(
  hits: readonly Hit[],
  options: DiscrepancyOptions = {},
): DiscrepancySearch<Hit> {
  const pairs = candidates(hits, options);
  const terms = new Set<string>();
  for (const pair of pairs) for (const term of pair.shared) terms.add(term);
  return {
    terms: [...terms],
    find: (rarity, limit = Infinity) => {
      const rareLimit = Math.max(2, rarity.passageCount * RARE_SHARE);
      // Pairs share their words and names: a leading figure is paired with dozens of others.
      const rareTerms = new Map<string, boolean>();
      const isRare = (term: string) => {
        let rare = rareTerms.get(term);
        if (rare === undefined) rareTerms.set(term, (rare = rarity.documentFrequency(term) <= rareLimit));
        return rare;
      };
      const nameTerms = new Map<string, string[]>();
      const termsOfName = (name: string) => {
        let terms = nameTerms.get(name);
        if (!terms) nameTerms.set(name, (terms = tokenize(name)));
        return terms;
      };
      const rareOf = (pair: Candidate<Hit>) => new Set(pair.shared.filter(isRare));
      const found: { pair: Candidate<Hit>; names: string[]; strength: number; key: string }[] = [];
      for (const pair of pairs) {
        const [fa, fb] = [pair.first.hit.figure, pair.second.hit.figure];
        // A place or operation both records name counts in full, however common its words ("Texas").
        const names: string[] = [];
        if (sameName(fa.place, fb.place)) names.push(fa.place!);
        if (sameName(fa.operation, fb.operation)) names.push(fa.operation!);
        // The distinct rare words and name words; `shared` holds each word once.
        let strength = 0;
        if (names.length === 0) for (const term of pair.shared) strength += isRare(term) ? 1 : 0;
        else strength = new Set([...rareOf(pair), ...names.flatMap(termsOfName)]).size;
        if (strength < MIN_EVIDENCE) continue;
        found.push({
          pair,
          names,
          strength,
          // One report per pair of accounts, though an article may repeat its number.
          key: [fa.doc, fa.value, fb.doc, fb.value].join(':'),
        });
      }
      found.sort((a, b) => b.strength - a.strength);
      const strongest = new Map<string, (typeof found)[number]>();
      for (const entry of found) {
        if (strongest.size >= limit) break;
        if (!strongest.has(entry.key)) strongest.set(entry.key, entry);
      }
      return [...strongest.values()].map(({ pair, names }) => describeDiscrepancy(pair, rareOf(pair), names));
    },
  };
}

function describeDiscrepancy<Hit extends FigureSource>(
  { first, second, shared }: Candidate<Hit>,
  rare: ReadonlySet<string>,
  names: readonly string[],
): Discrepancy<Hit> {
  const evidence = phrasesOf(first.words, rare);
  for (const name of names) {
    if (!evidence.some((phrase) => phrase.toLowerCase().includes(name.toLowerCase()))) evidence.push(name);
  }
  const event = EVENT_NOUNS.find((noun) => shared.includes(noun)) ?? 'event';
  return {
    summary:
      `Accounts differ: ${describe(first)} vs ${describe(second)} ` +
      `for what reads as the same ${event} (${evidence.join(', ')}).`,
    figures: [first.hit, second.hit],
    evidence,
  };
}
