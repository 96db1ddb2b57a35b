import { defineConfig } from 'wxt';
import { BUNDLED_INDEX_FILE, bundledIndex, bundledIndexPlugin } from './src/build/bundled-index';

// See README "Permissions" for why each one is here.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Footnote',
    description:
      'Fact context while you read: highlights agencies, operations and figures and shows what a bundled news corpus says about them.',
    permissions: ['storage'],
    browser_specific_settings: {
      gecko: { id: 'footnote@footnote.local', strict_min_version: '115.0' },
    },
  },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    plugins: [bundledIndexPlugin()],
  }),
  hooks: {
    // The index is packaged but not listed in web_accessible_resources: pages cannot fetch it.
    'build:publicAssets': async (_wxt, files) => {
      files.push({ relativeDest: BUNDLED_INDEX_FILE, contents: JSON.stringify(await bundledIndex()) });
    },
  },
});
