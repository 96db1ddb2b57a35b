import {
  annotationNote,
  annotationPassages,
  cleanTags,
  type Annotation,
  type AnnotationBody,
} from './model';

export interface NoteAndTags {
  note: string;
  tags: readonly string[];
}

/**
 * The annotation with its note and tags replaced and its passage links kept.
 * The note is trimmed (an empty one is removed) and keeps its format; tags are
 * cleaned as when an annotation is made. Times are the worker's to stamp.
 */
export function withNoteAndTags(annotation: Annotation, { note, tags }: NoteAndTags): Annotation {
  const body: AnnotationBody[] = [];
  const value = note.trim();
  if (value !== '') {
    const format = annotationNote(annotation)?.format ?? 'text/plain';
    body.push({ type: 'TextualBody', purpose: 'commenting', value, format });
  }
  for (const tag of cleanTags(tags)) body.push({ type: 'TextualBody', purpose: 'tagging', value: tag });
  body.push(...annotationPassages(annotation));
  return { ...annotation, body };
}
