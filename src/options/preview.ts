import type { EntityType, FigureKind } from '../core/index/types';
import { highlightCss } from '../page/highlight-styles';
import type { Settings } from '../settings/schema';

/** Scope of the preview's rules, so they style nothing else on the options page. */
export const PREVIEW_CLASS = 'mark-preview';

/**
 * The page's own highlight rules, aimed at classed spans of the preview instead of named
 * highlights, so the preview cannot drift from what pages show.
 */
export function previewCss(highlight: Settings['highlight']): string {
  return highlightCss(highlight).replace(/::highlight\((footnote-[a-z]+)\)/g, `.${PREVIEW_CLASS} .$1`);
}

export type PreviewPart =
  | string
  | { text: string; entity: EntityType; repeated?: boolean }
  | { text: string; figure: FigureKind };

/** A sentence in the style of the corpus, with a repeated name to show "first mention" against "every". */
export const PREVIEW_SENTENCE: readonly PreviewPart[] = [
  { text: 'ICE', entity: 'agency' },
  ' arrested ',
  { text: '498 individuals', figure: 'people' },
  ' in raids on ',
  { text: 'sanctuary cities', entity: 'policy' },
  '; ',
  { text: 'ICE', entity: 'agency', repeated: true },
  ' said more raids would follow.',
];

/** The highlight class a part of the preview gets under these settings, if it is marked at all. */
export function previewMark(part: PreviewPart, settings: Settings): 'footnote-entity' | 'footnote-figure' | undefined {
  if (typeof part === 'string') return undefined;
  if ('figure' in part) return settings.figureKinds[part.figure] ? 'footnote-figure' : undefined;
  if (!settings.entityTypes[part.entity]) return undefined;
  return part.repeated && settings.markEvery !== 'every' ? undefined : 'footnote-entity';
}
