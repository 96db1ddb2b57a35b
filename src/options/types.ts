import type { Settings } from '../settings/schema';

/**
 * Saves a change made against the latest stored settings (as `updateSettings` does); resolves
 * true once saved, false when saving failed (the page says why).
 */
export type UpdateSettings = (change: (current: Settings) => Settings) => Promise<boolean>;
