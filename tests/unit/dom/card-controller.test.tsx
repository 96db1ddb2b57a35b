import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseIndex, type CorpusIndex } from '../../../src/core/index/format';
import { passagesForEntity, type EntityAnswer } from '../../../src/core/query/queries';
import { memorySource } from '../../../src/core/query/source';
import type { MentionDictionary } from '../../../src/messaging/protocol';
import { cardView, type CardView } from '../../../src/card/card-view';
import { CardController, LOADING_DELAY_MS, WARM_UP_STEPS, type CardRequests } from '../../../src/page/card-controller';
import type { MarkedMention } from '../../../src/page/scanner';
import { UiHost } from '../../../src/page/ui-host';
import indexFixture from '../../fixtures/index/index-v1.json';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const SENTENCE = 'ICE agents arrested 498 individuals in sanctuary cities.';

let index: CorpusIndex;
let answer: EntityAnswer;
beforeAll(async () => {
  index = parseIndex(indexFixture);
  answer = await passagesForEntity(memorySource(index), { entityId: 'agency:ice', context: SENTENCE });
});

/** A request the test answers when it chooses. */
interface Pending {
  resolve(value: EntityAnswer): void;
}

let ui: UiHost;
let pending: Pending[];
let controller: CardController;
let mark: MarkedMention;
let dictionary: MentionDictionary;
let requests: CardRequests;
/** Idle callbacks asked for (happy-dom has no requestIdleCallback): run by the tests that warm the card. */
let idle: (IdleRequestCallback | undefined)[];

function createController(view: () => Promise<CardView>): CardController {
  return new CardController(document, ui, dictionary, requests, {
    readerHref: () => '#',
    openReader: () => undefined,
    copyCitation: async () => undefined,
  }, view);
}

beforeEach(async () => {
  idle = [];
  const view = document.defaultView!;
  view.requestIdleCallback = (callback) => idle.push(callback);
  view.cancelIdleCallback = (handle) => void (idle[handle - 1] = undefined);
  document.body.innerHTML = `<p>${SENTENCE}</p>`;
  ui = new UiHost(document, '');
  pending = [];
  requests = {
    entity: () => new Promise<EntityAnswer>((resolve) => pending.push({ resolve })),
    figure: () => Promise.reject(new Error('no figure here')),
  };
  dictionary = {
    key: 'test',
    entities: { 'agency:ice': { name: 'Immigration and Customs Enforcement', type: 'agency' } },
    figureKinds: [],
  };
  controller = createController(async () => cardView);
  // As on a page, where the rendering loads once marks show, before any card opens.
  controller.preload();
  await flush();
  const text = document.querySelector('p')!.firstChild as Text;
  // Beside the mention, in view: the card is placed from this box.
  const box = { top: 100, bottom: 120, left: 40, right: 70, width: 30, height: 20, x: 40, y: 100 };
  mark = {
    id: 1,
    mention: { type: 'entity', start: 0, end: 3, entityId: 'agency:ice' },
    range: { getBoundingClientRect: () => box } as unknown as Range,
    block: { container: document.querySelector('p')!, key: text, nodes: [text], starts: [0], text: SENTENCE, isAttached: () => text.isConnected },
  };
});

afterEach(() => {
  controller.dispose();
  document.documentElement.querySelector('footnote-ui')?.remove();
  vi.useRealTimers();
});

const dialog = () => ui.root.querySelector('[role=dialog]');

describe('CardController', () => {
  it('draws a quick answer once, without a loading state first, and moves focus into it', async () => {
    const drawn: string[] = [];
    const observer = new MutationObserver(() => drawn.push(dialog()?.getAttribute('aria-busy') ?? 'none'));
    observer.observe(ui.root, { subtree: true, childList: true, attributes: true });
    const opened = controller.open(mark, { focus: true });
    await flush();
    expect(dialog()).toBeNull();
    pending[0]!.resolve(answer);
    await opened;
    await flush();
    observer.disconnect();
    expect(dialog()?.getAttribute('aria-busy')).toBe('false');
    expect(ui.root.querySelector('.card__title')?.textContent).toBe(answer.entity.name);
    expect(drawn).not.toContain('true');
    expect(ui.root.activeElement).toBe(dialog());
  });

  it('shows the loading state, with focus in it, when the answer is slow, then the answer', async () => {
    vi.useFakeTimers();
    const opened = controller.open(mark, { focus: true });
    vi.advanceTimersByTime(LOADING_DELAY_MS - 1);
    expect(dialog()).toBeNull();
    vi.advanceTimersByTime(1);
    expect(dialog()?.getAttribute('aria-busy')).toBe('true');
    expect(ui.root.querySelector('.card__title')?.textContent).toBe('Immigration and Customs Enforcement');
    expect(ui.root.activeElement).toBe(dialog());
    const loading = dialog();
    pending[0]!.resolve(answer);
    await opened;
    expect(dialog()?.getAttribute('aria-busy')).toBe('false');
    expect(dialog()).toBe(loading);
    expect(ui.root.querySelectorAll('.card__passage').length).toBeGreaterThan(0);
  });

  it('closes on Escape while the answer is on its way, and draws nothing when it comes', async () => {
    vi.useFakeTimers();
    let returned = 0;
    const opened = controller.open(mark, { focus: true, onClose: () => void returned++ });
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(returned).toBe(1);
    expect(controller.openMention).toBeUndefined();
    vi.advanceTimersByTime(LOADING_DELAY_MS * 2);
    pending[0]!.resolve(answer);
    await opened;
    expect(dialog()).toBeNull();
  });

  it('shows only the latest mention asked for when answers come out of order', async () => {
    const other: MarkedMention = { ...mark, id: 2 };
    const first = controller.open(mark);
    const second = controller.open(other);
    pending[1]!.resolve(answer);
    await second;
    pending[0]!.resolve({ ...answer, entity: { ...answer.entity, name: 'stale' } });
    await first;
    expect(controller.openMention).toBe(other);
    expect(ui.root.querySelector('.card__title')?.textContent).toBe(answer.entity.name);
  });

  describe('before its rendering has loaded', () => {
    let views: ((view: CardView) => void)[];
    let lazy: CardController;
    beforeEach(() => {
      views = [];
      lazy = createController(() => new Promise<CardView>((resolve) => views.push(resolve)));
    });
    afterEach(() => lazy.dispose());

    it('asks for the answer and the rendering at once, and draws the answer when both are in', async () => {
      const opened = lazy.open(mark, { focus: true });
      expect(pending).toHaveLength(1);
      expect(views).toHaveLength(1);
      pending[0]!.resolve(answer);
      await flush();
      expect(dialog()).toBeNull();
      views[0]!(cardView);
      await opened;
      expect(dialog()?.getAttribute('aria-busy')).toBe('false');
      expect(ui.root.querySelector('.card__title')?.textContent).toBe(answer.entity.name);
      expect(ui.root.activeElement).toBe(dialog());
    });

    it('starts loading it as soon as the pointer rests on a mention, not when the hover intent has passed', () => {
      vi.useFakeTimers();
      lazy.hover(mark);
      expect(views).toHaveLength(1);
      expect(pending).toHaveLength(0);
    });

    it('draws nothing, and closes, when the rendering cannot be loaded', async () => {
      let returned = 0;
      const broken = createController(() => Promise.reject(new Error('extension updated')));
      const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
      const opened = broken.open(mark, { onClose: () => void returned++ });
      pending[0]!.resolve(answer);
      await opened;
      debug.mockRestore();
      expect(dialog()).toBeNull();
      expect(broken.openMention).toBeUndefined();
      expect(returned).toBe(1);
    });
  });

  describe('warming its rendering while the page is idle', () => {
    let warmed: number[];
    let warming: CardController;
    /** The clock the controller times its steps by: each step takes `stepMs`, however busy the machine. */
    let clock: number;
    let stepMs: number;
    beforeEach(() => {
      // Its warm-up is not this one's.
      controller.dispose();
      warmed = [];
      clock = 0;
      stepMs = 1;
      vi.spyOn(performance, 'now').mockImplementation(() => clock);
      warming = createController(async () => ({
        ...cardView,
        warm: (doc, step) => {
          warmed.push(step);
          cardView.warm(doc, step);
          clock += stepMs;
        },
      }));
    });
    afterEach(() => {
      warming.dispose();
      vi.mocked(performance.now).mockRestore();
    });

    const waiting = () => idle.filter(Boolean).length;
    /** Runs the next idle callback with room for `steps` warm-up steps. */
    const idlePeriod = (steps: number) => {
      let left = steps + 1;
      const at = idle.findIndex(Boolean);
      const callback = idle[at]!;
      idle[at] = undefined;
      callback({ didTimeout: false, timeRemaining: () => (--left > 0 ? 49 : 0) });
    };

    it('draws every sample card, a step per idle moment left, and leaves the page as it was', async () => {
      const page = document.documentElement.outerHTML;
      warming.preload();
      await flush();
      expect(warmed).toEqual([]);
      idlePeriod(3);
      expect(warmed).toEqual([0, 1, 2]);
      while (waiting() > 0) idlePeriod(7);
      expect(warmed).toEqual([...Array(WARM_UP_STEPS).keys()]);
      expect(document.documentElement.outerHTML).toBe(page);
      // Preloading again (each hover does) warms no more.
      warming.preload();
      await flush();
      expect(waiting()).toBe(0);
    });

    it('stops once a card has been asked for: real cards warm it from then on', async () => {
      warming.preload();
      await flush();
      idlePeriod(2);
      void warming.open(mark);
      idlePeriod(5);
      expect(warmed).toEqual([0, 1]);
      expect(waiting()).toBe(0);
    });

    it('waits for an idle period with room for a cold first step', async () => {
      warming.preload();
      await flush();
      const callback = idle.find(Boolean)!;
      idle.fill(undefined);
      callback({ didTimeout: false, timeRemaining: () => 30 });
      expect(warmed).toEqual([]);
      idlePeriod(1);
      expect(warmed).toEqual([0]);
    });

    it('stops when disposed, before or after the rendering has loaded', async () => {
      warming.preload();
      await flush();
      idlePeriod(1);
      warming.dispose();
      expect(waiting()).toBe(0);

      let loaded!: (view: CardView) => void;
      const stopped = createController(() => new Promise<CardView>((resolve) => (loaded = resolve)));
      stopped.preload();
      stopped.dispose();
      loaded({ ...cardView, warm: () => warmed.push(-1) });
      await flush();
      expect(waiting()).toBe(0);
      expect(warmed).toEqual([0]);
    });

    it('gives up when a step is too long for any idle period, rather than asking for one forever', async () => {
      stepMs = 26;
      warming.preload();
      await flush();
      idlePeriod(3);
      // Two steps of 26 ms need more than the 50 ms an idle period can have.
      expect(warmed).toEqual([0]);
      expect(waiting()).toBe(0);
    });

    it('keeps a failing step out of the page console, and gives up warming', async () => {
      const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
      const failing = createController(async () => ({
        ...cardView,
        warm: () => {
          throw new Error('sample failed');
        },
      }));
      failing.preload();
      await flush();
      expect(() => idlePeriod(3)).not.toThrow();
      expect(debug).toHaveBeenCalledWith('Footnote: card warm-up', expect.objectContaining({ message: 'sample failed' }));
      expect(waiting()).toBe(0);
      failing.dispose();
      debug.mockRestore();
    });
  });
});
