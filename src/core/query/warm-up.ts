import { FIGURE_KINDS, type EntityRecord, type FigureKind, type FigureRecord } from '../index/types';
import { sentenceContext } from '../text/sentences';
import { passagesForEntity, passagesForFigure } from './queries';
import type { IndexSource } from './source';

/** Figures of a kind, postings of a term and passages of an entity that a sample card sees. */
export const SAMPLE_VIEW_SIZE = 8;
/** Rounds of one sample card per figure kind and ENTITIES_PER_ROUND entity cards: enough for V8 to have compiled the cards' code. */
export const WARM_UP_ROUNDS = 3;
export const ENTITIES_PER_ROUND = 6;
/** Sample cards hold off this long after a request: a reader's card should not wait for one. */
export const HOLD_OFF_MS = 250;

/**
 * `source` cut small: the first few figures of each kind, postings of each
 * term and passages of each entity. Its figure, passage and document records
 * are the source's own (entities are cut copies), so a card over it runs the
 * code paths, record shapes and caches of a real card at a fraction of the cost.
 */
export function sampleView(source: IndexSource, size = SAMPLE_VIEW_SIZE): IndexSource {
  // One list per kind, kept: families of figures are cached by their lists.
  const lists = new Map<FigureKind, Promise<FigureRecord[]>>();
  return {
    ...source,
    postings: async (terms) => {
      const postings = await source.postings(terms);
      return new Map([...postings].map(([term, list]) => [term, list.slice(0, 2 * size)]));
    },
    figuresOfKind: (kind) => {
      let list = lists.get(kind);
      if (!list) lists.set(kind, (list = source.figuresOfKind(kind).then((figures) => figures.slice(0, size))));
      return list;
    },
    entity: async (id) => {
      const entity = await source.entity(id);
      if (!entity) return undefined;
      const cut: EntityRecord = { ...entity, passages: entity.passages.slice(0, size) };
      if (entity.mentions) cut.mentions = entity.mentions.slice(0, size);
      return cut;
    },
  };
}

/** The sentence of a passage holding [start, end): a sample card's context, as a page sends one with a mention. */
async function sentenceOf(source: IndexSource, passageId: number | undefined, start: number, end: number): Promise<string | undefined> {
  if (passageId === undefined) return undefined;
  const [passage] = await source.passages([passageId]);
  return passage && sentenceContext(passage.text, { start, end });
}

/**
 * `pause`, then a wait until HOLD_OFF_MS have passed since `lastAsked()` (the
 * time of the latest request, on the `now` clock): a pause between sample
 * cards that keeps them out of the way of the reader's.
 */
export function holdingOff(pause: () => Promise<void>, lastAsked: () => number, now = () => performance.now()): () => Promise<void> {
  return async () => {
    await pause();
    // At most HOLD_OFF_MS at a time, whatever the clocks say.
    for (let wait; (wait = lastAsked() + HOLD_OFF_MS - now()) > 0; ) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.ceil(wait), HOLD_OFF_MS)));
    }
  };
}

/**
 * Answers sample cards over `sampleView(source)` and throws them away, so a
 * worker that has just read its index has the figure and entity cards' code
 * compiled before the reader's first cards (cold, a figure card over 10,000
 * passages takes 10-60 ms; compiled, 1-3 ms). Each sample costs well under a
 * real card, and `pause` is awaited before each (see `holdingOff`): with a
 * pause that ends at a task boundary, a card asked meanwhile waits for one
 * sample at most. Returns how many were answered.
 */
export async function warmUpQueries(source: IndexSource, pause: () => Promise<void>, rounds = WARM_UP_ROUNDS): Promise<number> {
  const view = sampleView(source);
  const entities = await source.entities();
  let answered = 0;
  for (let round = 0; round < rounds; round++) {
    for (const kind of FIGURE_KINDS) {
      const figures = await view.figuresOfKind(kind);
      const figure = figures[round % Math.max(1, figures.length)];
      if (!figure) continue;
      await pause();
      const context = await sentenceOf(source, figure.passage, figure.start, figure.end);
      await passagesForFigure(view, { kind, value: figure.value, text: figure.text, ...(context && { context }) });
      answered++;
    }
    for (let k = 0; k < ENTITIES_PER_ROUND && entities.length > 0; k++) {
      const entity = entities[(round * ENTITIES_PER_ROUND + k) % entities.length]!;
      await pause();
      const context = await sentenceOf(source, entity.passages[0], 0, 0);
      await passagesForEntity(view, { entityId: entity.id, ...(context && { context }) });
      answered++;
    }
  }
  return answered;
}
