import type { EntityRecord, EntityType, FigureKind } from '../index/types';
import type { MentionFilter } from './find-mentions';

/**
 * Figure kinds never marked on pages: "other" is too vague to compare ("seven
 * poultry processing plants"), and durations ("two years", "30 days") fill
 * every article while the corpus has nothing to compare them with.
 */
const UNMARKED_KINDS: ReadonlySet<FigureKind> = new Set(['other', 'days', 'weeks', 'years']);

export interface MarkChoice {
  entityTypes: Record<EntityType, boolean>;
  figureKinds: Record<FigureKind, boolean>;
}

/**
 * What is worth marking on a page: entities the corpus says something about
 * (of the types the reader wants) and figure kinds the corpus holds and can
 * compare (of the kinds the reader wants).
 */
export function markableMentions(
  entities: readonly Pick<EntityRecord, 'id' | 'name' | 'type' | 'passages'>[],
  corpusFigureKinds: readonly FigureKind[],
  choice: MarkChoice,
): { entities: Record<string, { name: string; type: EntityType }>; figureKinds: FigureKind[] } {
  const wanted: Record<string, { name: string; type: EntityType }> = {};
  for (const entity of entities) {
    if (entity.passages.length > 0 && choice.entityTypes[entity.type]) {
      wanted[entity.id] = { name: entity.name, type: entity.type };
    }
  }
  const figureKinds = corpusFigureKinds.filter((kind) => !UNMARKED_KINDS.has(kind) && choice.figureKinds[kind]);
  return { entities: wanted, figureKinds };
}

/** The filter `findMentions` marks by for what `markableMentions` chose (the per-block rule is the caller's). */
export function markableFilter(markable: { entities: Record<string, unknown>; figureKinds: readonly FigureKind[] }): MentionFilter {
  return { entityIds: new Set(Object.keys(markable.entities)), figureKinds: new Set(markable.figureKinds) };
}
