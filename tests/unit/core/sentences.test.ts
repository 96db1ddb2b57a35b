import { describe, expect, it } from 'vitest';
import { MAX_CONTEXT, sentenceContext } from '../../../src/core/text/sentences';

const around = (text: string, word: string) => {
  const start = text.indexOf(word);
  return sentenceContext(text, { start, end: start + word.length });
};

describe('sentenceContext', () => {
  it.each([
    ['ICE raided farms. BORTAC teams went to Chicago. Nobody was told.', 'BORTAC', 'BORTAC teams went to Chicago.'],
    ['First one. The U.S. agency ICE said “no.” Then more.', 'ICE', 'The U.S. agency ICE said “no.”'],
    ['Only one sentence about CBP without a stop', 'CBP', 'Only one sentence about CBP without a stop'],
    ['Numbers: 1.5 million arrests were made. Later, 2,000 people.', '1.5 million', 'Numbers: 1.5 million arrests were made.'],
    ['Line one.\n\nThe   sanctuary cities\nresisted. End.', 'sanctuary cities', 'The sanctuary cities resisted.'],
  ])('%j around %j', (text, word, sentence) => {
    expect(around(text, word)).toBe(sentence);
  });

  it('keeps a window around the mention when the sentence is longer than a request allows', () => {
    const text = `${'word '.repeat(800)}ICE ${'word '.repeat(800)}`;
    const context = around(text, 'ICE');
    expect(context.length).toBeLessThanOrEqual(MAX_CONTEXT);
    expect(context).toContain('ICE');
  });
});
