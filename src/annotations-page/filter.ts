/** Search and filters of the annotations page: pure functions of the list. */
import { annotationNote, annotationQuote, annotationTags, type Annotation } from '../core/annotations/model';
import { hasTag } from '../core/annotations/tags';
import { siteKeyOf } from '../core/site/site-key';
import { foldString } from '../core/text/normalize';

export interface AnnotationFilter {
  /** Words that must all appear in the quote, note, tags, page title or site. */
  query: string;
  /** '' for every tag. */
  tag: string;
  /** '' for every site. */
  site: string;
}

export const NO_FILTER: AnnotationFilter = { query: '', tag: '', site: '' };

/** The site (registrable domain) of the annotation's page; the address itself when it has none. */
export function siteOf(annotation: Annotation): string {
  const key = siteKeyOf(annotation.target.source);
  return 'unsupported' in key ? annotation.target.source : key.site;
}

/** The page's host, shown with the title; the address itself when it has none. */
export function hostOf(annotation: Annotation): string {
  const key = siteKeyOf(annotation.target.source);
  return 'unsupported' in key ? annotation.target.source : key.host;
}

function searchable(text: string): string {
  return foldString(text).toLowerCase();
}

function haystack(annotation: Annotation): string {
  return searchable(
    [
      annotationQuote(annotation).exact,
      annotationNote(annotation)?.value ?? '',
      ...annotationTags(annotation),
      annotation.target['dcterms:title'] ?? '',
      hostOf(annotation),
    ].join('\n'),
  );
}

export function filterAnnotations(annotations: readonly Annotation[], filter: AnnotationFilter): Annotation[] {
  const words = searchable(filter.query).split(' ').filter(Boolean);
  return annotations.filter(
    (annotation) =>
      (filter.tag === '' || hasTag(annotation, filter.tag)) &&
      (filter.site === '' || siteOf(annotation) === filter.site) &&
      (words.length === 0 || words.every((word) => haystack(annotation).includes(word))),
  );
}

/** Sites with their number of annotations, most first (then by name). */
export function countSites(annotations: readonly Annotation[]): { site: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const annotation of annotations) {
    const site = siteOf(annotation);
    counts.set(site, (counts.get(site) ?? 0) + 1);
  }
  return [...counts]
    .map(([site, count]) => ({ site, count }))
    .sort((a, b) => b.count - a.count || a.site.localeCompare(b.site));
}
