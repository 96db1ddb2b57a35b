/** Sentence boundaries in prose: a stop, closing quotes or brackets, space, then a capital, digit or $. */
const SENTENCE_END = /[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]*[A-Z0-9$])/g;
const ABBREVIATION =
  /(?:^|[^A-Za-z.])(?:(?:[A-Za-z]\.)*[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Jr|Sr|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)$/;

/** Longest context a card ranks passages against: a paragraph, not a page. */
export const MAX_CONTEXT = 2000;

/** The sentence of `text` holding [start, end). */
export function sentenceSpan(text: string, start: number, end: number): { start: number; end: number } {
  let from = 0;
  let to = text.length;
  SENTENCE_END.lastIndex = 0;
  for (let match = SENTENCE_END.exec(text); match; match = SENTENCE_END.exec(text)) {
    const single = match[0].startsWith('.') && match[0][1] !== '.';
    if (single && ABBREVIATION.test(text.slice(Math.max(0, match.index - 12), match.index))) continue;
    if (SENTENCE_END.lastIndex <= start) from = SENTENCE_END.lastIndex;
    else if (match.index >= end) {
      to = match.index + match[0].trimEnd().length;
      break;
    }
  }
  return { start: from, end: to };
}

/**
 * The sentence around [start, end) of `text`, whitespace collapsed: what a
 * card ranks passages against. Cut to a window around the span when the
 * sentence is longer than MAX_CONTEXT.
 */
export function sentenceContext(text: string, span: { start: number; end: number }): string {
  let { start, end } = sentenceSpan(text, span.start, span.end);
  if (end - start > MAX_CONTEXT) {
    start = Math.max(start, span.start - Math.floor(MAX_CONTEXT / 2));
    end = Math.min(end, start + MAX_CONTEXT);
  }
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}
