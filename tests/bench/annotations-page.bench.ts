/**
 * The built extension's annotations page with a researcher's collection: how
 * long until the list shows, the longest task meanwhile, and how long three
 * keys typed in the search take to show their result.
 */
import { exportAnnotationsJson } from '../../src/core/annotations/export';
import { createAnnotation, type Annotation } from '../../src/core/annotations/model';
import { median, type BenchContext, type Benchmark, type BenchRow } from './bench';

const COLLECTIONS = [1_000, 5_000];
const SEARCH = 'arr';

function collection(size: number): Annotation[] {
  return Array.from({ length: size }, (_, i) =>
    createAnnotation(
      {
        pageUrl: `https://news${i % 50}.example.org/story-${i}`,
        pageTitle: `Story ${i}`,
        selectors: [{ type: 'TextQuoteSelector', exact: `ICE arrested ${i} people in the raids`, prefix: 'On Tuesday ', suffix: ' across' }],
        note: `Note **${i}**: compare with the 498 arrests in 2017 and the 2,000 in 2020.`,
        noteFormat: 'text/markdown',
        tags: ['ICE', `tag ${i % 30}`],
      },
      () => new Date(Date.UTC(2024, 0, 1, 0, i)),
      () => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    ),
  );
}

interface PageTimes {
  listShown: number;
  longestTask: number;
  searched: number;
}

export const annotationsPageBenchmark: Benchmark = {
  name: 'annotations-page',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const { ExtensionHarness } = await import('../e2e/harness');
    const rows: BenchRow[] = [];
    for (const size of COLLECTIONS) {
      // A profile of its own per size: deleting thousands of annotations would take longer than the bench.
      const harness = await ExtensionHarness.launch({ extensionDir: context.extensionBuild() });
      try {
        const text = exportAnnotationsJson(collection(size));
        const reply = await harness.sendMessage<{ ok: boolean; value?: { added: number } }>({ type: 'annotations.import', text }, 'annotations.html');
        if (!reply.ok || reply.value?.added !== size) throw new Error(`import of ${size} annotations: ${JSON.stringify(reply).slice(0, 200)}`);
        const times: PageTimes[] = [];
        for (let run = 0; run < context.runs; run++) {
          const page = await harness.openExtensionPage('annotations.html');
          try {
            const listShown = await page.evaluate(async () => {
              const started = performance.getEntriesByType('navigation')[0]!.startTime;
              while (!document.querySelector('.annotation')) await new Promise((resolve) => setTimeout(resolve, 5));
              return performance.now() - started;
            });
            const longestTask = await page.evaluate(
              () =>
                new Promise<number>((resolve) => {
                  let longest = 0;
                  new PerformanceObserver((list) => {
                    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
                  }).observe({ type: 'longtask', buffered: true });
                  setTimeout(() => resolve(longest), 300);
                }),
            );
            const search = page.getByRole('searchbox', { name: 'Search' });
            const typed = performance.now();
            await search.pressSequentially(SEARCH);
            await page.waitForFunction(
              (query) => (document.querySelector('[data-testid="shown-count"]')?.textContent ?? '').includes('shown') && (document.querySelector('input[type=search]') as HTMLInputElement).value === query,
              SEARCH,
            );
            times.push({ listShown, longestTask, searched: performance.now() - typed });
          } finally {
            await page.close();
          }
        }
        harness.assertNoForeignRequests();
        context.log(`annotations page, ${size} annotations: list ${times.map((t) => t.listShown.toFixed(0)).join(', ')} ms; longest task ${times.map((t) => t.longestTask.toFixed(0)).join(', ')} ms`);
        const label = `annotations page, ${size.toLocaleString('en-US')} annotations`;
        rows.push(
          { metric: `${label}: open → list shown`, value: median(times.map((t) => t.listShown)), unit: 'ms' },
          { metric: `${label}: longest task while opening`, value: median(times.map((t) => t.longestTask)), unit: 'ms' },
          { metric: `${label}: three keys typed in the search → list filtered`, value: median(times.map((t) => t.searched)), unit: 'ms' },
        );
      } finally {
        await harness.close();
      }
    }
    return rows;
  },
};
