import type { AliasMatcher } from '../core/match/alias-matcher';
import { findMentions, type MentionFilter, type PageMention } from '../core/match/find-mentions';
import type { RequestChannel } from '../messaging/port';
import { ProtocolError, type MentionsRequest } from '../messaging/protocol';

/**
 * Finds the mentions in a batch of block texts. Pages ask the background
 * worker (`workerMentionFinder`), whose matching code stays compiled from
 * page to page and runs beside the page's main thread; tests and the bench's
 * in-page comparison find them here.
 */
export interface MentionFinder {
  /** Each text's mentions, in the order of `texts`. */
  find(texts: readonly string[]): Promise<PageMention[][]>;
}

/** Finds mentions in this thread. */
export function localMentionFinder(matcher: AliasMatcher, filter: MentionFilter): MentionFinder {
  return { find: async (texts) => texts.map((text) => findMentions(text, matcher, filter)) };
}

/** A request the worker has not answered in this long is given up: the scan goes on without its blocks. */
export const FINDER_TIMEOUT_MS = 20_000;

/**
 * Asks the background worker over the page's request port. `onStale` is
 * called (once) when the worker no longer holds the page's dictionary (the
 * index or the reader's choices changed): the page is to be set up again.
 */
export function workerMentionFinder(
  channel: RequestChannel,
  request: Omit<MentionsRequest, 'texts'>,
  onStale: () => void,
  timeoutMs = FINDER_TIMEOUT_MS,
): MentionFinder {
  let staleSeen = false;
  return {
    find: (texts) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('the background worker did not answer in time')), timeoutMs);
      });
      const answer = channel.send('mentions.find', { ...request, texts });
      return Promise.race([answer, timeout])
        .catch((error: unknown) => {
          if (error instanceof ProtocolError && error.code === 'not-found' && !staleSeen) {
            staleSeen = true;
            onStale();
          }
          throw error;
        })
        .finally(() => clearTimeout(timer));
    },
  };
}
