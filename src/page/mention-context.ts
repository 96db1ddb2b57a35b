import type { PageMention } from '../core/match/find-mentions';
import { sentenceSpan } from '../core/text/sentences';
import { MAX_CONTEXT } from '../messaging/protocol';

/**
 * The sentence around a mention in its block, whitespace collapsed: what the
 * card ranks passages against. Cut to a window around the mention when the
 * sentence is longer than a request may carry.
 */
export function mentionContext(text: string, mention: Pick<PageMention, 'start' | 'end'>): string {
  let { start, end } = sentenceSpan(text, mention.start, mention.end);
  if (end - start > MAX_CONTEXT) {
    start = Math.max(start, mention.start - Math.floor(MAX_CONTEXT / 2));
    end = Math.min(end, start + MAX_CONTEXT);
  }
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}
