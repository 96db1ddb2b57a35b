// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { parseIndex } from '../../../src/core/index/format';
import { AliasMatcher } from '../../../src/core/match/alias-matcher';
import type { Highlighter, HighlightName } from '../../../src/page/highlighter';
import type { NearChange, NearViewportFactory } from '../../../src/page/near-viewport';
import { summarise, watchContent } from '../../../src/page/mutations';
import { PageScanner } from '../../../src/page/scanner';
import { localMentionFinder, type MentionFinder } from '../../../src/page/mention-finder';
import type { PageMention } from '../../../src/core/match/find-mentions';
import indexFixture from '../../fixtures/index/index-v1.json';

const matcher = AliasMatcher.fromJSON(parseIndex(indexFixture).matcher);

/** Keeps painted ranges by highlight name, as CSS.highlights would; adds wait for a flush. */
function recordingHighlighter(): Highlighter & { texts(name: HighlightName): string[]; flushes(): number } {
  const sets = new Map<HighlightName, Set<Range>>();
  const queued: [HighlightName, Range][] = [];
  let flushes = 0;
  const set = (name: HighlightName) => sets.get(name) ?? sets.set(name, new Set()).get(name)!;
  return {
    add: (name, range) => void queued.push([name, range]),
    delete: (name, range) => {
      const index = queued.findIndex(([, queuedRange]) => queuedRange === range);
      if (index >= 0) queued.splice(index, 1);
      else set(name).delete(range);
    },
    flush: () => {
      flushes++;
      for (const [name, range] of queued.splice(0)) set(name).add(range);
    },
    flushes: () => flushes,
    clear: (name) => (name ? set(name).clear() : sets.clear()),
    refresh: () => undefined,
    dispose: () => sets.clear(),
    texts: (name) => [...set(name)].map((r) => r.toString()),
  };
}

function scannerFor(html: string, options: { firstPerBlock?: boolean; sliceMs?: number } = {}) {
  document.body.innerHTML = html;
  const highlighter = recordingHighlighter();
  let changes = 0;
  const scanner = new PageScanner({
    finder: localMentionFinder(matcher, { figureKinds: new Set(['people', 'arrests']), firstPerBlock: options.firstPerBlock ?? false }),
    highlighter,
    onChange: () => changes++,
    onShadowRoot: () => undefined,
    sliceMs: options.sliceMs,
  });
  return { scanner, highlighter, changes: () => changes };
}

describe('PageScanner', () => {
  it('marks entities and figures and counts them', async () => {
    const { scanner, highlighter, changes } = scannerFor(
      '<h1>ICE raids</h1><p>ICE arrested 498 individuals in <b>sanctuary cities</b>; ICE said so.</p>',
    );
    await scanner.scan(document.body);
    expect(highlighter.texts('footnote-entity')).toEqual(['ICE', 'ICE', 'sanctuary cities', 'ICE']);
    expect(highlighter.texts('footnote-figure')).toEqual(['498 individuals']);
    expect(scanner.count).toBe(5);
    expect(changes()).toBeGreaterThan(0);
  });

  it('marks only the first mention of an entity per block when asked', async () => {
    const { scanner, highlighter } = scannerFor('<p>ICE and ICE again.</p><p>ICE here too.</p>', { firstPerBlock: true });
    await scanner.scan(document.body);
    expect(highlighter.texts('footnote-entity')).toEqual(['ICE', 'ICE']);
  });

  it('gives the same marks when the work is cut into the smallest slices', async () => {
    const html = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i}: BORTAC and CBP.</p>`).join('');
    const whole = scannerFor(html, { sliceMs: 1000 });
    await whole.scanner.scan(document.body);
    const wholeMarks = whole.highlighter.texts('footnote-entity');
    const sliced = scannerFor(html, { sliceMs: 0 });
    await sliced.scanner.scan(document.body);
    expect(sliced.highlighter.texts('footnote-entity')).toEqual(wholeMarks);
    expect(wholeMarks).toHaveLength(120);
    // Marks are painted in batches, not once per slice.
    expect(sliced.highlighter.flushes()).toBeLessThan(5);
  });

  it('marks a block once when a rescan overlaps the scan still reading it', async () => {
    const { scanner, highlighter } = scannerFor(
      Array.from({ length: 40 }, (_, i) => `<p id="p${i}">BORTAC ${i} and CBP.</p>`).join(''),
      { sliceMs: 0 },
    );
    const scanning = scanner.scan(document.body);
    const twice = scanner.rescan([document.getElementById('p30')!]);
    await Promise.all([scanning, twice]);
    expect(scanner.count).toBe(80);
    expect(highlighter.texts('footnote-entity')).toHaveLength(80);
  });

  it('finds the mention at a text position, preferring the innermost', async () => {
    const { scanner } = scannerFor('<p>There were nearly 1,300 ICE arrests.</p>');
    await scanner.scan(document.body);
    const text = document.querySelector('p')!.firstChild!;
    const at = (word: string) => scanner.mentionAt(text, text.textContent!.indexOf(word) + 1);
    expect(at('ICE')?.mention).toMatchObject({ type: 'entity', entityId: 'agency:ice' });
    expect(at('1,300')?.mention).toMatchObject({ type: 'figure' });
    expect(at('There')).toBeUndefined();
    // A caret before the first char asks for the one before it too (see hit-test.ts): no mention, no error.
    expect(scanner.mentionAt(text, -1)).toBeUndefined();
    expect(scanner.mentionAt(text, text.textContent!.length + 1)).toBeUndefined();
  });

  it('finds the mention at a text position inside inline markup', async () => {
    const { scanner } = scannerFor('<p>The <a href="#">Immigration and</a> <em>Customs</em> Enforcement said</p>');
    await scanner.scan(document.body);
    const [the, link, , customs, said] = [...document.querySelector('p')!.childNodes].map((node) => node.firstChild ?? node);
    expect(scanner.mentionAt(customs!, 2)?.range.toString()).toBe('Immigration and Customs Enforcement');
    expect(scanner.mentionAt(link!, 0)?.mention).toMatchObject({ type: 'entity', entityId: 'agency:ice' });
    expect(scanner.mentionAt(said!, 3)).toBeDefined();
    expect(scanner.mentionAt(said!, 14)).toBeUndefined();
    expect(scanner.mentionAt(the!, 1)).toBeUndefined();
  });

  it('reads changed content again and drops marks of removed content', async () => {
    const { scanner, highlighter } = scannerFor('<p id="a">BORTAC</p><div id="feed"></div>');
    await scanner.scan(document.body);
    const added = document.createElement('p');
    added.textContent = 'CBP and ICE';
    document.getElementById('feed')!.append(added);
    await scanner.rescan([added]);
    expect(highlighter.texts('footnote-entity').sort()).toEqual(['BORTAC', 'CBP', 'ICE']);

    const a = document.getElementById('a')!;
    a.textContent = 'DHS now';
    await scanner.rescan([a]);
    expect(highlighter.texts('footnote-entity').sort()).toEqual(['CBP', 'DHS', 'ICE']);

    added.remove();
    scanner.sweepDetached();
    expect(highlighter.texts('footnote-entity')).toEqual(['DHS']);
    expect(scanner.count).toBe(1);
  });

  it('lists marks in document order and forgets everything on stop', async () => {
    const { scanner, highlighter } = scannerFor('<p>CBP first</p><p>then ICE</p>');
    await scanner.scan(document.body.lastElementChild!);
    await scanner.scan(document.body.firstElementChild!);
    expect(scanner.marks().map((m) => m.range.toString())).toEqual(['CBP', 'ICE']);
    scanner.stop();
    expect(scanner.count).toBe(0);
    expect(highlighter.texts('footnote-entity')).toEqual([]);
  });
});

/** A viewport watcher the test drives: it reports what the test says, when the test says. */
function manualViewport() {
  const observed = new Set<Element>();
  let report: (changes: readonly NearChange[]) => void = () => undefined;
  const factory: NearViewportFactory = (onChange) => {
    report = onChange;
    return {
      observe: (container) => void observed.add(container),
      unobserve: (container) => void observed.delete(container),
      disconnect: () => observed.clear(),
    };
  };
  return { factory, observed, report: (changes: readonly NearChange[]) => report(changes) };
}

/** A finder that answers (or fails) only when the test says, as a busy worker would. */
function heldFinder() {
  const local = localMentionFinder(matcher, { figureKinds: new Set(['people', 'arrests']) });
  const asked: { texts: readonly string[]; answer(): Promise<void>; fail(): void }[] = [];
  const finder: MentionFinder = {
    find: (texts) =>
      new Promise<PageMention[][]>((resolve, reject) => {
        asked.push({ texts, answer: async () => resolve(await local.find(texts)), fail: () => reject(new Error('the worker went away')) });
      }),
  };
  return { finder, asked };
}

function heldScanner(html: string, sliceMs?: number, nearViewport?: NearViewportFactory, onChange: () => void = () => undefined) {
  document.body.innerHTML = html;
  const highlighter = recordingHighlighter();
  const held = heldFinder();
  const scanner = new PageScanner({ finder: held.finder, highlighter, nearViewport, onChange, onShadowRoot: () => undefined, sliceMs });
  return { scanner, highlighter, ...held };
}

const textsAsked = (asked: { texts: readonly string[] }[]) => asked.reduce((count, request) => count + request.texts.length, 0);

describe('PageScanner with a finder that answers later', () => {
  it('marks blocks when their answer comes, and the scan ends only then', async () => {
    const { scanner, highlighter, asked } = heldScanner('<p>ICE raids.</p><p>CBP agents.</p>');
    let ended = false;
    const scan = scanner.scan(document.body).then(() => (ended = true));
    await vi.waitUntil(() => asked.length === 1);
    expect(asked[0]!.texts).toEqual(['ICE raids.', 'CBP agents.']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false);
    expect(scanner.count).toBe(0);
    await asked[0]!.answer();
    await scan;
    expect(highlighter.texts('footnote-entity')).toEqual(['ICE', 'CBP']);
    expect(scanner.count).toBe(2);
  });

  it('marks the new text of a block changed while its first read was with the finder, never the old', async () => {
    const { scanner, highlighter, asked } = heldScanner('<p id="story">ICE raids.</p><p>BORTAC team.</p>');
    const scan = scanner.scan(document.body);
    await vi.waitUntil(() => asked.length === 1);
    const story = document.getElementById('story')!;
    story.textContent = 'CBP agents.';
    const rescan = scanner.rescan([story]);
    await vi.waitUntil(() => asked.length === 2);
    expect(asked[1]!.texts).toEqual(['CBP agents.']);
    const entities = () => scanner.marks().map((mark) => (mark.mention.type === 'entity' ? mark.mention.entityId : ''));
    // The first read's answer is not marked over the new text.
    await asked[0]!.answer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(entities()).toEqual(['unit:bortac']);
    await asked[1]!.answer();
    await Promise.all([scan, rescan]);
    expect(entities()).toEqual(['agency:cbp', 'unit:bortac']);
    expect(highlighter.texts('footnote-entity').sort()).toEqual(['BORTAC', 'CBP']);
  });

  it('keeps the answer for a container’s own text when a block is added inside it meanwhile', async () => {
    const { scanner, asked } = heldScanner('<div id="feed">ICE raids were reported. <p>CBP agents.</p></div>');
    const scan = scanner.scan(document.body);
    await vi.waitUntil(() => asked.length === 1);
    const item = document.createElement('p');
    item.textContent = 'BORTAC arrived.';
    document.getElementById('feed')!.append(item);
    const rescan = scanner.rescan([item]);
    await vi.waitUntil(() => asked.length === 2);
    await asked[0]!.answer();
    await asked[1]!.answer();
    await Promise.all([scan, rescan]);
    expect(scanner.marks().map((mark) => mark.range.toString())).toEqual(['ICE', 'CBP', 'BORTAC']);
  });

  it('does not mark the last answer over a block whose text changed while the answers were being marked', async () => {
    const html = Array.from({ length: 12 }, (_, i) => `<p id="p${i}">Story ${i}: ICE raids.</p>`).join('');
    let rescan: Promise<void> | undefined;
    let rewritten = false;
    // After the first slice of marks (the smallest slices: four blocks each), the page rewrites its last paragraph.
    const { scanner, asked } = heldScanner(html, 0, undefined, () => {
      if (rewritten || scanner.count === 0) return;
      rewritten = true;
      const last = document.getElementById('p11')!;
      last.textContent = 'Weather: sunny.';
      rescan = scanner.rescan([last]);
    });
    const scan = scanner.scan(document.body);
    await vi.waitUntil(() => textsAsked(asked) === 12);
    for (const request of asked) await request.answer();
    await vi.waitUntil(() => textsAsked(asked) === 13);
    await asked.at(-1)!.answer();
    await Promise.all([scan, rescan]);
    expect(scanner.count).toBe(11);
    expect(scanner.marks().every((mark) => mark.range.toString() === 'ICE')).toBe(true);
  });

  it('sends a page of thousands of tiny blocks in requests of at most 2,000 texts', async () => {
    const { scanner, asked } = heldScanner(Array.from({ length: 2100 }, () => '<p>ICE</p>').join(''), 1000);
    const scan = scanner.scan(document.body);
    await vi.waitUntil(() => textsAsked(asked) === 2100, { timeout: 20_000 });
    expect(Math.max(...asked.map((request) => request.texts.length))).toBeLessThanOrEqual(2000);
    for (const request of asked) await request.answer();
    await scan;
    expect(scanner.count).toBe(2100);
  }, 30_000);

  it('paints marks near the viewport while later answers are still awaited', async () => {
    const viewport = manualViewport();
    const html = Array.from({ length: 12 }, (_, i) => `<p id="p${i}">Story ${i}: ICE raids.</p>`).join('');
    const { scanner, highlighter, asked } = heldScanner(html, 0, viewport.factory);
    const scan = scanner.scan(document.body);
    await vi.waitUntil(() => textsAsked(asked) === 12);
    await asked[0]!.answer();
    const first = document.getElementById('p0')!;
    await vi.waitUntil(() => viewport.observed.has(first));
    viewport.report([{ container: first, near: true }]);
    await vi.waitUntil(() => highlighter.texts('footnote-entity').length === 1);
    for (const request of asked.slice(1)) await request.answer();
    await scan;
  });

  it('does not mark a block removed before its answer came', async () => {
    const { scanner, highlighter, asked } = heldScanner('<p id="gone">ICE raids.</p><p>CBP agents.</p>');
    const scan = scanner.scan(document.body);
    await vi.waitUntil(() => asked.length === 1);
    document.getElementById('gone')!.remove();
    await asked[0]!.answer();
    await scan;
    expect(highlighter.texts('footnote-entity')).toEqual(['CBP']);
  });

  it('marks nothing after a stop, and the scan still ends', async () => {
    const { scanner, highlighter, asked } = heldScanner('<p>ICE raids.</p>');
    const scan = scanner.scan(document.body);
    await vi.waitUntil(() => asked.length === 1);
    scanner.stop();
    await asked[0]!.answer();
    await scan;
    expect(scanner.count).toBe(0);
    expect(highlighter.texts('footnote-entity')).toEqual([]);
  });

  it('leaves the blocks of a failed request unmarked and marks the rest', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    // The smallest slices, so the blocks go in several requests.
    const html = Array.from({ length: 12 }, (_, i) => `<p>Story ${i}: ICE raids.</p>`).join('');
    const { scanner, highlighter, asked } = heldScanner(html, 0);
    const scan = scanner.scan(document.body);
    await vi.waitUntil(() => asked.reduce((texts, request) => texts + request.texts.length, 0) === 12);
    expect(asked.length).toBeGreaterThan(1);
    // A later request fails while an earlier one is still unanswered: no unhandled rejection meanwhile.
    asked[1]!.fail();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await asked[0]!.answer();
    for (const request of asked.slice(2)) await request.answer();
    await scan;
    expect(highlighter.texts('footnote-entity')).toHaveLength(12 - asked[1]!.texts.length);
    expect(debug).toHaveBeenCalledWith('Footnote: finding mentions', expect.any(Error));
    debug.mockRestore();
  });
});

describe('PageScanner with a viewport watcher', () => {
  function watchedScanner(html: string) {
    document.body.innerHTML = html;
    const highlighter = recordingHighlighter();
    const viewport = manualViewport();
    const scanner = new PageScanner({
      finder: localMentionFinder(matcher, { figureKinds: new Set(['people', 'arrests']) }),
      highlighter,
      nearViewport: viewport.factory,
      onChange: () => undefined,
      onShadowRoot: () => undefined,
    });
    return { scanner, highlighter, viewport };
  }
  const p = (id: string) => document.getElementById(id)!;

  it('counts a block’s marks once its container is reported, and registers only those near the viewport', async () => {
    const { scanner, highlighter, viewport } = watchedScanner('<p id="a">BORTAC</p><p id="b">CBP and ICE</p><p id="c">no names</p>');
    await scanner.scan(document.body);
    expect([...viewport.observed]).toEqual([p('a'), p('b')]);
    expect(scanner.count).toBe(0);
    const settled = scanner.settled();
    viewport.report([
      { container: p('a'), near: true },
      { container: p('b'), near: false },
    ]);
    await settled;
    expect(scanner.count).toBe(3);
    expect(scanner.marks().map((m) => m.range.toString())).toEqual(['BORTAC', 'CBP', 'ICE']);
    expect(highlighter.texts('footnote-entity')).toEqual(['BORTAC']);

    // A change right after another waits, so scrolling costs a few repaints rather than one a frame.
    viewport.report([
      { container: p('a'), near: false },
      { container: p('b'), near: true },
    ]);
    expect(highlighter.texts('footnote-entity')).toEqual(['BORTAC']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(highlighter.texts('footnote-entity')).toEqual(['CBP', 'ICE']);
    expect(scanner.count).toBe(3);
  });

  it('drops marks of a container that turns out not to be rendered, and stops watching it', async () => {
    const { scanner, highlighter, viewport } = watchedScanner('<p id="a">BORTAC</p><p id="b">CBP</p>');
    await scanner.scan(document.body);
    p('b').checkVisibility = () => false;
    viewport.report([
      { container: p('a'), near: true },
      { container: p('b'), near: true },
    ]);
    expect(scanner.count).toBe(1);
    expect(highlighter.texts('footnote-entity')).toEqual(['BORTAC']);
    expect([...viewport.observed]).toEqual([p('a')]);
  });

  it('drops marks of a container reported out of sight (screen-reader-only text)', async () => {
    const { scanner, highlighter, viewport } = watchedScanner('<p id="a">BORTAC</p><p id="b">CBP</p>');
    await scanner.scan(document.body);
    viewport.report([
      { container: p('a'), near: true, outOfSight: false },
      { container: p('b'), near: true, outOfSight: true },
    ]);
    expect(scanner.count).toBe(1);
    expect(highlighter.texts('footnote-entity')).toEqual(['BORTAC']);
    expect([...viewport.observed]).toEqual([p('a')]);
  });

  it('marks a rescanned block near the viewport at once, and forgets a block that lost its marks', async () => {
    const { scanner, highlighter, viewport } = watchedScanner('<p id="a">BORTAC</p><p id="b">CBP</p>');
    await scanner.scan(document.body);
    viewport.report([
      { container: p('a'), near: true },
      { container: p('b'), near: true },
    ]);
    p('a').textContent = 'ICE now';
    p('b').textContent = 'nothing';
    await scanner.rescan([p('a'), p('b')]);
    expect(highlighter.texts('footnote-entity')).toEqual(['ICE']);
    expect(scanner.count).toBe(1);
    expect([...viewport.observed]).toEqual([p('a')]);
  });
});

describe('watchContent', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('reports a burst of changes once, after it ends', async () => {
    document.body.innerHTML = '<p id="feed"></p>';
    const changes: number[] = [];
    const stop = new AbortController();
    watchContent(document.body, (change) => changes.push(change.dirty.length), stop.signal, 40, 1000);
    for (let i = 0; i < 3; i++) document.body.append(Object.assign(document.createElement('p'), { textContent: `item ${i}` }));
    await sleep(100);
    expect(changes).toEqual([3]);
    stop.abort();
  });

  it('reports a page that never stops changing at least every maxWaitMs', async () => {
    document.body.innerHTML = '<p id="ticker">0</p>';
    const ticker = document.getElementById('ticker')!;
    let reports = 0;
    const stop = new AbortController();
    watchContent(document.body, () => reports++, stop.signal, 40, 150);
    // A change every 10 ms for 400 ms: the debounce alone would never fire.
    for (let tick = 1; tick <= 40; tick++) {
      ticker.firstChild!.nodeValue = String(tick);
      await sleep(10);
    }
    expect(reports).toBeGreaterThanOrEqual(2);
    stop.abort();
  });
});

describe('summarise (mutations → roots to read again)', () => {
  async function recordMutations(change: () => void): Promise<MutationRecord[]> {
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((batch) => records.push(...batch));
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    change();
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    return [...records, ...observer.takeRecords()];
  }

  it('reads a new block on its own, not its parent', async () => {
    document.body.innerHTML = '<main><p>old</p></main>';
    const added = document.createElement('article');
    const records = await recordMutations(() => document.querySelector('main')!.append(added));
    expect(summarise(records, document.body)).toEqual({ dirty: [added], removed: false });
  });

  it('reads the enclosing block when inline content or text changes', async () => {
    document.body.innerHTML = '<p id="p">Customs and <b id="b">Border</b></p>';
    const p = document.getElementById('p')!;
    const records = await recordMutations(() => {
      document.getElementById('b')!.append(' Protection');
      p.append(document.createElement('em'));
    });
    expect(summarise(records, document.body).dirty).toEqual([p]);
  });

  it('reports removals and drops roots inside other roots or outside the document', async () => {
    document.body.innerHTML = '<section id="s"><p id="inner">x</p></section><p id="gone">y</p>';
    const section = document.getElementById('s')!;
    const records = await recordMutations(() => {
      document.getElementById('inner')!.append(' more');
      // Text straight in the section changes the section's own block, which holds #inner.
      section.append(' tail');
      const gone = document.getElementById('gone')!;
      gone.append(document.createElement('span'));
      gone.remove();
    });
    const change = summarise(records, document.body);
    expect(change).toEqual({ dirty: [section], removed: true });
  });

  it('ignores changes inside Footnote’s own UI', async () => {
    document.body.innerHTML = '<div data-footnote-ui></div>';
    const records = await recordMutations(() => document.querySelector('[data-footnote-ui]')!.append('card'));
    expect(summarise(records, document.body)).toEqual({ dirty: [], removed: false });
  });
});
