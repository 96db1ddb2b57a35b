/**
 * Re-anchoring annotations on the twelve saved real-world pages
 * (tests/fixtures/pages), loaded in Chromium with their scripts off: 20 quotes
 * per page, described on the real DOM, each re-anchored after each kind of
 * real DOM edit, one edit at a time on the page as loaded (see
 * anchoring-page-entry.ts). Reports per edit kind how many are found exactly,
 * approximately, orphaned, or anchored to the wrong text, and how long reading
 * the page text, each anchor call, and placing all of a page's annotations
 * take; the first read and the placing also in a fresh isolated world, as a
 * content script meets the page on load.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { median, type BenchContext, type Benchmark, type BenchRow } from './bench';
import { EDIT_KINDS, type EditKind, type EditResult, type Outcome, type PageSetupResult, type PlaceTiming } from './anchoring-results';

const QUOTES_PER_PAGE = 20;
/** A content script's task should not block the page longer than this. */
const TASK_BUDGET_MS = 50;
/** Quotes still on the page after these edits: an orphan is a miss. Deleted ones must be orphans. */
const QUOTE_REMAINS: Record<EditKind, boolean> = {
  unedited: true,
  'word changed': true,
  'paragraph inserted before': true,
  'sentence inserted before, same paragraph': true,
  'word changed and sentence inserted before': true,
  'inline markup changed': true,
  'text split across nodes': true,
  'paragraph split before the quote': true,
  'whitespace and line breaks changed': true,
  'quote deleted': false,
  'paragraph deleted': false,
};
/** Cross-origin isolation: performance.now() ticks in 5 µs instead of 100 µs, which single anchor calls need. */
const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

interface PageRun {
  results: EditResult[];
  /** In a fresh isolated world each, as a content script on page load. */
  coldReadMs: number;
  placeUnedited: PlaceTiming;
  placeWordChanged: PlaceTiming;
}

interface PageMeasure {
  name: string;
  setup: PageSetupResult;
  runs: PageRun[];
}

/**
 * Runs `call` (an expression on `footnoteAnchoringBench`) in a new isolated
 * world of the page, where the bundle is loaded first: what a content script
 * meets on its first run (no JS wrappers for the page's nodes yet, cold code).
 */
async function inFreshWorld<T>(cdp: CDPSession, bundle: string, call: string): Promise<T> {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'footnote-anchoring-bench' });
  for (const expression of [bundle, `window.footnoteAnchoringBench.${call}`]) {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: executionContextId, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`in an isolated world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    if (expression !== bundle) return result.value as T;
  }
  throw new Error('unreachable');
}

/** One load of the page; the quotes go through every edit `context.runs` times (timings: median per edit). */
async function measurePage(context: BenchContext, bundle: string, name: string): Promise<PageMeasure> {
  const html = readFileSync(join(context.repoRoot, 'tests', 'fixtures', 'pages', `${name}.html`), 'utf8');
  const url = context.server.add(`/pages/${name}.html`, html, 'text/html; charset=utf-8', ISOLATED);
  const { page, context: browserContext } = await context.freshPage({ savedPage: true });
  try {
    const cdp = await browserContext.newCDPSession(page);
    // Without scripts the DOM is complete here; the page's images and frames (aborted) do not matter.
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.evaluate(bundle);
    if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error(`${name} is not cross-origin isolated: timings would be coarse`);
    const setup = await page.evaluate((count) => window.footnoteAnchoringBench.setup(count), QUOTES_PER_PAGE);
    const selectors = JSON.stringify(setup.selectors);
    const runs: PageRun[] = [];
    for (let run = 0; run < context.runs; run++) {
      const coldReadMs = await inFreshWorld<number>(cdp, bundle, 'timeRead()');
      const placeUnedited = await inFreshWorld<PlaceTiming>(cdp, bundle, `place(${selectors})`);
      await page.evaluate(() => window.footnoteAnchoringBench.editAll('word changed'));
      const placeWordChanged = await inFreshWorld<PlaceTiming>(cdp, bundle, `place(${selectors})`);
      await page.evaluate(() => window.footnoteAnchoringBench.restoreAll());
      const results = await page.evaluate((kinds) => window.footnoteAnchoringBench.run(kinds), EDIT_KINDS);
      runs.push({ results, coldReadMs, placeUnedited, placeWordChanged });
    }
    // Anchoring is deterministic: every run must resolve every edit the same way.
    const signature = (r: PageRun) => JSON.stringify(r.results.map((e) => [e.kind, e.quote, e.method, e.outcome]));
    if (runs.some((r) => signature(r) !== signature(runs[0]!))) throw new Error(`${name}: runs disagree on outcomes`);
    return { name, setup, runs };
  } finally {
    await browserContext.close();
  }
}

/** Per edit of one page, the median over runs of its anchor() and PageText.read times. */
function perEditTimes(page: PageMeasure): { result: EditResult; anchorMs: number; readMs: number }[] {
  return page.runs[0]!.results.map((result, i) => ({
    result,
    anchorMs: median(page.runs.map((r) => r.results[i]!.anchorMs)),
    readMs: median(page.runs.map((r) => r.results[i]!.readMs)),
  }));
}

function countRows(pages: readonly PageMeasure[]): BenchRow[] {
  const rows: BenchRow[] = [];
  const total = pages.length * QUOTES_PER_PAGE;
  for (const kind of EDIT_KINDS) {
    const results = pages.flatMap((page) => page.runs[0]!.results.filter((r) => r.kind === kind));
    const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
    const name = `anchoring, ${kind} (${total} quotes)`;
    const remains = QUOTE_REMAINS[kind];
    rows.push(
      { metric: `${name}: found exactly (position or quote)`, value: count('exact'), unit: 'count' },
      { metric: `${name}: found approximately (fuzzy)`, value: count('approximate'), unit: 'count' },
      remains
        ? { metric: `${name}: orphaned`, value: count('orphan'), unit: 'count', goal: { text: 'none (the quote is still there)', met: count('orphan') === 0 } }
        : { metric: `${name}: orphaned`, value: count('orphan'), unit: 'count', goal: { text: 'all', met: count('orphan') === total } },
      { metric: `${name}: WRONG (other text than expected)`, value: count('wrong'), unit: 'count', goal: { text: 'none', met: count('wrong') === 0 } },
    );
  }
  return rows;
}

function timingRows(context: BenchContext, pages: readonly PageMeasure[]): BenchRow[] {
  const edits = pages.flatMap((page) => perEditTimes(page).map((edit) => ({ ...edit, page: page.name })));
  const rows: BenchRow[] = [];
  const methods = [
    ['position', 'found by position'],
    ['quote', 'found by quote'],
    ['fuzzy', 'found approximately'],
    ['orphan', 'orphaned (full fuzzy search)'],
  ] as const;
  for (const [method, label] of methods) {
    const calls = edits.filter((edit) => edit.result.method === method);
    if (calls.length === 0) continue;
    const slowest = calls.reduce((a, b) => (b.anchorMs > a.anchorMs ? b : a));
    context.log(`anchor() ${label}: slowest ${slowest.anchorMs.toFixed(2)} ms on ${slowest.page}, ${slowest.result.kind}, quote ${slowest.result.quote}`);
    rows.push(
      { metric: `anchor() per call, ${label}, ${calls.length} calls: median`, value: median(calls.map((c) => c.anchorMs)), unit: 'ms' },
      // The whole call, for comparison: the page runs it as anchorInSteps, in slices (the place rows' longest task).
      { metric: `anchor() per call, ${label}: slowest`, value: slowest.anchorMs, unit: 'ms' },
    );
  }

  // PageText.read on each page as loaded: warm (the unedited copies, after many reads) and cold (first read in a fresh world).
  const reads = pages.map((page) => ({
    page,
    warm: median(edits.filter((e) => e.page === page.name && e.result.kind === 'unedited').map((e) => e.readMs)),
    cold: median(page.runs.map((run) => run.coldReadMs)),
    chars: page.setup.textLength,
  }));
  for (const read of reads) {
    context.log(`PageText.read ${read.page.name}: ${read.chars.toLocaleString('en-US')} chars, first in a fresh world ${read.cold.toFixed(2)} ms, warm ${read.warm.toFixed(2)} ms`);
  }
  const largest = reads.reduce((a, b) => (b.chars > a.chars ? b : a));
  const slowestCold = reads.reduce((a, b) => (b.cold > a.cold ? b : a));
  rows.push(
    { metric: `PageText.read, warm (a page read again and again), median of ${pages.length} pages`, value: median(reads.map((r) => r.warm)), unit: 'ms' },
    // The page reads in slices (readInSlices); these time one whole read.
    { metric: `PageText.read, warm, largest page (${largest.page.name}, ${largest.chars.toLocaleString('en-US')} chars)`, value: largest.warm, unit: 'ms' },
    { metric: `PageText.read, first in a fresh isolated world (as a content script on load), median of ${pages.length} pages`, value: median(reads.map((r) => r.cold)), unit: 'ms' },
    { metric: `PageText.read, first in a fresh isolated world, largest page (${largest.page.name})`, value: largest.cold, unit: 'ms' },
    { metric: `PageText.read, first in a fresh isolated world, slowest page (${slowestCold.page.name})`, value: slowestCold.cold, unit: 'ms' },
  );

  const places: [string, (run: PageRun) => PlaceTiming][] = [
    ['in a fresh isolated world, unedited page', (run) => run.placeUnedited],
    ['in a fresh isolated world, every quote with a word changed (fuzzy)', (run) => run.placeWordChanged],
  ];
  for (const [label, of] of places) {
    const perPage = pages.map((page) => ({
      page: page.name,
      ms: median(page.runs.map((run) => of(run).ms)),
      longestSlice: median(page.runs.map((run) => of(run).longestSlice)),
      anchored: of(page.runs[0]!).anchored,
    }));
    const slowest = perPage.reduce((a, b) => (b.ms > a.ms ? b : a));
    const longest = perPage.reduce((a, b) => (b.longestSlice > a.longestSlice ? b : a));
    context.log(`AnnotationLayer.place, ${label}: ${perPage.map((p) => `${p.page} ${p.ms.toFixed(1)} ms (${p.anchored}/${QUOTES_PER_PAGE})`).join(', ')}`);
    rows.push(
      { metric: `AnnotationLayer.place of ${QUOTES_PER_PAGE} annotations, ${label}: median page`, value: median(perPage.map((p) => p.ms)), unit: 'ms' },
      { metric: `AnnotationLayer.place of ${QUOTES_PER_PAGE} annotations, ${label}: slowest page (${slowest.page})`, value: slowest.ms, unit: 'ms' },
      {
        metric: `AnnotationLayer.place of ${QUOTES_PER_PAGE} annotations, ${label}: longest task (${longest.page})`,
        value: longest.longestSlice,
        unit: 'ms',
        goal: { text: `≤ ${TASK_BUDGET_MS} ms`, met: longest.longestSlice <= TASK_BUDGET_MS },
      },
      { metric: `AnnotationLayer.place of ${QUOTES_PER_PAGE} annotations, ${label}: anchored`, value: perPage.reduce((sum, p) => sum + p.anchored, 0), unit: 'count' },
    );
  }
  return rows;
}

export const anchoringBenchmark: Benchmark = {
  name: 'anchoring',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const names = readdirSync(join(context.repoRoot, 'tests', 'fixtures', 'pages'))
      .filter((file) => file.endsWith('.html'))
      .map((file) => file.slice(0, -'.html'.length))
      .sort();
    const bundle = await context.bundleEntry('anchoring-page-entry.ts');
    const pages: PageMeasure[] = [];
    for (const name of names) {
      const started = performance.now();
      const page = await measurePage(context, bundle, name);
      pages.push(page);
      const { setup } = page;
      const { results } = page.runs[0]!;
      const summary = EDIT_KINDS.map((kind) => {
        const of = results.filter((r) => r.kind === kind);
        return `${kind} ${['exact', 'approximate', 'orphan', 'wrong'].map((o) => of.filter((r) => r.outcome === o).length).join('/')}`;
      });
      context.log(
        `${name}: ${setup.selectors.length} quotes from ${setup.proseParagraphs} prose paragraphs, ${setup.textLength.toLocaleString('en-US')} chars, ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s; exact/approximate/orphan/wrong: ${summary.join(', ')}`,
      );
      for (const result of results) if (result.detail) context.log(`  ${name}, ${result.kind}, quote ${result.quote}: ${result.detail}`);
    }
    return [...countRows(pages), ...timingRows(context, pages)];
  },
};
