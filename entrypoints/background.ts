import { BUNDLED_INDEX } from 'virtual:footnote-index';
import { createIndexService } from '../src/db/index-service';
import { handleMessage } from '../src/messaging/handler';

export default defineBackground(() => {
  const index = createIndexService({
    bundledHash: BUNDLED_INDEX.hash,
    // A packaged file read from the extension itself: no network involved.
    fetchIndex: async () => (await fetch(browser.runtime.getURL(`/${BUNDLED_INDEX.file}` as '/'))).json(),
  });

  browser.runtime.onInstalled.addListener(() => {
    index.ready().catch((error: unknown) => console.error('Footnote: index load failed', error));
  });
  browser.runtime.onMessage.addListener((message: unknown) => handleMessage(message, index));
});
