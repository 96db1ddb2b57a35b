import { defineConfig } from 'wxt';
import { BUNDLED_INDEX_FILE, bundledIndex, bundledIndexPlugin } from './src/build/bundled-index';
import { INJECTED_HIGHLIGHT_CSS } from './src/page/highlight-styles';

/** The marks' default look, in every page from its first render (Chromium: see highlight-styles.ts). */
const HIGHLIGHT_CSS_FILE = 'content-scripts/highlights.css';

// Firefox 140 (an ESR) is the first to read data_collection_permissions, which addons.mozilla.org requires of new
// extensions; it also brought the CSS Custom Highlight API. Firefox for Android reads the field from 142.
const GECKO_SETTINGS = {
  id: 'footnote@footnote.local',
  strict_min_version: '140.0',
  // Footnote collects and transmits nothing (a field WXT's manifest types do not know yet).
  data_collection_permissions: { required: ['none'] },
};
const GECKO_ANDROID_SETTINGS = { strict_min_version: '142.0' };

// See README "Permissions" for why each one is here.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Footnote',
    description:
      'Fact context while you read: highlights agencies, operations and figures and shows what a bundled news corpus says about them.',
    permissions: ['storage', 'contextMenus'],
    // The annotation panel is framed into pages (its contents stay out of the page's reach), and the content
    // script imports its on-demand parts (src/page/chunks.ts) by URL. A dynamic URL keeps pages from probing
    // for the extension by its fixed id.
    web_accessible_resources: [
      {
        resources: ['annotation-panel.html', 'card-view.js', 'page-annotations.js'],
        matches: ['http://*/*', 'https://*/*', 'file:///*'],
        use_dynamic_url: true,
      },
    ],
    commands: {
      'next-mention': {
        suggested_key: { default: 'Alt+Shift+Period' },
        description: 'Go to the next Footnote mention (then Tab / Shift+Tab, Enter, Escape)',
      },
      'previous-mention': {
        suggested_key: { default: 'Alt+Shift+Comma' },
        description: 'Go to the previous Footnote mention',
      },
      'toggle-site': {
        suggested_key: { default: 'Alt+Shift+F' },
        description: 'Switch Footnote on or off for this site',
      },
    },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: GECKO_SETTINGS, gecko_android: GECKO_ANDROID_SETTINGS } } : {}),
  }),
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    plugins: [bundledIndexPlugin()],
  }),
  hooks: {
    // The index is packaged but not listed in web_accessible_resources: pages cannot fetch it.
    'build:publicAssets': async (wxt, files) => {
      files.push({ relativeDest: BUNDLED_INDEX_FILE, contents: JSON.stringify(await bundledIndex()) });
      if (wxt.config.browser !== 'firefox') files.push({ relativeDest: HIGHLIGHT_CSS_FILE, contents: INJECTED_HIGHLIGHT_CSS });
    },
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.browser === 'firefox') return;
      for (const script of manifest.content_scripts ?? []) script.css = [...(script.css ?? []), HIGHLIGHT_CSS_FILE];
    },
  },
});
