import type { PageMention } from '../core/match/find-mentions';
import { MAX_CONTEXT } from '../messaging/protocol';

const SENTENCE_END = /[.!?]["'”’)\]]*\s+(?=[A-Z“"‘'(\[0-9])/g;

/**
 * The sentence around a mention in its block: what the card ranks passages
 * against. Falls back to a window of the block when sentences run long.
 */
export function sentenceAround(text: string, mention: Pick<PageMention, 'start' | 'end'>): string {
  let start = 0;
  let end = text.length;
  for (const match of text.matchAll(SENTENCE_END)) {
    const boundary = match.index + match[0].length;
    if (boundary <= mention.start) start = boundary;
    else if (match.index >= mention.end) {
      end = match.index + match[0].trimEnd().length;
      break;
    }
  }
  if (end - start > MAX_CONTEXT) {
    const half = Math.floor(MAX_CONTEXT / 2);
    start = Math.max(start, mention.start - half);
    end = Math.min(end, start + MAX_CONTEXT);
  }
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}
