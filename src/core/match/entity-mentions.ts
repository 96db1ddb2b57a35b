import type { EntityRecord } from '../index/types';
import { buildAliasMatcher, type AliasMatcher } from './alias-matcher';

/** A matcher for one entity's aliases alone: how the compiler counts and the card highlights its mentions. */
export function entityMatcher(entity: Pick<EntityRecord, 'id' | 'aliases'>): AliasMatcher {
  return buildAliasMatcher(entity.aliases.map((alias) => ({ ...alias, entityId: entity.id })));
}

/**
 * Mentions of the entity in folded text, counting "Customs and Border Protection (CBP)" once: a name
 * followed by its acronym is one mention, not a passage that dwells on the entity.
 */
export function countMentions(matcher: AliasMatcher, foldedText: string): number {
  let count = 0;
  let previousEnd = -1;
  for (const hit of matcher.match(foldedText)) {
    if (previousEnd < 0 || !/^[\s(\[]*$/.test(foldedText.slice(previousEnd, hit.start))) count++;
    previousEnd = hit.end;
  }
  return count;
}
