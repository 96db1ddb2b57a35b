import { defineConfig } from 'wxt';
import { footnoteIndexPlugin } from './src/build/index-plugin';

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
    plugins: [footnoteIndexPlugin()],
  }),
});
