import { AliasMatcher } from '../core/match/alias-matcher';
import { markableFilter, markableMentions } from '../core/match/dictionary';
import { findMentions, type MentionFilter, type PageMention } from '../core/match/find-mentions';
import { isEnabledFor } from '../core/site/site-key';
import type { IndexService, ReadyIndex } from '../db/index-service';
import type { FootnoteDb, IndexMeta, MatcherRecord } from '../db/schema';
import type { MentionDictionary, MentionsRequest, PageSetup } from '../messaging/protocol';
import { ProtocolError } from '../messaging/protocol';
import type { Settings } from '../settings/schema';

/** What the worker marks pages with: the dictionary pages are given, and the matcher they are not. */
interface PageMarking {
  dictionary: MentionDictionary;
  matcher: AliasMatcher;
  filter: MentionFilter;
}

async function loadMarking(db: FootnoteDb, key: string, settings: Settings): Promise<PageMarking> {
  const tx = db.transaction(['meta', 'indexParts']);
  const [record, meta, entities] = await Promise.all([
    tx.objectStore('meta').get('matcher'),
    tx.objectStore('meta').get('index'),
    tx.objectStore('indexParts').get('entities'),
  ]);
  if (record?.key !== 'matcher' || meta?.key !== 'index' || entities?.part !== 'entities') {
    throw new ProtocolError('not-ready', 'the mention matcher is not stored');
  }
  const dictionary = { key, ...markableMentions(entities.entities, (meta as IndexMeta).figureKinds, settings) };
  return {
    dictionary,
    matcher: AliasMatcher.fromJSON((record as MatcherRecord).matcher),
    filter: markableFilter(dictionary),
  };
}

/**
 * Answers a content script's "what should I mark here?" and finds the
 * mentions in the text it reads. Pages are given the dictionary (names,
 * kinds) but not the matcher: the worker finds mentions for them, with code
 * that stays compiled from page to page and off the page's main thread. The
 * matcher is loaded once per index and settings and reused for every page.
 */
export function createPageSetup(index: IndexService, loadSettings: () => Promise<Settings>) {
  let cached: { key: string; marking: Promise<PageMarking> } | undefined;

  const markingFor = async ({ db, status }: ReadyIndex, settings: Settings): Promise<PageMarking> => {
    const key = `${status.hash}:${JSON.stringify([settings.entityTypes, settings.figureKinds])}`;
    if (cached?.key !== key) {
      const marking = loadMarking(db, key, settings);
      cached = { key, marking };
      marking.catch(() => {
        if (cached?.marking === marking) cached = undefined;
      });
    }
    return cached.marking;
  };

  return {
    async setup(url: string): Promise<PageSetup> {
      const settings = await loadSettings();
      const display = { markEvery: settings.markEvery, highlight: settings.highlight };
      const decision = isEnabledFor(url, settings);
      if (!decision.enabled) return { enabled: false, reason: decision.reason, display };
      return { enabled: true, reason: decision.reason, dictionary: (await markingFor(await index.ready(), settings)).dictionary, display };
    },

    /**
     * Each text's mentions, for the dictionary the page was given. A page
     * still holding an older dictionary (the index or the reader's choices
     * changed since) is refused: it is about to be set up again.
     */
    async findMentions(request: MentionsRequest): Promise<PageMention[][]> {
      // A page at work: the worker's own sample cards hold off (and the index is made ready after a restart).
      const ready = await index.ready();
      // After a restart of the worker, the page's dictionary is loaded again if it is still the current one.
      const marking = await (cached?.key === request.key ? cached.marking : markingFor(ready, await loadSettings()));
      if (marking.dictionary.key !== request.key) throw new ProtocolError('not-found', 'the page holds an older dictionary');
      const filter: MentionFilter = { ...marking.filter, firstPerBlock: request.firstPerBlock };
      return request.texts.map((text) => findMentions(text, marking.matcher, filter));
    },
  };
}
