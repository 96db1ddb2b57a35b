/**
 * Bundled into a Web Worker beside the bench pages: the background worker's
 * side of `mentions.find` (see src/worker/page-setup.ts), on the same code,
 * answering over postMessage instead of a runtime port. As a dedicated worker
 * it serves its one page; as a SharedWorker it serves every page of a browser
 * context and, like the background worker, keeps one matcher loaded per
 * dictionary key from page to page.
 */
import { AliasMatcher } from '../../src/core/match/alias-matcher';
import { findMentions, type MentionFilter } from '../../src/core/match/find-mentions';
import { markableFilter } from '../../src/core/match/dictionary';
import type { DictionaryWithMatcher } from './fixtures';

export type FinderWorkerMessage =
  | { setup: { key: string; dictionary: DictionaryWithMatcher } }
  | { id: number; texts: string[]; firstPerBlock: boolean };

let loaded: { key: string; matcher: AliasMatcher; filter: MentionFilter } | undefined;

function answer(data: FinderWorkerMessage, reply: (message: unknown) => void): void {
  if ('setup' in data) {
    const { key, dictionary } = data.setup;
    if (loaded?.key !== key) {
      loaded = { key, matcher: AliasMatcher.fromJSON(dictionary.matcher), filter: markableFilter(dictionary) };
    }
    reply({ ready: true });
    return;
  }
  if (!loaded) throw new Error('finder worker: no dictionary set up');
  const filter: MentionFilter = { ...loaded.filter, firstPerBlock: data.firstPerBlock };
  const start = performance.now();
  const lists = data.texts.map((text) => findMentions(text, loaded!.matcher, filter));
  reply({ id: data.id, lists, ms: performance.now() - start });
}

const scope = self as unknown as { onconnect?: unknown } & typeof globalThis;
if ('onconnect' in scope) {
  scope.onconnect = (event: MessageEvent) => {
    const port = event.ports[0]!;
    port.onmessage = (message: MessageEvent) => answer(message.data as FinderWorkerMessage, (reply) => port.postMessage(reply));
  };
} else {
  self.onmessage = (message: MessageEvent) => answer(message.data as FinderWorkerMessage, (reply) => self.postMessage(reply));
}
