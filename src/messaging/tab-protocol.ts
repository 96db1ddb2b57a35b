/**
 * Messages sent to a tab's content script (by the worker for keyboard
 * commands, by the popup for the page's mentions). Kept apart from the
 * worker protocol: the content script bundles this file, not that one's checks.
 */

export interface MentionGroup {
  /** Entity id, or `figure:<kind>` for figures. */
  key: string;
  label: string;
  kind: 'entity' | 'figure';
  /** Entity type or figure kind. */
  type: string;
  count: number;
}

export interface PageInfo {
  url: string;
  enabled: boolean;
  /** Why Footnote is on or off here. */
  reason: string;
  /** Mentions marked in this frame. */
  total: number;
  /** Most mentioned first. */
  groups: MentionGroup[];
  /** This frame's annotations: how many were found again, those found (in page order), and the ones that were not. */
  annotations: { total: number; anchored: number; found: { id: string; quote: string }[]; orphans: { id: string; quote: string }[] };
}

export type TabMessage =
  | { type: 'mention.focus'; direction: 'next' | 'previous' }
  | { type: 'page.info' }
  | { type: 'page.reveal'; key: string }
  /** The context-menu item: annotate the frame's selection. */
  | { type: 'annotation.create' }
  /** The popup's list: scroll to an annotation and open its note. */
  | { type: 'annotation.reveal'; id: string };

export interface TabResponses {
  'mention.focus': { focused: boolean };
  'page.info': PageInfo;
  'page.reveal': { revealed: boolean };
  'annotation.create': { opened: boolean };
  'annotation.reveal': { revealed: boolean };
}

export function isTabMessage(message: unknown): message is TabMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'mention.focus':
      return m.direction === 'next' || m.direction === 'previous';
    case 'page.info':
      return true;
    case 'page.reveal':
      return typeof m.key === 'string';
    case 'annotation.create':
      return true;
    case 'annotation.reveal':
      return typeof m.id === 'string';
    default:
      return false;
  }
}
