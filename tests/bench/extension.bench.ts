/**
 * The real built extension in Chromium: how long after a page loads its first
 * marks appear (worker round trip for the dictionary, matcher load, first
 * scan slice), on a news article and on the ~1 MB page of page-scan.bench.ts,
 * where it also times until all its marks are counted. Uses the e2e harness,
 * so its network guard applies.
 */
import type { Page } from 'playwright-core';
import { median, type BenchContext, type Benchmark, type BenchRow } from './bench';
import { buildArticlePage, buildDictionary, buildLargePage, readCorpusArticles } from './fixtures';

/** As page-scan.bench.ts builds it (its synthetic names come with the 2,000-alias dictionary). */
const LARGE_PAGE_CHARS = 1_000_000;
const LARGE_PAGE_ALIASES = 2000;
/** The badge count unchanged this long: the page's scan is over. */
const QUIET_MS = 2000;

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

/**
 * Runs in an extension page: records each change of the per-tab mention
 * counts the worker keeps for the badge (in session storage), with its time.
 * It only listens to writes the extension makes anyway: no load of its own.
 */
const WATCH_COUNTS = `(() => {
  window.__benchCounts = [];
  chrome.storage.session.onChanged.addListener((changes) => {
    const change = changes.mentionCounts;
    if (!change) return;
    const tabs = Object.values(change.newValue ?? {});
    const total = tabs.reduce((sum, frames) => sum + Object.values(frames).reduce((a, b) => a + b, 0), 0);
    window.__benchCounts.push({ at: performance.timeOrigin + performance.now(), total, tabs: tabs.length });
  });
})()`;

interface CountChange {
  /** Epoch ms (performance.timeOrigin + now), comparable across processes. */
  at: number;
  total: number;
  tabs: number;
}

interface LargeVisit extends FirstMarks {
  /** Epoch ms of the page's load event end. */
  loadEndEpoch: number;
  /** Epoch ms when the count reached its final value, and that value. */
  allCountedEpoch: number;
  counted: number;
}

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
      const large = await largePageVisits(context, harness);
      harness.assertNoForeignRequests();
      return [
        { metric: 'extension: page load → first marks', value: median(warm.map(sinceLoad)), unit: 'ms' },
        { metric: 'extension: navigation start → first marks', value: median(warm.map((m) => m.at)), unit: 'ms' },
        { metric: 'extension: DOMContentLoaded → first marks', value: median(warm.map((m) => m.at - m.domContentLoaded)), unit: 'ms' },
        { metric: 'extension: page load → first marks, first page after install', value: sinceLoad(cold), unit: 'ms' },
        ...large,
      ];
    } finally {
      await harness.close();
    }
  },
};

/**
 * The 1 MB page in the real extension (its bundled corpus index, not the
 * bench's 2,000 aliases), per run: the browser restarted on the same profile
 * (index stored), so the first page is the worker's first since it started
 * (it loads the matcher and finds with code never run), then the same page
 * again in a new tab, the worker warm.
 */
async function largePageVisits(context: BenchContext, harness: import('../e2e/harness').ExtensionHarness): Promise<BenchRow[]> {
  const articles = readCorpusArticles(context.repoRoot);
  const { syntheticNames } = await buildDictionary(context.repoRoot, LARGE_PAGE_ALIASES);
  const url = harness.server.addPage('/bench/large.html', buildLargePage(articles, syntheticNames, LARGE_PAGE_CHARS).html);

  const visit = async (watcher: Page): Promise<LargeVisit> => {
    await watcher.evaluate('window.__benchCounts = []');
    const page = await harness.newPage();
    try {
      const marks = await firstMarks(page, url);
      const loadEndEpoch = (await page.evaluate(`performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd`)) as number;
      // Polled in the extension page, not the measured one, at a slow pace.
      // A function, not a string: the extension page's CSP forbids eval.
      await watcher.waitForFunction(
        (quietMs) => {
          const last = (window as unknown as { __benchCounts: CountChange[] }).__benchCounts.at(-1);
          return last !== undefined && last.total > 0 && performance.timeOrigin + performance.now() - last.at > quietMs;
        },
        QUIET_MS,
        { timeout: 120_000, polling: 250 },
      );
      const changes = (await watcher.evaluate('window.__benchCounts')) as CountChange[];
      if (changes.some((change) => change.tabs > 1)) throw new Error('counts of another tab were reported during the visit');
      const last = changes.at(-1)!;
      return { ...marks, loadEndEpoch, allCountedEpoch: last.at, counted: last.total };
    } finally {
      await page.close();
    }
  };

  const first: LargeVisit[] = [];
  const second: LargeVisit[] = [];
  for (let run = 0; run < context.runs; run++) {
    await harness.reopen();
    await harness.context.addInitScript({ content: WATCH_FIRST_MARKS });
    const watcher = await harness.openExtensionPage('popup.html');
    await watcher.evaluate(WATCH_COUNTS);
    first.push(await visit(watcher));
    second.push(await visit(watcher));
    await watcher.close();
    context.log(
      `extension, 1 MB page, run ${run + 1}: first page after start ${(first.at(-1)!.at - first.at(-1)!.loadEnd).toFixed(0)} ms to first marks, ${(first.at(-1)!.allCountedEpoch - first.at(-1)!.loadEndEpoch).toFixed(0)} ms to ${first.at(-1)!.counted} counted; second page ${(second.at(-1)!.at - second.at(-1)!.loadEnd).toFixed(0)} / ${(second.at(-1)!.allCountedEpoch - second.at(-1)!.loadEndEpoch).toFixed(0)} ms, ${second.at(-1)!.counted} counted`,
    );
  }
  const counts = new Set([...first, ...second].map((v) => v.counted));
  if (counts.size !== 1) throw new Error(`the 1 MB page's visits counted different totals: ${[...counts].join(', ')}`);
  const toFirst = (visits: LargeVisit[]) => median(visits.map((v) => v.at - v.loadEnd));
  const toAll = (visits: LargeVisit[]) => median(visits.map((v) => v.allCountedEpoch - v.loadEndEpoch));
  return [
    { metric: 'extension, 1 MB page, first page after the browser starts: page load → first marks', value: toFirst(first), unit: 'ms' },
    { metric: 'extension, 1 MB page, first page after the browser starts: page load → all marks counted (badge; 100 ms count debounce)', value: toAll(first), unit: 'ms' },
    { metric: 'extension, 1 MB page, second page (worker warm): page load → first marks', value: toFirst(second), unit: 'ms' },
    { metric: 'extension, 1 MB page, second page (worker warm): page load → all marks counted (badge; 100 ms count debounce)', value: toAll(second), unit: 'ms' },
    { metric: 'extension, 1 MB page: marks counted (bundled corpus index)', value: [...counts][0]!, unit: 'count' },
  ];
}
