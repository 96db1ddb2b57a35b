/**
 * Bundled by esbuild into the bench pages: our real page code (not a copy)
 * plus the measurements that drive it, on `window.footnoteBench`.
 */
import { AliasMatcher } from '../../src/core/match/alias-matcher';
import { createHighlighter } from '../../src/page/highlighter';
import { PageSession } from '../../src/page/page-session';
import { PageScanner } from '../../src/page/scanner';
import * as measure from './page-measure';

const api = { AliasMatcher, PageScanner, PageSession, createHighlighter, ...measure };

export type FootnoteBench = typeof api;

declare global {
  interface Window {
    footnoteBench: FootnoteBench;
  }
}

window.footnoteBench = api;
