/** Node-only: the index shipped in the extension, compiled from assets/ at build time. */
import { resolve } from 'node:path';
import type { WxtViteConfig } from 'wxt';
import type { CorpusIndex } from '../core/index/format';

export const BUNDLED_INDEX_FILE = 'footnote-index.json';
const VIRTUAL_ID = 'virtual:footnote-index';

let compiled: Promise<CorpusIndex> | undefined;

/** Compiles assets/corpus once per build process; a broken bundled article fails the build. */
export function bundledIndex(root = process.cwd()): Promise<CorpusIndex> {
  // Imported lazily so that loading the WXT config (also done by vitest) does not pull in the compiler.
  const corpus = resolve(root, 'assets/corpus');
  compiled ??= import('./read-corpus')
    .then(({ compileFolder }) => compileFolder(corpus, resolve(root, 'assets/gazetteer.json')))
    .then(({ index, failures }) => {
      if (failures.length > 0) {
        const list = failures.map((f) => `  ${f.source}: ${f.reason}`).join('\n');
        throw new Error(`the bundled corpus does not compile:\n${list}`);
      }
      // An extension with an empty corpus would build and answer every card with nothing.
      if (index.documents.length === 0) throw new Error(`the bundled corpus has no articles: ${corpus} is empty`);
      return index;
    });
  return compiled;
}

/** Lets the worker know which index it ships (hash, file) without loading the index itself. */
type VitePlugin = Extract<NonNullable<WxtViteConfig['plugins']>[number], { name: string }>;

export function bundledIndexPlugin(): VitePlugin {
  return {
    name: 'footnote:bundled-index',
    resolveId: (id) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
    async load(id) {
      if (id !== `\0${VIRTUAL_ID}`) return undefined;
      const { hash, version } = await bundledIndex();
      return `export const BUNDLED_INDEX = ${JSON.stringify({ hash, version, file: BUNDLED_INDEX_FILE })};`;
    },
  };
}
