import type { Plugin } from 'vite';
export function footnoteIndexPlugin(): Plugin {
  return { name: 'footnote-index' };
}
