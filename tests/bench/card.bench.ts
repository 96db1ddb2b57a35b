/**
 * The context card's speed in the real built extension: from the keyboard's
 * Enter on a mention (CardController.open, the path the hover-intent timer
 * takes after its 250 ms) until the card's answer is in the DOM, over 200
 * lookups on a page of the five corpus articles. Twice: with the shipped index,
 * and with a synthetic 10,000-passage index put into the extension's own
 * IndexedDB. Then the same requests apart: the query in the worker (same
 * IndexedDB, same reader), the request's round trip from an extension page
 * (query plus messaging), the card's render in a page with the answer ready,
 * and our retrieval against MiniSearch over the same passages (in Node).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Profiler } from 'node:inspector';
import { dirname, join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type CDPSession } from 'puppeteer-core';
import { parseIndex, type CorpusIndex } from '../../src/core/index/format';
import { REQUEST_PORT } from '../../src/messaging/port';
import type { PageSetup, Reply } from '../../src/messaging/protocol';
import type { PageMention } from '../../src/core/match/find-mentions';
import type { ExtensionHarness } from '../e2e/harness';
import { sendFocusCommand } from '../e2e/corpus-pages';
import { median, versus, type BenchContext, type Benchmark, type BenchRow } from './bench';
import { syntheticCorpus } from './card-corpus';
import type { CardRequest, LookupTiming, MeasureOptions, RecordedLookup } from './card-page-entry';
import { explainLookups, PAGE_CLOCK_MARK, startTrace, stopTrace, WORKER_CLOCK_MARK } from './card-trace';
import { compareRetrieval, profileCardQueries, summarize } from './card-retrieval';
import type { FootnoteCardWorkerBench, QueryTimings, RequestTrace } from './card-worker-entry';
import { escapeHtml, readCorpusArticles } from './fixtures';

const LOOKUPS = 200;
/** The lookups told apart as the first ones of a new worker and page. */
const EARLY_LOOKUPS = 50;
const SYNTHETIC_PASSAGES = 10_000;
const GOAL_P95_MS = 30;
/** Each timed loop stops here, with fewer lookups, should the queries be slow. */
const LOOP_BUDGET_MS = 90_000;
/** The round trips only tell the messaging apart from the query: fewer will do when queries are slow. */
const ROUND_TRIP_BUDGET_MS = 30_000;
const CARD_TIMEOUT_MS = 60_000;
/** The worker counts as done reading and preparing its index once its thread has been free this long. */
const WORKER_QUIET_MS = 500;

/** Nearest rank: the smallest value with at least p % of the values at or below it. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The five corpus articles on one news page: many mentions of every kind. */
function corpusPage(repoRoot: string): string {
  const stories = readCorpusArticles(repoRoot).map(
    (article) => `<article><h2>${escapeHtml(article.title)}</h2>
<p class="byline">${escapeHtml(article.author ?? '')} · ${article.date ?? ''}</p>
${article.paragraphs.map((p) => `<p>${escapeHtml(p.text)}</p>`).join('\n')}</article>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Immigration coverage</title>
<style>body { font: 17px/1.55 Georgia, serif; max-width: 42em; margin: 2em auto; color: #222; background: #fff; }</style></head>
<body><main>${stories.join('\n')}</main></body></html>`;
}

/**
 * The extension's service worker, which the bench stops as Chrome does when
 * it idles: the next message starts a new one. Playwright keeps one Worker
 * object across restarts, and a call into it while stopped never returns, so
 * every use wakes the worker first.
 */
class ExtensionWorker {
  private constructor(
    private readonly harness: ExtensionHarness,
    private readonly devtools: PuppeteerBrowser,
    private readonly url: string,
  ) {}

  static async attach(harness: ExtensionHarness): Promise<ExtensionWorker> {
    const port = readFileSync(join(harness.userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    const devtools = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
    return new ExtensionWorker(harness, devtools, (await harness.worker()).url());
  }

  /** The worker, running: a message from an extension page starts it if it was stopped. */
  async current(): Promise<Worker> {
    await this.harness.sendMessage({ type: 'index.status' });
    return this.harness.worker();
  }

  async stop(): Promise<void> {
    const session = await this.devtools.target().createCDPSession();
    try {
      const running = async () => (await session.send('Target.getTargets')).targetInfos.find((info) => info.type === 'service_worker' && info.url === this.url);
      const target = await running();
      if (!target) throw new Error('the service worker is not running');
      await session.send('Target.closeTarget', { targetId: target.targetId });
      for (const deadline = Date.now() + 10_000; await running(); await new Promise((resolve) => setTimeout(resolve, 50))) {
        if (Date.now() > deadline) throw new Error('the service worker did not stop');
      }
    } finally {
      await session.detach();
    }
  }

  /** Evaluates one of our bundles in the running worker (never packaged: DevTools evaluation is not bound by the extension's CSP). */
  async withScript(script: string): Promise<Worker> {
    const worker = await this.current();
    await worker.evaluate(script);
    return worker;
  }

  /** A DevTools session on the browser: for a trace of every process. */
  browserSession(): Promise<CDPSession> {
    return this.devtools.target().createCDPSession();
  }

  async detach(): Promise<void> {
    await this.devtools.disconnect();
  }
}

function measureInPage(page: Page, count: number, options: Partial<MeasureOptions> = {}): Promise<LookupTiming[]> {
  return page.evaluate(([n, o]) => window.footnoteCardBench.measureLookups(n, o), [
    count,
    { budgetMs: LOOP_BUDGET_MS, timeoutMs: CARD_TIMEOUT_MS, advance: true, settle: true, ...options },
  ] as const);
}

/**
 * The card's requests sent from an extension page as a content script sends
 * them, over the worker's request port: query plus messaging (the answer
 * serialised across processes).
 */
async function requestRoundTrips(harness: ExtensionHarness, requests: readonly CardRequest[], budgetMs: number): Promise<number[]> {
  // The popup asks the worker for nothing bigger than the index status on load, so nothing competes with the requests.
  const page = await harness.openExtensionPage('popup.html');
  try {
    return await page.evaluate(
      async ([list, budget, portName]) => {
        interface Port {
          postMessage(message: unknown): void;
          onMessage: { addListener(listener: (message: { id: number; reply: { ok: boolean } }) => void): void };
          disconnect(): void;
        }
        const { runtime } = (globalThis as unknown as { chrome: { runtime: { connect(info: { name: string }): Port } } }).chrome;
        const port = runtime.connect({ name: portName });
        const waiting = new Map<number, (reply: { ok: boolean }) => void>();
        port.onMessage.addListener(({ id, reply }) => waiting.get(id)?.(reply));
        const times: number[] = [];
        const started = performance.now();
        try {
          for (const [id, { type, request }] of list.entries()) {
            if (performance.now() - started >= budget) break;
            const start = performance.now();
            const reply = await new Promise<{ ok: boolean }>((resolve) => {
              waiting.set(id, resolve);
              port.postMessage({ id, message: { type: type === 'entity' ? 'entity.passages' : 'figure.passages', ...request } });
            });
            times.push(performance.now() - start);
            if (!reply.ok) throw new Error(`request failed: ${JSON.stringify(reply)}`);
          }
        } finally {
          port.disconnect();
        }
        return times;
      },
      [requests, budgetMs, REQUEST_PORT] as const,
    );
  } finally {
    await page.close();
  }
}

/** Every mention the content script in the active tab marked (the page registers only those near the viewport). */
function extensionMarkCount(worker: Worker): Promise<number> {
  return worker.evaluate(async () => {
    const { tabs } = (globalThis as unknown as { chrome: typeof browser }).chrome;
    const [tab] = await tabs.query({ active: true });
    const info = (await tabs.sendMessage(tab!.id!, { type: 'page.info' }, { frameId: 0 })) as { total: number };
    return info.total;
  });
}

function assertCards(timings: readonly LookupTiming[], where: string): void {
  const failed = timings.filter((t) => t.error !== undefined || t.title === '');
  if (failed.length > 0) throw new Error(`${where}: ${failed.length} cards without an answer, e.g. ${JSON.stringify(failed[0])}`);
}

interface CorpusRun {
  label: string;
  e2e: LookupTiming[];
  /** The worker's side of the same lookups: when each request arrived. */
  trace: RequestTrace;
  /** First lookup after a worker restart, and the same lookup right after it. */
  cold: LookupTiming[];
  again: LookupTiming[];
  queries: QueryTimings;
  render: LookupTiming[];
  /** The same requests from an extension page: query and messaging. */
  roundTrips: number[];
  lookups: RecordedLookup[];
}

/** Everything for one index already stored in the extension's IndexedDB. */
async function measureCorpus(
  context: BenchContext,
  harness: ExtensionHarness,
  extension: ExtensionWorker,
  bundles: { page: string; worker: string },
  label: string,
): Promise<CorpusRun> {
  const path = `/bench/card-${label.replace(/\W+/g, '-')}.html`;
  const html = corpusPage(context.repoRoot);
  const e2eUrl = harness.server.addPage(path, html);
  // The dictionary the content script gets for this page, for our own session in the render page.
  const reply = await harness.sendMessage<Reply<PageSetup>>({ type: 'page.setup', url: e2eUrl });
  if (!reply.ok || !reply.value.dictionary) throw new Error(`page.setup failed: ${JSON.stringify(reply)}`);
  const setup = reply.value;

  const page = await harness.newPage();
  let e2e: LookupTiming[];
  let trace: RequestTrace;
  const cold: LookupTiming[] = [];
  const again: LookupTiming[] = [];
  let markCount: number;
  try {
    await page.goto(e2eUrl);
    await page.addScriptTag({ content: bundles.page });
    await page.evaluate(() => window.footnoteCardBench.settledMarks(500, 30_000));
    markCount = await extensionMarkCount(await extension.current());
    await sendFocusCommand(await extension.current(), 'next');
    await page.waitForFunction(() => (CSS.highlights.get('footnote-focus')?.size ?? 0) === 1);
    // The lookups time a worker that has its index in memory and its queries prepared, as it has
    // once a page is marked and read; the first lookup of a new worker is timed apart (`cold`).
    const busyMs = await (await extension.withScript(bundles.worker)).evaluate(
      ([quietMs, timeoutMs]) => (globalThis as unknown as { footnoteCardBench: FootnoteCardWorkerBench }).footnoteCardBench.idle(quietMs, timeoutMs),
      [WORKER_QUIET_MS, CARD_TIMEOUT_MS] as const,
    );
    context.log(`card ${label}: the worker was busy for ${busyMs.toFixed(0)} ms more after the page's marks settled`);
    const tracing = context.profile ? await extension.browserSession() : undefined;
    if (tracing) await startTrace(tracing);
    await (await extension.withScript(bundles.worker)).evaluate(() =>
      (globalThis as unknown as { footnoteCardBench: FootnoteCardWorkerBench }).footnoteCardBench.traceRequests(),
    );
    e2e = await measureInPage(page, LOOKUPS);
    if (tracing) {
      const events = await stopTrace(tracing);
      await tracing.detach();
      const slowest = e2e.map((t, i) => ({ label: `#${i}`, ...t })).sort((a, b) => b.ms - a.ms).slice(0, LOOKUPS / 20);
      context.log(`card ${label}, the slowest lookups in a Chrome trace:\n  ${explainLookups(events, slowest, { pageMark: PAGE_CLOCK_MARK, workerMark: WORKER_CLOCK_MARK }).join('\n  ')}`);
    }
    trace = await (await extension.current()).evaluate(() =>
      (globalThis as unknown as { footnoteCardBench: FootnoteCardWorkerBench }).footnoteCardBench.takeTrace(),
    );
    assertCards(e2e, `${label}, extension`);
    for (let run = 0; run < context.runs; run++) {
      await extension.stop();
      cold.push(...(await measureInPage(page, 1, { advance: false })));
      again.push(...(await measureInPage(page, 1)));
    }
    assertCards([...cold, ...again], `${label}, extension after a worker restart`);
  } finally {
    await page.close();
  }

  const { page: renderPage, context: renderContext } = await context.freshPage();
  try {
    await renderPage.goto(context.server.add(path, html));
    await renderPage.addScriptTag({ content: bundles.page });
    await renderPage.exposeFunction('footnoteFindMentions', async (texts: string[]) => {
      const request = { type: 'mentions.find', key: setup.dictionary!.key, texts, firstPerBlock: setup.display.markEvery === 'first-per-paragraph' };
      const found = await harness.sendMessage<Reply<PageMention[][]>>(request);
      if (!found.ok) throw new Error(`mentions.find failed: ${found.error.message}`);
      return found.value;
    });
    const sessionMarks = await renderPage.evaluate(
      ([dictionary, display]) => window.footnoteCardBench.startSession(dictionary, display),
      [setup.dictionary!, setup.display] as const,
    );
    if (sessionMarks !== markCount) throw new Error(`${label}: the extension marked ${markCount} mentions, the render page ${sessionMarks}`);
    const lookups = await renderPage.evaluate((n) => window.footnoteCardBench.recordLookups(n), e2e.length);

    const worker = await extension.withScript(bundles.worker);
    const queries = await worker.evaluate(
      ([requests, coldCount, budget]) =>
        (globalThis as unknown as { footnoteCardBench: FootnoteCardWorkerBench }).footnoteCardBench.timeQueries(requests, coldCount, budget),
      [lookups.map((l) => l.request), context.runs, LOOP_BUDGET_MS] as const,
    );
    const roundTrips = await requestRoundTrips(harness, lookups.slice(0, queries.ms.length).map((l) => l.request), ROUND_TRIP_BUDGET_MS);

    await renderPage.evaluate((answers) => window.footnoteCardBench.provideAnswers(answers), queries.answers);
    // One untimed pass first: the extension's content script had compiled its code by the time it was measured too.
    await measureInPage(renderPage, queries.answers.length, { budgetMs: Infinity });
    await renderPage.evaluate(() => window.footnoteCardBench.restart());
    const render = await measureInPage(renderPage, queries.answers.length);
    if (context.profile) {
      // Once more under the profiler (untimed): where the card's render spends its time.
      await renderPage.evaluate(() => window.footnoteCardBench.restart());
      const cdp = await renderContext.newCDPSession(renderPage);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      await measureInPage(renderPage, queries.answers.length, { budgetMs: Infinity });
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      saveProfile(context, `bench-card-render-${label.replace(/\W+/g, '-').replace(/-+$/, '')}`, `the card's render, ${label}`, profile);
    }
    assertCards(render, `${label}, render page`);
    // The same mentions in the same order on both sides, or the per-lookup differences mean nothing.
    const mismatch = render.findIndex((t, i) => t.title !== e2e[i]!.title || t.passages !== e2e[i]!.passages);
    if (mismatch >= 0) {
      throw new Error(`${label}: lookup ${mismatch} shows ${JSON.stringify(render[mismatch])} in the render page but ${JSON.stringify(e2e[mismatch])} in the extension`);
    }
    return { label, e2e, trace, cold, again, queries, render, roundTrips, lookups: lookups.slice(0, render.length) };
  } finally {
    await renderContext.close();
  }
}

function over(values: readonly unknown[]): string {
  return values.length === LOOKUPS ? `${LOOKUPS} lookups` : `${values.length} lookups (time budget)`;
}

function logByType(context: BenchContext, run: CorpusRun): void {
  const answerKb = run.queries.answers.map((answer) => Buffer.byteLength(JSON.stringify(answer)) / 1024);
  context.log(`card ${run.label}: answers as JSON, median ${median(answerKb).toFixed(1)} KB, largest ${Math.max(...answerKb).toFixed(1)} KB`);
  for (const type of ['entity', 'figure'] as const) {
    const indexes = run.lookups.flatMap((l, i) => (l.request.type === type ? [i] : []));
    if (indexes.length === 0) continue;
    const pick = (values: readonly number[]) => indexes.filter((i) => i < values.length).map((i) => values[i]!);
    const e2e = pick(run.e2e.map((t) => t.ms));
    const query = pick(run.queries.ms);
    const render = pick(run.render.map((t) => t.ms));
    context.log(
      `card ${run.label}, ${indexes.length} ${type} lookups: extension p50 ${percentile(e2e, 50).toFixed(1)} / p95 ${percentile(e2e, 95).toFixed(1)} ms, ` +
        `query p50 ${percentile(query, 50).toFixed(1)} / p95 ${percentile(query, 95).toFixed(1)} ms, render p50 ${percentile(render, 50).toFixed(1)} / p95 ${percentile(render, 95).toFixed(1)} ms`,
    );
    // Code not yet compiled by V8 shows in the first lookups of a new worker and page.
    const early = indexes.filter((i) => i < EARLY_LOOKUPS && i < run.e2e.length).map((i) => run.e2e[i]!.ms);
    const late = indexes.filter((i) => i >= EARLY_LOOKUPS && i < run.e2e.length).map((i) => run.e2e[i]!.ms);
    if (early.length > 0 && late.length > 0) {
      context.log(
        `card ${run.label}, ${type} lookups among the first ${EARLY_LOOKUPS}: extension p50 ${percentile(early, 50).toFixed(1)} / max ${Math.max(...early).toFixed(1)} ms; ` +
          `after them: p50 ${percentile(late, 50).toFixed(1)} / p95 ${percentile(late, 95).toFixed(1)} ms`,
      );
    }
  }
}

interface WorkerSplit {
  toWorker: number[];
  fromWorker: number[];
  /** From the request's arrival until the worker's thread is free again (the query and the reply's posting). */
  inWorker: number[];
  /** From then until the card is in the DOM (the message across, the content script, the render). */
  toCard: number[];
}

/**
 * The extension's lookups split where each request reaches the worker: Enter
 * until then (the content script's side and the message there), and from then
 * until the card is in the DOM (the query, the message back and the render),
 * and again where the worker's thread is free after answering.
 * Undefined when the trace does not pair one request with each lookup.
 */
function splitAtWorker(run: CorpusRun): WorkerSplit | undefined {
  const { arrived, freed } = run.trace;
  if (arrived.length !== run.e2e.length || freed.length !== run.e2e.length) return undefined;
  return {
    toWorker: run.e2e.map((t, i) => arrived[i]! - t.startedAt),
    fromWorker: run.e2e.map((t, i) => t.shownAt - arrived[i]!),
    inWorker: arrived.map((at, i) => freed[i]! - at),
    toCard: run.e2e.map((t, i) => t.shownAt - freed[i]!),
  };
}

function logSplit(context: BenchContext, run: CorpusRun): void {
  const split = splitAtWorker(run);
  if (!split) {
    context.log(`card ${run.label}: the worker traced ${run.trace.arrived.length} requests for ${run.e2e.length} lookups: no split`);
    return;
  }
  const slowest = run.e2e.map((t, i) => [t.ms, i] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.ceil(run.e2e.length / 20));
  const mean = (values: readonly number[]) => slowest.reduce((sum, [, i]) => sum + values[i]!, 0) / slowest.length;
  const query = run.queries.ms;
  context.log(
    `card ${run.label}, the slowest ${slowest.length} lookups (the p95 tail), mean ${mean(run.e2e.map((t) => t.ms)).toFixed(1)} ms: ` +
      `Enter → request in the worker ${mean(split.toWorker).toFixed(1)} ms, then → worker free (reply posted) ${mean(split.inWorker).toFixed(1)} ms, ` +
      `then → card in DOM ${mean(split.toCard).toFixed(1)} ms ` +
      `(the same requests' query alone ${mean(query).toFixed(1)} ms, render alone ${mean(run.render.map((t) => t.ms)).toFixed(1)} ms); ` +
      `they are lookups ${slowest.map(([ms, i]) => `#${i} ${run.lookups[i]?.request.type ?? '?'} ${ms.toFixed(0)}`).join(', ')}`,
  );
  const ms = (value: number | undefined) => (value ?? NaN).toFixed(1);
  for (const [total, i] of slowest) {
    context.log(
      `  #${i} ${run.lookups[i]?.request.type} "${run.lookups[i]?.mention}" ${total.toFixed(1)} ms: to worker ${ms(split.toWorker[i])}, ` +
        `in worker ${ms(split.inWorker[i])} (query alone ${ms(query[i])}), ` +
        `to card ${ms(split.toCard[i])} (render alone ${ms(run.render[i]?.ms)}), reply ${(Buffer.byteLength(JSON.stringify(run.queries.answers[i] ?? null)) / 1024).toFixed(1)} KB`,
    );
  }
}

function splitRows(run: CorpusRun, name: string): BenchRow[] {
  const split = splitAtWorker(run);
  if (!split) return [];
  const parts: [string, number[]][] = [
    ['Enter → request in the worker', split.toWorker],
    ['request in the worker → card in DOM', split.fromWorker],
    ['request in the worker → worker free (reply posted)', split.inWorker],
    ['worker free → card in DOM', split.toCard],
  ];
  return parts.flatMap(([what, values]): BenchRow[] => [
    { metric: `${name}: ${what}, p50`, value: percentile(values, 50), unit: 'ms' },
    { metric: `${name}: ${what}, p95`, value: percentile(values, 95), unit: 'ms' },
  ]);
}

function corpusRows(run: CorpusRun): BenchRow[] {
  const e2e = run.e2e.map((t) => t.ms);
  const query = run.queries.ms;
  const render = run.render.map((t) => t.ms);
  // Per lookup: the round trip less the query is messaging (the answer serialised across processes);
  // the card less the round trip and the render is what is left on the content script's side.
  const messaging = run.roundTrips.map((ms, i) => ms - query[i]!);
  const rest = run.roundTrips.map((ms, i) => e2e[i]! - ms - render[i]!);
  const p95 = percentile(e2e, 95);
  const name = `card, ${run.label}`;
  return [
    { metric: `${name}: Enter → card in DOM, p50 over ${over(e2e)}`, value: percentile(e2e, 50), unit: 'ms' },
    { metric: `${name}: Enter → card in DOM, p95 over ${over(e2e)}`, value: p95, unit: 'ms', goal: { text: `< ${GOAL_P95_MS} ms`, met: p95 < GOAL_P95_MS } },
    { metric: `${name}: Enter → next frame, p95`, value: percentile(run.e2e.map((t) => t.msToFrame), 95), unit: 'ms' },
    ...splitRows(run, name),
    { metric: `${name}: first lookup after a worker restart (cold), median of ${run.cold.length}`, value: median(run.cold.map((t) => t.ms)), unit: 'ms' },
    { metric: `${name}: the same lookup again (warm), median of ${run.again.length}`, value: median(run.again.map((t) => t.ms)), unit: 'ms' },
    { metric: `${name}: query in the worker (IndexedDB), p50 over ${over(query)}`, value: percentile(query, 50), unit: 'ms' },
    { metric: `${name}: query in the worker (IndexedDB), p95`, value: percentile(query, 95), unit: 'ms' },
    { metric: `${name}: query on an empty reader cache (cold), median of ${run.queries.coldMs.length}`, value: median(run.queries.coldMs), unit: 'ms' },
    { metric: `${name}: the same query again (warm), median of ${run.queries.againMs.length}`, value: median(run.queries.againMs), unit: 'ms' },
    { metric: `${name}: render with the answer ready, p50 over ${over(render)}`, value: percentile(render, 50), unit: 'ms' },
    { metric: `${name}: render with the answer ready, p95`, value: percentile(render, 95), unit: 'ms' },
    { metric: `${name}: messaging (round trip − query), p50 over ${over(messaging)}`, value: percentile(messaging, 50), unit: 'ms' },
    { metric: `${name}: left over (card − round trip − render), p50`, value: percentile(rest, 50), unit: 'ms' },
  ];
}

async function retrievalRows(context: BenchContext, run: CorpusRun, index: CorpusIndex): Promise<BenchRow[]> {
  const compared = await compareRetrieval(index, run.lookups, { runs: context.runs, warmup: 3, budgetMs: LOOP_BUDGET_MS });
  const name = `retrieval, ${run.label}`;
  return [
    versus(`${name}: index size (BM25 JSON)`, compared.oursBytes / 1024, 'KB', 'MiniSearch JSON', compared.peerBytes / 1024),
    versus(`${name}: index build, median of ${context.runs}`, compared.oursBuildMs, 'ms', 'MiniSearch addAll', compared.peerBuildMs),
    versus(`${name}: card query (Node, memory), p50 over ${over(compared.cardMs)}`, percentile(compared.cardMs, 50), 'ms', 'MiniSearch search', percentile(compared.peerMs, 50)),
    versus(`${name}: card query (Node, memory), p95`, percentile(compared.cardMs, 95), 'ms', 'MiniSearch search', percentile(compared.peerMs, 95)),
    versus(`${name}: BM25 text query (passagesForText), p50`, percentile(compared.textMs, 50), 'ms', 'MiniSearch search', percentile(compared.peerMs, 50)),
    versus(`${name}: BM25 text query (passagesForText), p95`, percentile(compared.textMs, 95), 'ms', 'MiniSearch search', percentile(compared.peerMs, 95)),
  ];
}

/** Writes a CPU profile into test-results/ (for DevTools) and logs its heaviest functions. */
function saveProfile(context: BenchContext, name: string, what: string, profile: Profiler.Profile): void {
  const file = join(context.repoRoot, 'test-results', `${name}.cpuprofile`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  const summary = summarize(profile);
  const lines = (rows: [string, number][]) => rows.map(([fn, ms]) => `  ${ms.toFixed(0).padStart(7)} ms  ${fn}`).join('\n');
  context.log(`CPU profile of ${what}, saved to ${file}\nself time:\n${lines(summary.self)}\ninclusive:\n${lines(summary.inclusive)}`);
}

/** `--profile`: where the card's queries spend their time, in Node over the same index (same code as the worker). */
async function profileQueries(context: BenchContext, run: CorpusRun, index: CorpusIndex): Promise<void> {
  const name = `bench-card-${index.passages.length}`;
  // The lookups themselves, to time or profile single queries outside the bench.
  mkdirSync(join(context.repoRoot, 'test-results'), { recursive: true });
  writeFileSync(join(context.repoRoot, 'test-results', `${name}-lookups.json`), JSON.stringify(run.lookups));
  saveProfile(context, name, `the card queries, ${run.label}`, await profileCardQueries(index, run.lookups, LOOP_BUDGET_MS));
}

export const cardBenchmark: Benchmark = {
  name: 'card',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const extensionDir = context.extensionBuild();
    const shipped = parseIndex(JSON.parse(readFileSync(join(extensionDir, 'footnote-index.json'), 'utf8')));
    const synthetic = await syntheticCorpus(context.repoRoot, SYNTHETIC_PASSAGES);
    context.log(`card: synthetic corpus of ${synthetic.index.passages.length} passages (${synthetic.files} files) compiled in ${(synthetic.compileMs / 1000).toFixed(1)} s`);
    const [page, worker] = await Promise.all([
      context.bundleEntry('card-page-entry.ts'),
      context.bundleEntry('card-worker-entry.ts'),
    ]);
    // Loaded only when this benchmark runs: the others do not need the e2e harness (or vitest).
    const { ExtensionHarness } = await import('../e2e/harness');
    const harness = await ExtensionHarness.launch({ extensionDir });
    const extension = await ExtensionWorker.attach(harness);
    try {
      const rows: BenchRow[] = [];
      const corpora: [string, CorpusIndex][] = [
        [`bundled corpus (${shipped.passages.length} passages)`, shipped],
        [`synthetic corpus (${synthetic.index.passages.length.toLocaleString('en-US')} passages)`, synthetic.index],
      ];
      for (const [label, index] of corpora) {
        if (index !== shipped) {
          const stored = await (await extension.withScript(worker)).evaluate(
            (json) => (globalThis as unknown as { footnoteCardBench: FootnoteCardWorkerBench }).footnoteCardBench.replaceIndex(json),
            JSON.stringify(index),
          );
          context.log(`card: ${stored.passages} passages stored in the extension's IndexedDB in ${(stored.loadMs / 1000).toFixed(1)} s`);
          // A new worker reads the new index from the start (its caches and dictionary are per worker).
          await extension.stop();
        }
        context.log(`card: ${label}…`);
        const run = await measureCorpus(context, harness, extension, { page, worker }, label);
        logByType(context, run);
        logSplit(context, run);
        if (context.profile) await profileQueries(context, run, index);
        rows.push(...corpusRows(run), ...(await retrievalRows(context, run, index)));
      }
      harness.assertNoForeignRequests();
      return rows;
    } finally {
      await extension.detach();
      await harness.close();
    }
  },
};
