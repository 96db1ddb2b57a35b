/**
 * The sentence a card is opened from, as the corpus may hold it. When the
 * reader is on one of the corpus's articles (or a page that quotes it whole),
 * the best-ranked passage is the very paragraph being read: a card that shows
 * it quotes the page back to its reader instead of giving context.
 */

/** Fewer words than this are too common to tell the page's own text ("ICE declined to comment."). */
export const MIN_SENTENCE_WORDS = 8;

const WORD = /[\p{L}\p{N}]+/gu;

/** Words only, lower case: pages and corpus files differ in quotes, dashes, emphasis and spacing. */
function wordKey(text: string): string {
  return ` ${(text.toLowerCase().match(WORD) ?? []).join(' ')} `;
}

/**
 * A test of whether a passage holds `sentence` word for word; always false
 * without a sentence or for a short one. Each passage is read once per test.
 */
export function holdsPageSentence(sentence: string | undefined): (passage: { id: number; text: string }) => boolean {
  const words = sentence?.toLowerCase().match(WORD) ?? [];
  if (words.length < MIN_SENTENCE_WORDS) return () => false;
  const key = ` ${words.join(' ')} `;
  const known = new Map<number, boolean>();
  return (passage) => {
    let holds = known.get(passage.id);
    if (holds === undefined) known.set(passage.id, (holds = wordKey(passage.text).includes(key)));
    return holds;
  };
}
