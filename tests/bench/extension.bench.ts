/**
 * The real built extension in Chromium: how long after a page loads its first
 * marks appear (worker round trip for the dictionary, matcher load, first
 * scan slice). Uses the e2e harness, so its network guard applies.
 */
import type { Page } from 'playwright-core';
import { median, type BenchContext, type Benchmark, type BenchRow } from './bench';
import { buildArticlePage, readCorpusArticles } from './fixtures';

interface FirstMarks {
  /** performance.now() (from navigation start) when the first entity mark was seen. */
  at: number;
  domContentLoaded: number;
  loadEnd: number;
}

/**
 * Runs in the page's main world from document start: polls the highlight
 * registry (shared with the content script's isolated world) after every
 * task from DOMContentLoaded on; content scripts run at document_idle, later.
 */
const WATCH_FIRST_MARKS = `(() => {
  if (window !== window.top) return;
  const channel = new MessageChannel();
  const poll = () => {
    if ((CSS.highlights.get('footnote-entity')?.size ?? 0) > 0) {
      window.__footnoteFirstMarks = performance.now();
      return;
    }
    channel.port2.postMessage(null);
  };
  channel.port1.onmessage = poll;
  document.addEventListener('DOMContentLoaded', poll);
})();`;

async function firstMarks(page: Page, url: string): Promise<FirstMarks> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction('window.__footnoteFirstMarks !== undefined', undefined, { timeout: 60_000 });
  return page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { at: window.__footnoteFirstMarks, domContentLoaded: nav.domContentLoadedEventEnd, loadEnd: nav.loadEventEnd };
  })()`) as Promise<FirstMarks>;
}

export const extensionBenchmark: Benchmark = {
  name: 'extension',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const article = readCorpusArticles(context.repoRoot)[0]!;
    // Loaded only when this benchmark runs: the others do not need the e2e harness (or vitest).
    const { ExtensionHarness } = await import('../e2e/harness');
    const harness = await ExtensionHarness.launch({ extensionDir: context.extensionBuild() });
    try {
      const url = harness.server.addPage('/bench/article.html', buildArticlePage(article));
      await harness.context.addInitScript({ content: WATCH_FIRST_MARKS });
      const visit = async () => {
        const page = await harness.newPage();
        try {
          return await firstMarks(page, url);
        } finally {
          await page.close();
        }
      };
      // The first page after install waits for the worker to load the bundled index.
      const cold = await visit();
      const warm: FirstMarks[] = [];
      for (let run = 0; run < context.runs; run++) warm.push(await visit());
      harness.assertNoForeignRequests();
      const sinceLoad = (m: FirstMarks) => m.at - m.loadEnd;
      context.log(`extension first marks after load: ${warm.map((m) => sinceLoad(m).toFixed(0)).join(', ')} ms (first page ${sinceLoad(cold).toFixed(0)} ms)`);
      return [
        { metric: 'extension: page load → first marks', value: median(warm.map(sinceLoad)), unit: 'ms' },
        { metric: 'extension: navigation start → first marks', value: median(warm.map((m) => m.at)), unit: 'ms' },
        { metric: 'extension: DOMContentLoaded → first marks', value: median(warm.map((m) => m.at - m.domContentLoaded)), unit: 'ms' },
        { metric: 'extension: page load → first marks, first page after install', value: sinceLoad(cold), unit: 'ms' },
      ];
    } finally {
      await harness.close();
    }
  },
};
