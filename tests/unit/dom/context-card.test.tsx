import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CardActions, CardState } from '../../../src/card/card-state';
import { ContextCard } from '../../../src/card/ContextCard';
import { FigureChart } from '../../../src/card/FigureChart';
import { formatFigure } from '../../../src/card/format';
import { WARM_UP_STATES } from '../../../src/card/warm-up';
import { MATCHED_SHOWN } from '../../../src/card/PassageItem';
import { parseIndex, type CorpusIndex } from '../../../src/core/index/format';
import type { FigureRecord } from '../../../src/core/index/types';
import {
  passagesForEntity,
  passagesForFigure,
  type EntityAnswer,
  type FigureAnswer,
  type PassageHit,
} from '../../../src/core/query/queries';
import { memorySource, type IndexSource } from '../../../src/core/query/source';
import indexFixture from '../../fixtures/index/index-v1.json';

// The compiled 2017 article ("ICE arrests nearly 500 immigrants in raids on “sanctuary cities” across US").
let index: CorpusIndex;
let source: IndexSource;
let ice: EntityAnswer;
let safeCityFigure: FigureRecord;
let comparable: FigureAnswer;
beforeAll(async () => {
  index = parseIndex(indexFixture);
  source = memorySource(index);
  ice = await passagesForEntity(source, { entityId: 'agency:ice' });
  safeCityFigure = index.figures.find((f) => f.text === '498 individuals')!;
  comparable = await passagesForFigure(source, {
    kind: safeCityFigure.kind,
    value: safeCityFigure.value,
    operation: safeCityFigure.operation,
    // The figure's story told in other words: a card leaves out the passage holding the page's own sentence.
    context: 'ICE said its four-day Operation Safe City sweep of sanctuary jurisdictions ended with 498 individuals arrested.',
  });
});

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
  vi.useRealTimers();
});

interface Recorded {
  closed: number;
  opened: PassageHit[];
  copied: PassageHit[];
  saved: PassageHit[];
}

function recordingActions(options: { save?: boolean; copy?: () => Promise<void> } = {}) {
  const calls: Recorded = { closed: 0, opened: [], copied: [], saved: [] };
  const actions: CardActions = {
    close: () => void calls.closed++,
    readerHref: (hit) => `chrome-extension://footnote/reader.html#doc=${hit.document.id}&passage=${hit.passage.id}`,
    openReader: (hit) => void calls.opened.push(hit),
    copyCitation: (hit) => {
      calls.copied.push(hit);
      return options.copy ? options.copy() : Promise.resolve();
    },
    ...(options.save ? { save: (hit: PassageHit) => void calls.saved.push(hit) } : {}),
  };
  return { actions, calls };
}

function show(state: CardState, actions: CardActions): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  act(() => render(<ContextCard state={state} actions={actions} />, container!));
  return container;
}

function dialogOf(root: HTMLElement): HTMLElement {
  const dialog = root.querySelector<HTMLElement>('[role="dialog"]');
  if (!dialog) throw new Error('no dialog rendered');
  return dialog;
}

/** The dialog's accessible name, through aria-labelledby. */
function nameOf(dialog: HTMLElement): string {
  return document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent!;
}

function button(root: ParentNode, name: string | RegExp): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => {
    const label = b.getAttribute('aria-label') ?? b.textContent ?? '';
    return typeof name === 'string' ? label === name : name.test(label);
  });
  if (!found) throw new Error(`no button named ${String(name)}`);
  return found;
}

const items = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('.card__passages > li')];
const texts = (nodes: Iterable<Element>) => [...nodes].map((n) => n.textContent);
const slices = (hit: PassageHit) => hit.highlights.map(([s, e]) => hit.passage.text.slice(s, e));

describe('entity card', () => {
  it('names the entity, its type and how much the corpus holds', () => {
    const root = show({ kind: 'entity', answer: ice }, recordingActions().actions);
    const dialog = dialogOf(root);
    expect(nameOf(dialog)).toBe('U.S. Immigration and Customs Enforcement');
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(root.querySelector('.card__type')!.textContent).toBe('Agency');
    expect(root.querySelector('.card__description')!.textContent).toBe(ice.entity.description);
    expect(root.querySelector('.card__counts')!.textContent).toBe('10 passages in 1 article');
  });

  it('shows the best three passages, then the rest behind "Show 7 more"', () => {
    const root = show({ kind: 'entity', answer: ice }, recordingActions().actions);
    expect(ice.hits).toHaveLength(10);
    expect(texts(root.querySelectorAll('.card__passages cite'))).toEqual(ice.hits.slice(0, 3).map((h) => h.document.title));

    const more = button(root, 'Show 7 more');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    act(() => more.click());
    expect(items(root)).toHaveLength(10);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(more.textContent).toBe('Show fewer');
    expect(document.getElementById(more.getAttribute('aria-controls')!)).toBe(root.querySelector('.card__passages'));

    act(() => more.click());
    expect(items(root)).toHaveLength(3);
  });

  it('dates and credits each passage, cuts long ones and marks the matched words', () => {
    const root = show({ kind: 'entity', answer: ice }, recordingActions().actions);
    act(() => button(root, /^Show \d+ more$/).click());
    items(root).forEach((item, i) => {
      const hit = ice.hits[i]!;
      expect(item.querySelector('.card__byline')!.textContent).toBe('Evan Blake · 30 Sep 2017');
      const marks = texts(item.querySelectorAll('blockquote mark'));
      expect(marks[0]).toBe(slices(hit)[0]);
      for (const mark of marks) expect(slices(hit)).toContain(mark);
      const reasons = hit.matched.slice(0, MATCHED_SHOWN).join(', ');
      const rest = hit.matched.length - MATCHED_SHOWN;
      expect(item.querySelector('.card__matched')!.textContent).toBe(`Matched: ${reasons}${rest > 0 ? ` and ${rest} more` : ''}`);

      const quote = item.querySelector('blockquote')!.textContent!;
      const words = hit.passage.text.split(/\s+/).length;
      if (words > 40) expect(quote).toMatch(/^… |…$/);
      else expect(quote).toBe(hit.passage.text);
    });
    // The fixture holds both kinds of passage, so both branches above ran.
    expect(ice.hits.some((h) => h.passage.text.split(/\s+/).length > 40)).toBe(true);
    expect(ice.hits.some((h) => h.passage.text.split(/\s+/).length <= 40)).toBe(true);
  });

  it('links each passage to the reader page the actions name, opened through the actions', () => {
    const { actions, calls } = recordingActions();
    const root = show({ kind: 'entity', answer: ice }, actions);
    const links = [...root.querySelectorAll<HTMLAnchorElement>('a')];
    expect(links.map((a) => a.textContent)).toEqual(['Read in context', 'Read in context', 'Read in context']);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(ice.hits.slice(0, 3).map(actions.readerHref));
    for (const link of links) expect(link.target).toBe('_blank');

    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    act(() => void links[1]!.dispatchEvent(click));
    // A web page may not open an extension page itself: the action does, and the browser's navigation is cancelled.
    expect(click.defaultPrevented).toBe(true);
    expect(calls.opened).toEqual([ice.hits[1]]);
  });

  it('copies a citation through the action and says "Copied" until it clears', async () => {
    vi.useFakeTimers();
    const { actions, calls } = recordingActions();
    const root = show({ kind: 'entity', answer: ice }, actions);
    const second = items(root)[1]!;
    await act(async () => button(second, 'Copy citation').click());
    expect(calls.copied).toEqual([ice.hits[1]]);
    expect(second.querySelector('[role="status"]')!.textContent).toBe('Copied');
    expect(items(root)[0]!.querySelector('[role="status"]')!.textContent).toBe('');

    act(() => void vi.advanceTimersByTime(2000));
    expect(second.querySelector('[role="status"]')!.textContent).toBe('');
  });

  it('says why a citation could not be copied', async () => {
    const { actions } = recordingActions({ copy: () => Promise.reject(new Error('clipboard denied')) });
    const root = show({ kind: 'entity', answer: ice }, actions);
    const first = items(root)[0]!;
    await act(async () => button(first, 'Copy citation').click());
    expect(first.querySelector('[role="status"]')!.textContent).toBe('Could not copy: clipboard denied');
  });

  it('offers Save only when the actions can save', () => {
    const without = show({ kind: 'entity', answer: ice }, recordingActions().actions);
    expect(texts(without.querySelectorAll('button'))).not.toContain('Save');
    render(null, without);

    const { actions, calls } = recordingActions({ save: true });
    const root = show({ kind: 'entity', answer: ice }, actions);
    const third = items(root)[2]!;
    act(() => button(third, 'Save').click());
    expect(calls.saved).toEqual([ice.hits[2]]);
  });

  it('closes from the Close button and from Escape', () => {
    const { actions, calls } = recordingActions();
    const root = show({ kind: 'entity', answer: ice }, actions);
    const close = button(root, 'Close');
    expect(close.getAttribute('aria-label')).toBe('Close');
    act(() => close.click());
    expect(calls.closed).toBe(1);
    act(() => void dialogOf(root).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(calls.closed).toBe(2);
    act(() => void dialogOf(root).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(calls.closed).toBe(2);
  });

  it('lets a script focus the dialog and puts every control in the tab order', () => {
    const root = show({ kind: 'entity', answer: ice }, recordingActions({ save: true }).actions);
    const dialog = dialogOf(root);
    dialog.focus();
    expect(document.activeElement).toBe(dialog);
    const controls = [...root.querySelectorAll<HTMLElement>('a, button')];
    expect(controls.length).toBe(1 + 3 * 3 + 1);
    for (const control of controls) expect(control.tabIndex).toBe(0);
  });
});

describe('figure card', () => {
  const figureState = (discrepancies: FigureAnswer['discrepancies'] = []): CardState => ({
    kind: 'figure',
    figure: safeCityFigure,
    answer: { ...comparable, discrepancies },
  });

  it('reads the figure back with its kind and operation', () => {
    const root = show(figureState(), recordingActions().actions);
    expect(nameOf(dialogOf(root))).toBe('498 individuals');
    const facts = [...root.querySelectorAll('.card__facts dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`);
    expect(facts).toEqual(['Kind: people', 'Operation: Operation Safe City']);
  });

  it('tabulates the comparable figures in date order, then reading order', () => {
    const root = show(figureState(), recordingActions().actions);
    const table = root.querySelector('table')!;
    expect(table.querySelector('caption')!.textContent).toBe('Comparable figures in the corpus');
    const headers = [...table.querySelectorAll('thead th')];
    expect(headers.map((th) => `${th.textContent}/${th.getAttribute('scope')}`)).toEqual([
      'Date/col',
      'Where/col',
      'Figure/col',
      'Source/col',
    ]);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => texts(tr.querySelectorAll('td')));
    // One article, one date: the rows follow the article, not the ranking.
    const inArticleOrder = [...comparable.hits].sort((a, b) => a.figure.id - b.figure.id);
    expect(inArticleOrder).not.toEqual(comparable.hits);
    expect(rows).toEqual(
      inArticleOrder.map((hit) => [
        '30 Sep 2017',
        [hit.figure.place, hit.figure.operation].filter(Boolean).join(', ') || '—',
        formatFigure(hit.figure),
        hit.document.title,
      ]),
    );
    expect(rows[0]).toEqual(['30 Sep 2017', 'Operation Safe City', '498 individuals', index.documents[0]!.title]);
    expect(rows[1]![1]).toBe('Los Angeles County');
    expect(rows[1]![2]).toBe('167 arrests');
  });

  it('draws one labelled bar per figure, on a log scale because 45 and 45,000 share the chart', async () => {
    // The 2017 refugee cap beside the arrest counts (not comparable in a real card): a chart spanning three orders.
    const refugees = await passagesForFigure(source, { kind: 'refugees', value: 45000 });
    const spanning: FigureAnswer = { ...comparable, hits: [...comparable.hits, ...refugees.hits] };
    const root = show({ kind: 'figure', figure: safeCityFigure, answer: spanning }, recordingActions().actions);
    const svg = root.querySelector('svg')!;
    expect(document.getElementById(svg.getAttribute('aria-labelledby')!)!.textContent).toBe(
      'Comparable figures by date, log scale',
    );
    const bars = [...svg.querySelectorAll('[role="img"]')];
    expect(bars).toHaveLength(spanning.hits.length);
    const labels = bars.map((bar) => bar.getAttribute('aria-label'));
    expect(labels).toContain('Los Angeles County, 30 Sep 2017: 167 arrests');
    expect(labels).toContain('refugees, 30 Sep 2017: 45,000 refugees');
    for (const bar of bars) expect(bar.querySelector('title')!.textContent).toBe(bar.getAttribute('aria-label'));

    const widths = new Map(
      bars.map((bar) => [bar.getAttribute('aria-label')!, Number(bar.querySelector('rect')!.getAttribute('width'))]),
    );
    const byValue = [...spanning.hits].sort((a, b) => a.figure.value - b.figure.value);
    const ordered = byValue.map((hit) => widths.get(labels.find((l) => l!.endsWith(`: ${formatFigure(hit.figure)}`))!)!);
    expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
    expect(ordered[0]).toBeGreaterThan(10);
    expect(root.querySelector('figcaption')!.textContent).toMatch(/^Log scale/);
  });

  it('groups bars under their dates, oldest first and undated last', () => {
    // The fixture is one article; restating some of its figures as later or undated reports exercises the grouping.
    const redated = comparable.hits.map((hit, i) => {
      const date = i % 3 === 0 ? '2020-09-04' : i % 3 === 1 ? undefined : hit.figure.date;
      return { ...hit, figure: { ...hit.figure, date }, document: { ...hit.document, date } };
    });
    container = document.createElement('div');
    document.body.append(container);
    act(() => render(<FigureChart hits={redated} />, container!));
    const rows = [...container.querySelectorAll('svg > text, svg > g')].map((node): { header: string } | { bar: string } =>
      node.tagName.toLowerCase() === 'text' ? { header: node.textContent! } : { bar: node.getAttribute('aria-label')! },
    );
    expect(rows.flatMap((row) => ('header' in row ? [row.header] : []))).toEqual(['30 Sep 2017', '4 Sep 2020', 'Undated']);
    expect(rows.filter((row) => 'bar' in row)).toHaveLength(redated.length);
    // Every bar sits under the header of its own date.
    let header = '';
    for (const row of rows) {
      if ('header' in row) header = row.header;
      else if (header === 'Undated') expect(row.bar).not.toMatch(/\d{4}: /);
      else expect(row.bar).toContain(`, ${header}: `);
    }
  });

  it('notes where accounts differ', () => {
    const [first, second] = comparable.hits;
    const summary = `Accounts differ: ${first!.figure.text} vs ${second!.figure.text} for what reads as the same raid.`;
    const root = show(figureState([{ summary, figures: [first!, second!], evidence: ['raids'] }]), recordingActions().actions);
    const note = root.querySelector('[role="note"]')!;
    expect(note.getAttribute('aria-label')).toBe('Discrepancies');
    expect(texts(note.querySelectorAll('li'))).toEqual([summary]);
  });

  it('has no note when the accounts agree', () => {
    const root = show(figureState(), recordingActions().actions);
    expect(root.querySelector('[role="note"]')).toBeNull();
  });

  it('lists each source passage once, with every figure in its snippet marked', () => {
    const root = show(figureState(), recordingActions().actions);
    const more = root.querySelector<HTMLButtonElement>('.card__more');
    if (more) act(() => more.click());
    const passageIds = [...new Set(comparable.hits.map((hit) => hit.passage.id))];
    expect(items(root)).toHaveLength(passageIds.length);
    const cityList = items(root).find((item) => item.textContent!.includes('Los Angeles County (167 arrests)'))!;
    const passage = comparable.hits.find((hit) => hit.passage.text.includes('Los Angeles County (167'))!.passage;
    // The snippet is the passage's first forty words; figures past them ("Massachusetts (50)") are cut.
    const inSnippet = comparable.hits
      .filter((hit) => hit.passage.id === passage.id && passage.text.slice(0, hit.figure.start).split(/\s+/).length <= 40)
      .map((hit) => hit.figure.text);
    expect(inSnippet.length).toBeGreaterThan(3);
    const marks = texts(cityList.querySelectorAll('mark'));
    expect(marks).toEqual(expect.arrayContaining(inSnippet));
    expect(marks).not.toContain('50');
    expect(cityList.querySelector('blockquote')!.textContent).toMatch(/ …$/);
  });
});

describe('other states', () => {
  it('says the corpus has nothing more about an entity it never mentions', async () => {
    const bortac = await passagesForEntity(source, { entityId: 'unit:bortac' });
    const root = show({ kind: 'entity', answer: bortac }, recordingActions().actions);
    expect(nameOf(dialogOf(root))).toBe('Border Patrol Tactical Unit');
    expect(root.querySelector('.card__empty')!.textContent).toBe(
      'The corpus says nothing more about Border Patrol Tactical Unit.',
    );
    expect(root.querySelector('.card__counts')).toBeNull();
    expect(root.querySelector('.card__passages')).toBeNull();
  });

  it('says the corpus has nothing more about a figure with nothing comparable', async () => {
    const money = { ...safeCityFigure, kind: 'money' as const, noun: 'dollar', value: 4_600_000_000 };
    const answer = await passagesForFigure(source, { kind: money.kind, value: money.value });
    const root = show({ kind: 'figure', figure: money, answer }, recordingActions().actions);
    expect(root.querySelector('.card__empty')!.textContent).toBe('The corpus says nothing more about $4.6 billion.');
    expect(root.querySelector('table, svg')).toBeNull();
  });

  it('shows a failed query plainly', async () => {
    const message = await passagesForEntity(source, { entityId: 'unit:nonexistent' }).then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    const root = show({ kind: 'error', title: 'BORTAC', message }, recordingActions().actions);
    expect(nameOf(dialogOf(root))).toBe('BORTAC');
    expect(root.querySelector('.card__error')!.textContent).toBe('no entity with id "unit:nonexistent"');
  });

  it('shows a loading state as a status, busy, with the mention as its title', () => {
    const root = show({ kind: 'loading', title: 'sanctuary cities' }, recordingActions().actions);
    const dialog = dialogOf(root);
    expect(nameOf(dialog)).toBe('sanctuary cities');
    expect(dialog.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Looking in the corpus…');
    expect(root.querySelector('.card__passages, table')).toBeNull();
  });

  it('forces a colour scheme when asked', () => {
    container = document.createElement('div');
    document.body.append(container);
    act(() => render(<ContextCard state={{ kind: 'entity', answer: ice }} actions={recordingActions().actions} scheme="dark" />, container!));
    expect(dialogOf(container).dataset.scheme).toBe('dark');
  });
});

describe('warm-up cards', () => {
  // Drawn, detached, while a page is idle: they must take the paths a real card takes.
  it('are an entity card with passages and a figure card with its table, chart, note and passages', () => {
    const kinds = WARM_UP_STATES.map((state) => {
      const root = show(state, recordingActions().actions);
      const drawn = {
        kind: state.kind,
        passages: items(root).length,
        marked: root.querySelectorAll('.card__snippet mark').length > 0,
        rows: root.querySelectorAll('.card__table tbody tr').length,
        bars: root.querySelectorAll('.card__chart rect').length,
        notes: root.querySelectorAll('.card__note li').length,
      };
      render(null, container!);
      container!.remove();
      return drawn;
    });
    expect(kinds).toEqual([
      { kind: 'entity', passages: 2, marked: true, rows: 0, bars: 0, notes: 0 },
      { kind: 'figure', passages: 2, marked: true, rows: 2, bars: 2, notes: 1 },
    ]);
  });
});
