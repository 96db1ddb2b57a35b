/**
 * What the content script asks the annotation panel to show, and what the
 * panel tells the content script back.
 *
 * The panel is an extension page in an iframe: the page around it can
 * neither read it nor see the keys typed into it. The request travels in the
 * iframe's URL fragment and holds only what the page already has (its URL,
 * title, the quoted text) plus corpus passages; the note and tags are read
 * and written by the panel itself, through the worker.
 */
import type { TextSelectors } from '../core/annotations/model';

/** A corpus passage offered for linking, as the card showed it. */
export interface PassageDraft {
  passageId: number;
  title: string;
  author?: string;
  date?: string;
  publisher?: string;
  text: string;
  /** Linked unless the reader unticks it. */
  checked: boolean;
}

export type PanelRequest =
  | {
      mode: 'create';
      pageUrl: string;
      pageTitle: string;
      selectors: TextSelectors;
      passages: PassageDraft[];
    }
  /** `changed`: the annotation was found only approximately, in text that differs from its quote. */
  | { mode: 'view'; pageUrl: string; id: string; changed?: boolean };

export function encodePanelRequest(request: PanelRequest): string {
  return `#${encodeURIComponent(JSON.stringify(request))}`;
}

/** The request in a panel URL's fragment, or undefined when it is missing or damaged. */
export function decodePanelRequest(hash: string): PanelRequest | undefined {
  try {
    const value: unknown = JSON.parse(decodeURIComponent(hash.replace(/^#/, '')));
    if (typeof value !== 'object' || value === null) return undefined;
    const request = value as PanelRequest;
    if (request.mode === 'view' && typeof request.id === 'string' && typeof request.pageUrl === 'string') return request;
    if (
      request.mode === 'create' &&
      typeof request.pageUrl === 'string' &&
      Array.isArray(request.selectors) &&
      typeof request.selectors[0]?.exact === 'string' &&
      Array.isArray(request.passages)
    ) {
      return request;
    }
  } catch {
    // Falls through: a damaged fragment is a missing request.
  }
  return undefined;
}

/**
 * Posted by the panel to the page it sits in (the page can see these, so they
 * say nothing about the annotation); the content script checks the sender is
 * its own frame. Saves and deletes reach the page through the worker's change
 * signal instead.
 */
export type PanelEvent =
  | { footnotePanel: true; type: 'height'; height: number }
  /** The reader started editing: the panel stays until saved or cancelled, whatever the pointer does. */
  | { footnotePanel: true; type: 'pin' }
  | { footnotePanel: true; type: 'close' };

export function isPanelEvent(data: unknown): data is PanelEvent {
  if (typeof data !== 'object' || data === null) return false;
  const event = data as Record<string, unknown>;
  if (event.footnotePanel !== true) return false;
  switch (event.type) {
    case 'height':
      return typeof event.height === 'number' && Number.isFinite(event.height);
    case 'pin':
    case 'close':
      return true;
    default:
      return false;
  }
}
