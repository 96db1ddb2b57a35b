import type { Settings } from './schema';

/**
 * How marks look until the reader picks otherwise. Apart from schema.ts so the
 * content script and the build can have it without the rest of the settings.
 */
export const DEFAULT_HIGHLIGHT: Readonly<Settings['highlight']> = { style: 'underline', color: '#f5b700' };
