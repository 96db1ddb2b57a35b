/**
 * What the anchoring bench's page side (anchoring-page-entry.ts) returns to
 * the runner (anchoring.bench.ts); kept apart because the entry module
 * installs itself on `window` when loaded.
 */
import type { TextSelectors } from '../../src/core/annotations/model';

export const EDIT_KINDS = [
  'unedited',
  'word changed',
  'paragraph inserted before',
  'sentence inserted before, same paragraph',
  'word changed and sentence inserted before',
  'inline markup changed',
  'text split across nodes',
  'paragraph split before the quote',
  'whitespace and line breaks changed',
  'quote deleted',
  'paragraph deleted',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/** exact: by position or by quote; approximate: fuzzy; wrong: a Range over other text than expected, or any Range for a deleted quote. */
export type Outcome = 'exact' | 'approximate' | 'orphan' | 'wrong';

export interface EditResult {
  kind: EditKind;
  quote: number;
  outcome: Outcome;
  method: 'position' | 'quote' | 'fuzzy' | 'orphan';
  anchorMs: number;
  readMs: number;
  /** For a wrong or orphaned anchor of a quote still on the page: what was expected and found. */
  detail?: string;
}

export interface PageSetupResult {
  selectors: TextSelectors[];
  textLength: number;
  proseParagraphs: number;
}

export interface PlaceTiming {
  /** AnnotationLayer.place for every quote (one PageText.read, then anchor + rangeFor each, then paint): main-thread time, slices summed. */
  ms: number;
  /** The longest slice between two hand-backs to the page: the task our code adds. */
  longestSlice: number;
  anchored: number;
}
