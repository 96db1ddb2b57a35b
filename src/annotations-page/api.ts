import type { Annotation } from '../core/annotations/model';
import type { ImportSummary } from '../messaging/protocol';

/**
 * What the annotations page needs from the extension. The entrypoint passes
 * one that talks to the worker (client.ts); tests pass a fake.
 */
export interface AnnotationsApi {
  /** Every annotation, newest first. */
  list(): Promise<Annotation[]>;
  /** Saves an edit (the worker stamps `modified`) or, with keepModified, restores a deleted annotation exactly. */
  save(annotation: Annotation, options?: { keepModified?: boolean }): Promise<Annotation>;
  remove(id: string): Promise<Annotation | null>;
  /** Imports a JSON-LD export; rejects with the reason, saying where, when the file is refused. */
  importText(text: string): Promise<ImportSummary>;
  /** Opens the annotation's page in a new tab; false when its address is not a web page. */
  open(id: string): Promise<{ opened: boolean }>;
  /** Calls back whenever the stored annotations change (here or anywhere); returns a stop function. */
  watch(onChange: () => void): () => void;
}
