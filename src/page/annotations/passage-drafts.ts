import type { PassageDraft } from '../../annotation-panel/panel-request';
import type { PassageHit } from '../../core/query/queries';

/**
 * The card's passages offered for linking, each once, in the card's order,
 * with `chosen` ticked: a figure card answers one hit per figure, so a
 * passage with several figures comes back several times.
 */
export function passageDrafts(hits: readonly PassageHit[], chosen: PassageHit): PassageDraft[] {
  const drafts = new Map<number, PassageDraft>();
  for (const { document, passage } of hits) {
    if (drafts.has(passage.id)) continue;
    drafts.set(passage.id, {
      passageId: passage.id,
      title: document.title,
      ...(document.author ? { author: document.author } : {}),
      ...(document.date ? { date: document.date } : {}),
      ...(document.publisher ? { publisher: document.publisher } : {}),
      text: passage.text,
      checked: passage.id === chosen.passage.id,
    });
  }
  return [...drafts.values()];
}
