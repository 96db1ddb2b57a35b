import { annotationTags, type Annotation } from './model';

export interface TagCount {
  tag: string;
  count: number;
}

/**
 * How many annotations carry each tag, most used first (then by name).
 * Spellings that differ only in case are one tag, named as the first
 * annotation given spells it: pass the newest first to name tags as written lately.
 */
export function countTags(annotations: readonly Annotation[]): TagCount[] {
  const counts = new Map<string, TagCount>();
  for (const annotation of annotations) {
    for (const tag of annotationTags(annotation)) {
      const key = tag.toLowerCase();
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { tag, count: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** Whether the annotation carries `tag`, in any case. */
export function hasTag(annotation: Annotation, tag: string): boolean {
  const key = tag.toLowerCase();
  return annotationTags(annotation).some((value) => value.toLowerCase() === key);
}
