import { markableMentions } from '../core/match/dictionary';
import { isEnabledFor } from '../core/site/site-key';
import type { IndexService } from '../db/index-service';
import type { FootnoteDb, IndexMeta, MatcherRecord } from '../db/schema';
import type { MentionDictionary, PageSetup } from '../messaging/protocol';
import { ProtocolError } from '../messaging/protocol';
import type { Settings } from '../settings/schema';

async function buildDictionary(db: FootnoteDb, key: string, settings: Settings): Promise<MentionDictionary> {
  const tx = db.transaction(['meta', 'indexParts']);
  const [record, meta, entities] = await Promise.all([
    tx.objectStore('meta').get('matcher'),
    tx.objectStore('meta').get('index'),
    tx.objectStore('indexParts').get('entities'),
  ]);
  if (record?.key !== 'matcher' || meta?.key !== 'index' || entities?.part !== 'entities') {
    throw new ProtocolError('not-ready', 'the mention matcher is not stored');
  }
  return {
    key,
    matcher: (record as MatcherRecord).matcher,
    ...markableMentions(entities.entities, (meta as IndexMeta).figureKinds, settings),
  };
}

/**
 * Answers a content script's "what should I mark here?". The dictionary is
 * built once per index and settings and reused for every page.
 */
export function createPageSetup(index: IndexService, loadSettings: () => Promise<Settings>) {
  let cached: { key: string; dictionary: Promise<MentionDictionary> } | undefined;

  return async function setup(url: string): Promise<PageSetup> {
    const settings = await loadSettings();
    const display = { markEvery: settings.markEvery, highlight: settings.highlight };
    const decision = isEnabledFor(url, settings);
    if (!decision.enabled) return { enabled: false, reason: decision.reason, display };
    const { db, status } = await index.ready();
    const key = `${status.hash}:${JSON.stringify([settings.entityTypes, settings.figureKinds])}`;
    if (cached?.key !== key) {
      const dictionary = buildDictionary(db, key, settings);
      cached = { key, dictionary };
      dictionary.catch(() => {
        if (cached?.dictionary === dictionary) cached = undefined;
      });
    }
    return { enabled: true, reason: decision.reason, dictionary: await cached.dictionary, display };
  };
}
