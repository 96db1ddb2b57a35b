/** A run of snippet text, emphasised when it lies in a highlight. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

export interface Snippet {
  parts: SnippetPart[];
  /** Words of the passage were left out before / after the snippet. */
  cutBefore: boolean;
  cutAfter: boolean;
}

/** About three lines of the card: enough to read the claim, short enough to scan several passages. */
export const SNIPPET_WORDS = 40;
/** Share of the window before the first highlight, so the match reads in its sentence rather than first. */
const LEAD_IN_SHARE = 0.3;

/**
 * The passage cut to `maxWords` whole words around its first highlight,
 * split into marked and unmarked parts. Highlights may overlap or run past
 * the cut; they are clipped to it.
 */
export function snippetAround(
  text: string,
  highlights: readonly (readonly [number, number])[],
  maxWords = SNIPPET_WORDS,
): Snippet {
  const words = [...text.matchAll(/\S+/g)].map((m): [number, number] => [m.index, m.index + m[0].length]);
  let first = 0;
  let last = words.length - 1;
  if (words.length > maxWords) {
    const anchor = highlights[0]?.[0] ?? 0;
    const matchWord = Math.max(0, words.findIndex(([, end]) => end > anchor));
    first = Math.min(Math.max(0, matchWord - Math.floor(maxWords * LEAD_IN_SHARE)), words.length - maxWords);
    last = first + maxWords - 1;
  }
  const start = words[first]?.[0] ?? 0;
  const end = words[last]?.[1] ?? 0;

  const parts: SnippetPart[] = [];
  const push = (from: number, to: number, mark: boolean) => {
    if (to > from) parts.push({ text: text.slice(from, to), mark });
  };
  let cursor = start;
  for (const [from, to] of [...highlights].sort((a, b) => a[0] - b[0])) {
    const markStart = Math.max(from, cursor);
    const markEnd = Math.min(to, end);
    if (markEnd <= markStart) continue;
    push(cursor, markStart, false);
    push(markStart, markEnd, true);
    cursor = markEnd;
  }
  push(cursor, end, false);
  return { parts, cutBefore: first > 0, cutAfter: last < words.length - 1 };
}
