/**
 * The records every part of Footnote agrees on: what the compiler writes,
 * the worker stores in IndexedDB, and the content script and cards read.
 */

export type EntityType =
  | 'agency'
  | 'unit'
  | 'operation'
  | 'policy'
  | 'person'
  | 'place'
  | 'organisation';

export const ENTITY_TYPES: readonly EntityType[] = [
  'agency',
  'unit',
  'operation',
  'policy',
  'person',
  'place',
  'organisation',
];

export interface Alias {
  /** Surface form as written, e.g. "ICE", "Immigration and Customs Enforcement". */
  text: string;
  /** Acronyms match case-sensitively ("ICE" yes, "ice" no); names do not. */
  caseSensitive: boolean;
}

/** An entity of the curated gazetteer (assets/gazetteer.json). */
export interface GazetteerEntry {
  id: string;
  type: EntityType;
  name: string;
  aliases: string[];
  description: string;
}

export interface EntityRecord {
  id: string;
  type: EntityType;
  name: string;
  aliases: Alias[];
  description: string;
  /** Where the entity came from: the curated list, mined from the text, or both. */
  origin: 'gazetteer' | 'mined' | 'both';
  /** Passages mentioning the entity, ascending, as indexes into `CorpusIndex.passages`. */
  passages: number[];
  /**
   * How often each of `passages` mentions the entity (same order), counted at
   * compile time so a card ranks them without reading them. Indexes compiled
   * before this field lack it; the card then counts for itself.
   */
  mentions?: number[];
}

export type FigureQualifier =
  | 'exact'
  | 'more-than'
  | 'at-least'
  | 'nearly'
  | 'about'
  | 'fewer-than'
  | 'up-to';

export const FIGURE_KINDS = [
  'arrests',
  'people',
  'immigrants',
  'workers',
  'children',
  'detainees',
  'cases',
  'deaths',
  'agents',
  'cities',
  'states',
  'countries',
  'days',
  'weeks',
  'years',
  'percent',
  'money',
  'refugees',
  'apprehensions',
  'centers',
  'other',
] as const;

export type FigureKind = (typeof FIGURE_KINDS)[number];

/** A quantity as read from text, with offsets into the text it was read from. */
export interface FigureMention {
  start: number;
  end: number;
  /** The words as written, e.g. "more than 2,000 people". */
  text: string;
  value: number;
  qualifier: FigureQualifier;
  kind: FigureKind;
  /** The counted noun as written, singular lower case ("arrest", "individual"). */
  noun: string;
  place?: string;
  operation?: string;
}

export interface FigureRecord extends FigureMention {
  id: number;
  passage: number;
  doc: number;
  /** ISO date of the document (YYYY-MM-DD), when it has one. */
  date?: string;
}

/**
 * What a card reads from a figure's passage, read once by the compiler so that
 * cards need not tokenize sentences. Term lists are named by their position in
 * `FigureReadings.termLists`: the figures of a list sentence share one.
 */
export interface FigureReading {
  /** The distinct search terms of the figure's sentence. */
  sentenceTerms: number;
  /** Where the clause holding the figure starts and ends in its passage (a list sentence has several). */
  clause: [number, number];
  /** Terms of the clause that may show two accounts tell one event: no numbers, time words or the figure's own words. */
  clauseTerms: number;
  /** The days (since 1970-01-01) the figure's event may fall in, first and last; absent when nothing dates it. */
  when?: [number, number];
}

export interface FigureReadings {
  /** Each distinct list of terms once. */
  termLists: string[][];
  /** By figure, in the order of the index's figures. */
  byFigure: FigureReading[];
}

export interface DocumentRecord {
  id: number;
  /** File name the document was compiled from. */
  source: string;
  title: string;
  author?: string;
  /** ISO date, YYYY-MM-DD. */
  date?: string;
  publisher?: string;
  /** First and one-past-last passage index of this document. */
  passageStart: number;
  passageEnd: number;
}

export interface PassageRecord {
  id: number;
  doc: number;
  /** Paragraph text after repairs (page-break splits joined). */
  text: string;
  /** Offsets of the passage in the source file's text. */
  start: number;
  end: number;
}
