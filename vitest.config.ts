import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          exclude: ['tests/unit/dom/**'],
          setupFiles: ['fake-indexeddb/auto'],
        },
      },
      {
        // DOM adapters and Preact components in happy-dom. No WXT plugin: its Node-side modules
        // do not load under a DOM environment, and this code takes no extension API anyway.
        // JSX follows tsconfig's jsxImportSource (preact).
        test: {
          name: 'dom',
          include: ['tests/unit/dom/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A poll ends as soon as it passes; on a loaded machine a card's answer or a page's scan
          // can take seconds, well past the default 1 s.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
