import { resolve } from 'node:path';
import { compileFolder } from '../../../src/build/read-corpus';
import type { CorpusIndex } from '../../../src/core/index/format';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CORPUS_DIR = resolve(ROOT, 'assets/corpus');
export const GAZETTEER = resolve(ROOT, 'assets/gazetteer.json');

let bundled: Promise<CorpusIndex> | undefined;

/** The index compiled from the bundled corpus, once per test file. */
export function bundledCorpusIndex(): Promise<CorpusIndex> {
  bundled ??= compileFolder(CORPUS_DIR, GAZETTEER).then(({ index, failures }) => {
    if (failures.length > 0) throw new Error(`bundled corpus failed: ${JSON.stringify(failures)}`);
    return index;
  });
  return bundled;
}

/** The document of the bundled corpus with this date. */
export function docByDate(index: CorpusIndex, date: string) {
  const doc = index.documents.find((d) => d.date === date);
  if (!doc) throw new Error(`no document dated ${date}`);
  return doc;
}
