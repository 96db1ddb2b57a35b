import type { FigureReading, FigureReadings, FigureRecord, PassageRecord } from '../index/types';
import { sentenceSpan } from '../text/sentences';
import { tokenize } from '../text/tokenize';
import { readClause, type ClauseFacts } from './discrepancies';

/** The distinct search terms of the sentence of `text` holding [start, end). */
export function sentenceTermsAt(text: string, start: number, end: number): string[] {
  const sentence = sentenceSpan(text, start, end);
  return [...new Set(tokenize(text.slice(sentence.start, sentence.end)))];
}

/** What a figure card reads from a figure's passage, with its term lists spelled out. */
export interface FigureText {
  sentenceTerms: string[];
  clause: ClauseFacts;
}

/** A figure's reading from the compiled ones, when `readings` has it. */
export function compiledReading(readings: FigureReadings | undefined, figure: FigureRecord): FigureText | undefined {
  const reading = readings?.byFigure[figure.id];
  if (!reading) return undefined;
  const list = (at: number) => readings.termLists[at]!;
  return {
    sentenceTerms: list(reading.sentenceTerms),
    clause: {
      start: reading.clause[0],
      end: reading.clause[1],
      terms: list(reading.clauseTerms),
      when: reading.when && { from: reading.when[0], to: reading.when[1] },
    },
  };
}

/**
 * What figure cards read from the passages of `figures`, for the compiler to
 * store with the index (`published`: the date of a figure's document).
 */
export function readFigures(
  figures: readonly FigureRecord[],
  passages: readonly PassageRecord[],
  published: (figure: FigureRecord) => string | undefined,
): FigureReadings {
  const termLists: string[][] = [];
  const listAt = new Map<string, number>();
  const pooled = (terms: string[]): number => {
    const key = terms.join(' ');
    let at = listAt.get(key);
    if (at === undefined) {
      at = termLists.push(terms) - 1;
      listAt.set(key, at);
    }
    return at;
  };
  const byFigure = figures.map((figure): FigureReading => {
    const text = passages[figure.passage]!.text;
    const { start, end, terms, when } = readClause(figure, text, published(figure));
    return {
      sentenceTerms: pooled(sentenceTermsAt(text, figure.start, figure.end)),
      clause: [start, end],
      clauseTerms: pooled(terms),
      ...(when && { when: [when.from, when.to] }),
    };
  });
  return { termLists, byFigure };
}
