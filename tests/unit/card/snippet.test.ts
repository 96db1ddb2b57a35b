import { beforeAll, describe, expect, it } from 'vitest';
import { snippetAround, SNIPPET_WORDS, type Snippet } from '../../../src/card/snippet';
import type { CorpusIndex } from '../../../src/core/index/format';
import { passagesForEntity, type PassageHit } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
const hits = new Map<string, PassageHit[]>();
beforeAll(async () => {
  index = await bundledCorpusIndex();
  const source = memorySource(index);
  for (const entityId of ['unit:bortac', 'policy:sanctuary-cities', 'agency:ice']) {
    hits.set(entityId, (await passagesForEntity(source, { entityId, limit: 100 })).hits);
  }
});

const joined = (snippet: Snippet) => snippet.parts.map((p) => p.text).join('');
const marks = (snippet: Snippet) => snippet.parts.filter((p) => p.mark).map((p) => p.text);
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('snippetAround on corpus passages', () => {
  it.each(['unit:bortac', 'policy:sanctuary-cities', 'agency:ice'])(
    'cuts every %s passage to whole words around its first match, marking only matches',
    (entityId) => {
      const entityHits = hits.get(entityId)!;
      expect(entityHits.length).toBeGreaterThan(1);
      for (const { passage, highlights } of entityHits) {
        const snippet = snippetAround(passage.text, highlights);
        const text = joined(snippet);
        const start = passage.text.indexOf(text);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(wordCount(text)).toBe(Math.min(SNIPPET_WORDS, wordCount(passage.text)));
        expect(snippet.cutBefore).toBe(start > 0);
        expect(snippet.cutAfter).toBe(start + text.length < passage.text.trimEnd().length);
        const [firstStart, firstEnd] = highlights[0]!;
        expect(marks(snippet)[0]).toBe(passage.text.slice(firstStart, firstEnd));
        const highlighted = highlights.map(([s, e]) => passage.text.slice(s, e));
        for (const mark of marks(snippet)) expect(highlighted).toContain(mark);
      }
    },
  );

  it('keeps twelve words of lead-in before a match in the middle of a long passage', () => {
    const middle = hits.get('agency:ice')!.find((hit) => {
      const before = wordCount(hit.passage.text.slice(0, hit.highlights[0]![0]));
      return before > 12 && wordCount(hit.passage.text) - before > SNIPPET_WORDS;
    })!;
    const snippet = snippetAround(middle.passage.text, middle.highlights);
    expect(snippet).toMatchObject({ cutBefore: true, cutAfter: true });
    const [leadIn, match] = snippet.parts;
    expect(leadIn!.mark).toBe(false);
    expect(wordCount(leadIn!.text)).toBe(12);
    expect(match).toEqual({ text: 'ICE', mark: true });
  });

  it('moves the window back from the end rather than show fewer words', () => {
    const nearEnd = hits.get('unit:bortac')!.find((hit) => wordCount(hit.passage.text) > 100)!;
    const snippet = snippetAround(nearEnd.passage.text, nearEnd.highlights);
    expect(snippet).toMatchObject({ cutBefore: true, cutAfter: false });
    expect(wordCount(joined(snippet))).toBe(SNIPPET_WORDS);
    expect(joined(snippet).endsWith('Portland, Oregon.')).toBe(true);
    expect(marks(snippet)).toEqual(['BORTAC']);
  });

  it('shows a short passage whole', () => {
    const short = hits.get('policy:sanctuary-cities')!.find((hit) => wordCount(hit.passage.text) < SNIPPET_WORDS)!;
    const snippet = snippetAround(short.passage.text, short.highlights);
    expect(snippet).toMatchObject({ cutBefore: false, cutAfter: false });
    expect(joined(snippet)).toBe(short.passage.text);
  });

  it('ends the window at the passage end when the match is in its last words', () => {
    const passage = index.passages.find((p) => wordCount(p.text) > 80)!;
    const lastWord = /\S+$/.exec(passage.text)!;
    const snippet = snippetAround(passage.text, [[lastWord.index, lastWord.index + lastWord[0].length]]);
    expect(snippet).toMatchObject({ cutBefore: true, cutAfter: false });
    expect(wordCount(joined(snippet))).toBe(SNIPPET_WORDS);
    expect(snippet.parts.at(-1)).toEqual({ text: lastWord[0], mark: true });
  });
});

describe('snippetAround with overlapping and clipped ranges', () => {
  const text = 'one two three four five six seven eight nine ten';

  it('marks overlapping ranges once, without repeating text', () => {
    const snippet = snippetAround(text, [[4, 13], [0, 7]]);
    expect(joined(snippet)).toBe(text);
    expect(marks(snippet).join('')).toBe('one two three');
  });

  it('clips a range that runs past the cut', () => {
    const snippet = snippetAround(text, [[8, 28]], 3);
    expect(joined(snippet)).toBe('three four five');
    expect(marks(snippet)).toEqual(['three four five']);
    expect(snippet).toMatchObject({ cutBefore: true, cutAfter: true });
  });

  it('takes the opening words when nothing is highlighted', () => {
    const snippet = snippetAround(text, [], 4);
    expect(snippet).toEqual({ parts: [{ text: 'one two three four', mark: false }], cutBefore: false, cutAfter: true });
  });
});
