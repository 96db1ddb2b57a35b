import { describe, expect, it } from 'vitest';
import type { CardView } from '../../../src/card/card-view';
import { chunkLoader, provideChunk } from '../../../src/page/chunks';

/** A module that runs and provides nothing; the test provides the API as the chunk's script would. */
const EMPTY_MODULE = 'data:text/javascript,';
const BROKEN_MODULE = 'data:text/javascript,throw new Error("broken")';

describe('chunkLoader', () => {
  it('imports a chunk once and resolves to the API its script provided', async () => {
    const view = { css: '' } as CardView;
    const asked: string[] = [];
    const load = chunkLoader((path) => {
      asked.push(path);
      provideChunk('card-view', view);
      return EMPTY_MODULE;
    });
    const [first, second] = await Promise.all([load('card-view'), load('card-view')]);
    expect(first).toBe(view);
    expect(second).toBe(view);
    expect(await load('card-view')).toBe(view);
    expect(asked).toEqual(['/card-view.js']);
  });

  it('rejects when the script provides nothing or fails, and tries again on the next load', async () => {
    const urls = [EMPTY_MODULE, BROKEN_MODULE];
    const asked: string[] = [];
    const load = chunkLoader((path) => {
      asked.push(path);
      return urls[asked.length - 1] ?? EMPTY_MODULE;
    });
    await expect(load('page-annotations')).rejects.toThrow(/did not provide its API/);
    await expect(load('page-annotations')).rejects.toThrow(/broken/);
    expect(asked).toEqual(['/page-annotations.js', '/page-annotations.js']);
  });

  it('rejects, rather than throwing, when the extension is gone from under the page', async () => {
    const load = chunkLoader(() => {
      throw new Error('Extension context invalidated.');
    });
    const loading = load('card-view');
    await expect(loading).rejects.toThrow(/context invalidated/);
  });
});
