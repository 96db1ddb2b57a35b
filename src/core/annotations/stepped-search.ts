/**
 * Long-page work for anchoring, cut into steps: generators that yield after
 * each slice, so a caller on the main thread can hand it back to the page.
 * Each gives exactly what its one-call counterpart gives.
 */
import approxSearch, { type Match } from 'approx-string-match';
import { foldText, type FoldedText } from '../text/normalize';

/**
 * Work between two yields of the stepped functions below, in characters: a
 * long page's fold or whole-text search takes ~100 ms cold, far over a
 * task's budget.
 */
export const STEP_CHARS = 8_192;

/** Letters and digits: folding keeps them, one for one, whatever surrounds them. */
const KEPT = /[\p{L}\p{N}]/u;

/** A split point where folding each side alone gives the same as folding the whole: no space or invisible char at it. */
function isSafeSplit(text: string, at: number): boolean {
  return KEPT.test(text[at - 1]!) && KEPT.test(text[at]!);
}

/** `foldText(text)`, one slice of about STEP_CHARS per step. */
export function* foldInSteps(text: string): Generator<void, FoldedText> {
  if (text.length <= STEP_CHARS) return foldText(text);
  const parts: string[] = [];
  const map = new Int32Array(text.length + 1);
  let length = 0;
  let from = 0;
  while (from < text.length) {
    let to = Math.min(text.length, from + STEP_CHARS);
    while (to < text.length && !isSafeSplit(text, to)) to++;
    const part = foldText(text.slice(from, to));
    parts.push(part.text);
    for (let i = 0; i < part.text.length; i++) map[length + i] = part.map[i]! + from;
    length += part.text.length;
    from = to;
    if (from < text.length) yield;
  }
  map[length] = length > 0 ? map[length - 1]! + 1 : 0;
  return { text: parts.join(''), map: map.subarray(0, length + 1) };
}

/**
 * `approxSearch(text, pattern, maxErrors)` (the matches with the fewest
 * errors), one window per step. Windows overlap by the longest possible
 * match, and each keeps only the matches ending in its own part, so every
 * match is found once, in full.
 */
export function* approxSearchInSteps(text: string, pattern: string, maxErrors: number): Generator<void, Match[]> {
  const overlap = pattern.length + maxErrors;
  const step = Math.max(STEP_CHARS, 4 * overlap);
  let found: Match[] = [];
  let allowed = maxErrors;
  for (let end = 0; end < text.length; ) {
    const from = end;
    end = Math.min(text.length, end + step);
    const windowStart = Math.max(0, from - overlap);
    for (const match of approxSearch(text.slice(windowStart, end), pattern, allowed)) {
      if (match.end + windowStart <= from) continue;
      if (match.errors < allowed || found.length === 0) {
        found = [];
        allowed = match.errors;
      }
      found.push({ start: match.start + windowStart, end: match.end + windowStart, errors: match.errors });
    }
    if (end < text.length) yield;
  }
  return found;
}
