import { describe, expect, it } from 'vitest';
import { holdsPageSentence, MIN_SENTENCE_WORDS } from '../../../src/core/query/page-sentence';

const PASSAGE = 'The US agency announced Thursday that it carried out a sweeping, nationwide crackdown. The campaign, dubbed “Operation Safe City,” involved the arrests of 498 individuals over a four-day period ending Wednesday.';

describe('holdsPageSentence', () => {
  it.each([
    ['as the page renders it (straight quotes, other spacing)', 'The campaign, dubbed "Operation Safe City," involved the arrests of 498  individuals over a four-day period ending Wednesday.', true],
    ['with emphasis marks and a dash the corpus lacks', 'The *campaign* — dubbed Operation Safe City — involved the arrests of 498 individuals', true],
    ['in another case', 'THE CAMPAIGN, DUBBED "OPERATION SAFE CITY," INVOLVED THE ARRESTS', true],
    ['a sentence with a word changed', 'The campaign, dubbed "Operation Safe City," involved the arrest of 498 individuals over a four-day period.', false],
    ['words that run on past the passage', 'over a four-day period ending Wednesday and Thursday night', false],
    ['a word cut in two', 'campaign, dubbed "Operation Safe City," involved the arrests of 49', false],
    [`fewer than ${MIN_SENTENCE_WORDS} words`, 'involved the arrests of 498 individuals', false],
    ['no sentence', undefined, false],
  ])('%s: %s', (_, sentence, holds) => {
    expect(holdsPageSentence(sentence)({ id: 1, text: PASSAGE })).toBe(holds);
  });
});
