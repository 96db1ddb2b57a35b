import type { FigureHit, PassageHit } from '../core/query/queries';

/** The date a figure was reported: its own, else its document's. */
export function reportedDate(hit: FigureHit): string | undefined {
  return hit.figure.date ?? hit.document.date;
}

/** Oldest first, undated last; figures of one date in reading order (document, then position). */
export function inDateOrder(hits: readonly FigureHit[]): FigureHit[] {
  return [...hits].sort((a, b) => {
    const dateA = reportedDate(a);
    const dateB = reportedDate(b);
    if (dateA !== dateB) {
      if (dateA === undefined) return 1;
      if (dateB === undefined) return -1;
      return dateA.localeCompare(dateB);
    }
    return a.document.id - b.document.id || a.figure.id - b.figure.id;
  });
}

/**
 * One entry per passage, in the answer's order: a passage listing ten city
 * counts is shown once, with every figure of it highlighted and matched.
 */
export function passagesOfFigures(hits: readonly FigureHit[]): PassageHit[] {
  const byPassage = new Map<number, PassageHit>();
  for (const hit of hits) {
    const seen = byPassage.get(hit.passage.id);
    if (!seen) {
      byPassage.set(hit.passage.id, {
        passage: hit.passage,
        document: hit.document,
        score: hit.score,
        matched: [...hit.matched],
        highlights: [...hit.highlights],
      });
      continue;
    }
    for (const term of hit.matched) if (!seen.matched.includes(term)) seen.matched.push(term);
    seen.highlights.push(...hit.highlights);
    seen.highlights.sort((a, b) => a[0] - b[0]);
  }
  return [...byPassage.values()];
}
