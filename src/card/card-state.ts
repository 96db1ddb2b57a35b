import type { FigureMention } from '../core/index/types';
import type { EntityAnswer, FigureAnswer, PassageHit } from '../core/query/queries';

/** What the context card shows; the card renders it and calls no extension API itself. */
export type CardState =
  | { kind: 'loading'; title: string }
  | { kind: 'error'; title: string; message: string }
  | { kind: 'entity'; answer: EntityAnswer }
  /** `answer.discrepancies` carries the notes where documents disagree. */
  | { kind: 'figure'; figure: FigureMention; answer: FigureAnswer };

export interface CardActions {
  close(): void;
  /** URL of the extension's reader page at this passage. */
  readerHref(hit: PassageHit): string;
  /**
   * Opens the reader at this passage. A web page may not navigate to an extension
   * page itself, so the link's click goes through the worker.
   */
  openReader(hit: PassageHit): void;
  copyCitation(hit: PassageHit): Promise<void>;
  /** Opens the annotation editor for the mention with this passage linked; absent where annotations cannot be made. */
  save?(hit: PassageHit): void;
}
