import { extractFigures } from '../figures/extract-figures';
import type { FigureKind, FigureMention } from '../index/types';
import { foldText } from '../text/normalize';
import type { AliasMatcher } from './alias-matcher';

export type PageMention =
  | { type: 'entity'; start: number; end: number; entityId: string }
  | { type: 'figure'; start: number; end: number; figure: FigureMention };

export interface MentionFilter {
  /** Entities that may be marked; absent means all. */
  entityIds?: ReadonlySet<string>;
  /** Figure kinds that may be marked: those the corpus holds (and the reader wants). */
  figureKinds: ReadonlySet<FigureKind>;
  /** Mark only the first mention of each entity (and figure kind) in a block. */
  firstPerBlock?: boolean;
}

/**
 * Words that tie a paragraph to what the corpus covers. A figure is marked only
 * in a paragraph that names an entity or uses one of these: "at least 19 people"
 * in a storm report has nothing to be compared with.
 */
const TOPIC_CUES =
  /\b(?:immigra|migra|deport|arrest|detain|detention|raid|border|asylum|refugee|alien|undocumented|enforcement|sanctuary|custody|apprehen)/i;

/** Money below this is a price ("Subscribe for $1"), not a budget or a fine. */
const MIN_MONEY = 1_000_000;

/**
 * Entity and figure mentions in one block of text, with offsets into `text`,
 * ordered by start. A figure may contain an entity ("1,300 ICE arrests"):
 * both are kept, as they lead to different context. Figures come without
 * their place and operation: see `describeFigure`.
 */
export function findMentions(text: string, matcher: AliasMatcher, filter: MentionFilter): PageMention[] {
  const folded = foldText(text);
  const mentions: PageMention[] = [];
  const seen = new Set<string>();
  const firstOnly = (key: string) => {
    if (!filter.firstPerBlock) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const hits = matcher.match(folded.text);
  for (const hit of hits) {
    if (filter.entityIds && !filter.entityIds.has(hit.entityId)) continue;
    if (!firstOnly(hit.entityId)) continue;
    mentions.push({
      type: 'entity',
      start: folded.map[hit.start]!,
      end: folded.map[hit.end - 1]! + 1,
      entityId: hit.entityId,
    });
  }
  if (filter.figureKinds.size > 0 && (hits.length > 0 || TOPIC_CUES.test(folded.text))) {
    for (const figure of extractFigures(text, { folded, describe: false })) {
      if (!filter.figureKinds.has(figure.kind)) continue;
      if (figure.kind === 'money' && figure.value < MIN_MONEY) continue;
      if (!firstOnly(`figure:${figure.kind}`)) continue;
      mentions.push({ type: 'figure', start: figure.start, end: figure.end, figure });
    }
  }
  return mentions.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** A figure `findMentions` found in `text`, with the place and operation its sentence names. */
export function describeFigure(text: string, figure: FigureMention): FigureMention {
  return extractFigures(text).find((read) => read.start === figure.start && read.end === figure.end) ?? figure;
}
