import type { CardView } from '../card/card-view';
import type { PageAnnotations } from './annotations/page-annotations';

/**
 * Parts of the content script that most page views never use, each built as
 * its own web-accessible script (entrypoints/<name>.ts) and loaded into the
 * content script's world on first need, so every page loads less.
 */
export interface Chunks {
  /** The context card's rendering: Preact, the card's components and styles. */
  'card-view': CardView;
  /** Saved annotations found again on the page, and the annotation panel. */
  'page-annotations': { PageAnnotations: typeof PageAnnotations };
}

export type ChunkName = keyof Chunks;

/** Where a loaded chunk leaves its API: a global of the content script's isolated world, which pages cannot see. */
const SLOT = '__footnoteChunks';

type Slot = { [N in ChunkName]?: Chunks[N] };

function slot(): Slot {
  const scope = globalThis as typeof globalThis & { [SLOT]?: Slot };
  return (scope[SLOT] ??= {});
}

/** Called by a chunk's script when it runs: hands its API to the content script. */
export function provideChunk<N extends ChunkName>(name: N, api: Chunks[N]): void {
  slot()[name] = api;
}

/**
 * Returns `load(name)`, which imports a chunk's script once (later calls share
 * the first one's promise; a failed load is not kept, so the next need asks
 * again, though a browser may answer from its record of the failure) and resolves
 * to its API. `url` turns the script's packaged path into a URL the page's
 * frame may import (the extension's `runtime.getURL`).
 */
export function chunkLoader(url: (path: `/${ChunkName}.js`) => string) {
  const loads = new Map<ChunkName, Promise<unknown>>();
  return function load<N extends ChunkName>(name: N): Promise<Chunks[N]> {
    let loading = loads.get(name) as Promise<Chunks[N]> | undefined;
    if (!loading) {
      // `url` inside the chain: with the extension gone from under the page it throws, and callers expect a rejection.
      loading = Promise.resolve().then(() => import(/* @vite-ignore */ url(`/${name}.js`))).then(() => {
        const api = slot()[name];
        if (!api) throw new Error(`Footnote: ${name}.js did not provide its API`);
        return api;
      });
      loading.catch(() => loads.delete(name));
      loads.set(name, loading);
    }
    return loading;
  };
}
