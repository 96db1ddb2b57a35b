import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileFolder } from '../../../src/build/read-corpus';
import { parseGazetteer } from '../../../src/core/entities/gazetteer';
import type { CorpusIndex } from '../../../src/core/index/format';
import type { GazetteerEntry } from '../../../src/core/index/types';

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

/** The raw corpus files cut at blank lines: real paragraphs, flaws and all, without the parser. */
export function rawCorpusParagraphs(): string[] {
  return readdirSync(CORPUS_DIR)
    .sort()
    .flatMap((name) => readFileSync(join(CORPUS_DIR, name), 'utf8').split(/\n\s*\n/))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function curatedGazetteer(): GazetteerEntry[] {
  return parseGazetteer(JSON.parse(readFileSync(GAZETTEER, 'utf8')));
}
