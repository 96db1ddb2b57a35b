/** Where settings live in `browser.storage.local`; its own module so the content script can watch it without bundling validation. */
export const SETTINGS_KEY = 'settings';
