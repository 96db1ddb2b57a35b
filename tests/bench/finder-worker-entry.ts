/**
 * Bundled into a dedicated Web Worker beside the bench page: the background
 * worker's side of `mentions.find` (see src/worker/mention-finding.ts), on the
 * same code, answering over postMessage instead of a runtime port.
 */
import { AliasMatcher } from '../../src/core/match/alias-matcher';
import { findMentions, type MentionFilter } from '../../src/core/match/find-mentions';
import type { DictionaryWithMatcher } from './fixtures';

let matcher: AliasMatcher | undefined;
let filter: MentionFilter | undefined;

self.onmessage = (event: MessageEvent) => {
  const data = event.data as { dictionary: DictionaryWithMatcher; firstPerBlock: boolean } | { id: number; texts: string[] };
  if ('dictionary' in data) {
    matcher = AliasMatcher.fromJSON(data.dictionary.matcher);
    filter = {
      entityIds: new Set(Object.keys(data.dictionary.entities)),
      figureKinds: new Set(data.dictionary.figureKinds),
      firstPerBlock: data.firstPerBlock,
    };
    self.postMessage({ ready: true });
    return;
  }
  self.postMessage({ id: data.id, lists: data.texts.map((text) => findMentions(text, matcher!, filter!)) });
};
