import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CorpusIndex } from '../../../src/core/index/format';
import { FIGURE_KINDS } from '../../../src/core/index/types';
import { passagesForEntity, passagesForFigure, prepareQueries, type FigureRequest } from '../../../src/core/query/queries';
import { memorySource, type IndexSource } from '../../../src/core/query/source';
import { ENTITIES_PER_ROUND, HOLD_OFF_MS, holdingOff, SAMPLE_VIEW_SIZE, sampleView, warmUpQueries, WARM_UP_ROUNDS } from '../../../src/core/query/warm-up';
import { bundledCorpusIndex } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

const ENTITY_CARD = { entityId: 'agency:ice', context: 'ICE raids in sanctuary cities' };
const FIGURE_CARD: FigureRequest = { kind: 'people', value: 498, text: '498 individuals', context: 'ICE arrested 498 individuals in sanctuary cities' };

describe('sampleView', () => {
  it('cuts figures, postings and entity passages to the first two, and passes the rest through', async () => {
    const source = memorySource(index);
    const view = sampleView(source, 2);
    const people = await source.figuresOfKind('people');
    expect(people.length).toBeGreaterThan(2);
    expect(await view.figuresOfKind('people')).toEqual(people.slice(0, 2));
    // The same list each time: a family of figures is kept by its lists.
    expect(await view.figuresOfKind('people')).toBe(await view.figuresOfKind('people'));

    const ice = (await source.entity('agency:ice'))!;
    expect(ice.passages.length).toBeGreaterThan(2);
    const cut = (await view.entity('agency:ice'))!;
    expect(cut.passages).toEqual(ice.passages.slice(0, 2));
    expect(cut.mentions).toEqual(ice.mentions!.slice(0, 2));
    // The source's record is left as it was.
    expect((await source.entity('agency:ice'))!.passages.length).toBe(ice.passages.length);

    const common = Object.entries(index.bm25.postings).find(([, list]) => list.length > 4)![0];
    const postings = await view.postings([common, 'nosuchterm']);
    expect([...postings.keys()]).toEqual([common]);
    expect(postings.get(common)).toEqual(index.bm25.postings[common]!.slice(0, 4));

    expect(await view.passages([0, 1])).toEqual(await source.passages([0, 1]));
    expect(await view.stats()).toBe(await source.stats());
  });
});

describe('warmUpQueries', () => {
  it('answers sample figure and entity cards, pausing before each', async () => {
    const source = memorySource(structuredClone(index));
    // Only a figure card reads the figure readings, and only an entity card the entity.
    const asked = { figureCards: 0, entities: 0 };
    const counting: IndexSource = {
      ...source,
      figureReadings: () => {
        asked.figureCards++;
        return source.figureReadings();
      },
      entity: (id) => {
        asked.entities++;
        return source.entity(id);
      },
    };
    let pauses = 0;
    const answered = await warmUpQueries(counting, async () => {
      pauses++;
    });
    const kindsHeld = FIGURE_KINDS.filter((kind) => index.figures.some((figure) => figure.kind === kind));
    expect(answered).toBe(WARM_UP_ROUNDS * (kindsHeld.length + ENTITIES_PER_ROUND));
    expect(pauses).toBe(answered);
    // A figure card for every kind the corpus holds in every round, and the entity cards.
    expect(asked.figureCards).toBe(WARM_UP_ROUNDS * kindsHeld.length);
    expect(asked.entities).toBe(WARM_UP_ROUNDS * ENTITIES_PER_ROUND);
  });

  it('leaves the real cards’ answers exactly as they are without it, prepared first or not', async () => {
    const cold = memorySource(structuredClone(index));
    const prepared = memorySource(structuredClone(index));
    await prepareQueries(prepared);
    const unprepared = memorySource(structuredClone(index));
    for (const warmed of [prepared, unprepared]) {
      await warmUpQueries(warmed, async () => undefined);
      expect(await passagesForEntity(warmed, ENTITY_CARD)).toEqual(await passagesForEntity(cold, ENTITY_CARD));
      expect(await passagesForFigure(warmed, FIGURE_CARD)).toEqual(await passagesForFigure(cold, FIGURE_CARD));
    }
  });

  it('reads only passages the sample view holds', async () => {
    const source = memorySource(index);
    const read: number[] = [];
    const reading: IndexSource = {
      ...source,
      passages: (ids) => {
        read.push(...ids);
        return source.passages(ids);
      },
    };
    await warmUpQueries(reading, async () => undefined, 1);
    // A sampled figure's passage (a figure card reads only those of its cut family) or a cut entity's.
    const inView = new Set<number>();
    for (const kind of FIGURE_KINDS) for (const figure of (await source.figuresOfKind(kind)).slice(0, SAMPLE_VIEW_SIZE)) inView.add(figure.passage);
    for (const entity of index.entities) for (const id of entity.passages.slice(0, SAMPLE_VIEW_SIZE)) inView.add(id);
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((id) => !inView.has(id))).toEqual([]);
  });
});

describe('holdingOff', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pauses, then waits until HOLD_OFF_MS have passed since the latest request', async () => {
    vi.useFakeTimers({ now: 0 });
    let lastAsked = Number.NEGATIVE_INFINITY;
    let paused = 0;
    const pause = holdingOff(
      async () => {
        paused++;
      },
      () => lastAsked,
      () => Date.now(),
    );

    // No request yet: only the pause.
    await pause();
    expect(paused).toBe(1);

    lastAsked = Date.now();
    let resumed = false;
    const waiting = pause().then(() => {
      resumed = true;
    });
    await vi.advanceTimersByTimeAsync(HOLD_OFF_MS - 1);
    expect([paused, resumed]).toEqual([2, false]);
    // Another request meanwhile: the wait runs from it.
    lastAsked = Date.now();
    await vi.advanceTimersByTimeAsync(HOLD_OFF_MS - 1);
    expect(resumed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(resumed).toBe(true);
    expect(Date.now()).toBe(2 * HOLD_OFF_MS - 1);

    // Long after the last request: no wait.
    await vi.advanceTimersByTimeAsync(10 * HOLD_OFF_MS);
    const started = Date.now();
    await pause();
    expect([paused, Date.now()]).toEqual([3, started]);

    // A request time on another clock (far ahead) costs waits of HOLD_OFF_MS at most, each a task, not one huge timer.
    lastAsked = Date.now() + 1e12;
    void pause();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersToNextTimerAsync();
    expect(Date.now() - started).toBe(HOLD_OFF_MS);
  });
});
