import { readFile } from 'node:fs/promises';
import { mkdtemp, writeFile, copyFile, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFolder, readCorpusFolder, readGazetteer } from '../../../src/build/read-corpus';
import { compileCorpus } from '../../../src/core/index/compile';
import { INDEX_VERSION, parseIndex, type CorpusIndex } from '../../../src/core/index/format';
import type { FigureReadings } from '../../../src/core/index/types';
import { foldText } from '../../../src/core/text/normalize';
import { bundledCorpusIndex, CORPUS_DIR, docByDate, GAZETTEER } from '../helpers/corpus';

let index: CorpusIndex;
beforeAll(async () => {
  index = await bundledCorpusIndex();
});

describe('compiling the bundled corpus', () => {
  it('reads all five articles with their metadata, in file order', () => {
    expect(index.documents.map((d) => [d.source, d.date, d.author])).toEqual([
      ['000_bd770002ba011dc8.txt', '2020-09-04', 'Norissa Santa Cruz'],
      ['001_f2e3f6514b1f1602.txt', '2019-10-07', 'Leslie Murtagh'],
      ['002_d33cc4e1966734d5.txt', '2020-02-17', 'Norissa Santa Cruz'],
      ['003_13c3fd6e79055f7b.txt', '2020-10-01', 'Trévon Austin'],
      ['004_f192af33ea0bcae1.txt', '2017-09-30', 'Evan Blake'],
    ]);
    expect(new Set(index.documents.map((d) => d.publisher))).toEqual(new Set(['World Socialist Web Site']));
  });

  it('gives every passage offsets inside its source file, in order, without the footer', async () => {
    for (const doc of index.documents) {
      const raw = await readFile(join(CORPUS_DIR, doc.source), 'utf8');
      const passages = index.passages.slice(doc.passageStart, doc.passageEnd);
      expect(passages.length).toBeGreaterThan(10);
      let previousEnd = 0;
      for (const passage of passages) {
        expect(passage.doc).toBe(doc.id);
        expect(passage.start).toBeGreaterThanOrEqual(previousEnd);
        expect(passage.end).toBeLessThanOrEqual(raw.length);
        // The raw span, less Markdown marks and page-break whitespace, is the passage text.
        const span = raw
          .slice(passage.start, passage.end)
          .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
          .replace(/[*\\]/g, '')
          .replace(/\s+/g, ' ');
        expect(span).toBe(passage.text);
        expect(passage.text).not.toMatch(/To contact the/);
        previousEnd = passage.end;
      }
    }
  });

  it('records which passages mention each entity, acronyms by case', () => {
    const entity = (id: string) => index.entities.find((e) => e.id === id)!;
    const docsOf = (id: string) => new Set(entity(id).passages.map((p) => index.documents[index.passages[p]!.doc]!.date));
    expect(docsOf('agency:ice').size).toBe(5);
    expect(docsOf('unit:bortac')).toEqual(new Set(['2020-02-17', '2020-09-04']));
    expect(docsOf('operation:safe-city')).toEqual(new Set(['2017-09-30']));
    for (const p of entity('agency:ice').passages) expect(index.passages[p]!.text).toMatch(/ICE|Immigration and Customs Enforcement/);
  });

  it('merges mined acronyms into the gazetteer and adds new ones', () => {
    const cbp = index.entities.find((e) => e.id === 'agency:cbp')!;
    expect(cbp.origin).toBe('both');
    expect(cbp.aliases.map((a) => a.text)).toContain('Customs and Border Patrol');
    const rnc = index.entities.find((e) => e.id === 'mined:rnc')!;
    expect(rnc).toMatchObject({ origin: 'mined', name: 'Republican National Convention' });
    expect(rnc.aliases).toContainEqual({ text: 'RNC', caseSensitive: true });
  });

  it('stores figures with their document date and passage', () => {
    const safeCity = index.figures.find((f) => f.text === '498 individuals')!;
    expect(safeCity).toMatchObject({ value: 498, kind: 'people', date: '2017-09-30' });
    expect(index.passages[safeCity.passage]!.text.slice(safeCity.start, safeCity.end)).toBe('498 individuals');
    expect(index.figures.length).toBeGreaterThanOrEqual(40);
  });

  it('indexes every passage for BM25', () => {
    expect(index.bm25.lengths).toHaveLength(index.passages.length);
    const postings = index.bm25.postings['bortac']!;
    const passages = postings.filter((_, i) => i % 2 === 0);
    expect(new Set(passages)).toEqual(new Set(index.entities.find((e) => e.id === 'unit:bortac')!.passages));
  });

  it('ships a matcher that finds the same mentions the compiler recorded', async () => {
    const { AliasMatcher } = await import('../../../src/core/match/alias-matcher');
    const matcher = AliasMatcher.fromJSON(index.matcher);
    const bortacPassages = index.passages
      .filter((p) => matcher.match(foldText(p.text).text).some((m) => m.entityId === 'unit:bortac'))
      .map((p) => p.id);
    expect(bortacPassages).toEqual(index.entities.find((e) => e.id === 'unit:bortac')!.passages);
  });
});

describe('the index file', () => {
  it('round-trips through JSON unchanged', () => {
    const copy = parseIndex(JSON.parse(JSON.stringify(index)));
    expect(copy).toEqual(index);
  });

  it('is deterministic: the same folder gives the same hash, a changed one another', async () => {
    const again = await compileFolder(CORPUS_DIR, GAZETTEER);
    expect(again.index.hash).toBe(index.hash);
    const { files } = await readCorpusFolder(CORPUS_DIR);
    const gazetteer = await readGazetteer(GAZETTEER);
    const edited = files.map((f) => ({ ...f, content: f.content.replace('498 individuals', '499 individuals') }));
    expect(edited.map((f) => f.content)).not.toEqual(files.map((f) => f.content));
    expect(compileCorpus(edited, { gazetteer }).index.hash).not.toBe(index.hash);
  });

  it.each([
    ['not an object', 'nope', /not an object/],
    ['another format', { format: 'other' }, /not a Footnote index/],
    ['a newer version', { format: 'footnote-index', version: INDEX_VERSION + 1 }, new RegExp(`version ${INDEX_VERSION + 1} is not supported`)],
    ['version 0', { format: 'footnote-index', version: 0 }, /version 0 is not supported/],
    ['no passages', { format: 'footnote-index', version: 1, hash: 'x', documents: [], entities: [], figures: [] }, /"passages"/],
  ])('refuses %s', (_label, value, reason) => {
    expect(() => parseIndex(value)).toThrowError(reason);
  });

  it.each([
    ['missing', () => undefined],
    ['one short', (readings: FigureReadings) => ({ ...readings, byFigure: readings.byFigure.slice(1) })],
    ['without term lists', (readings: FigureReadings) => ({ byFigure: readings.byFigure })],
  ])('refuses a version 2 index whose figure readings are %s', (_label, change) => {
    const { figureReadings, ...rest } = index;
    expect(() => parseIndex({ ...rest, figureReadings: change(figureReadings!) })).toThrowError(/"figureReadings"/);
  });

  it('still reads the version 2 fixture', async () => {
    const fixture = JSON.parse(await readFile(join(import.meta.dirname, '../../fixtures/index/index-v2.json'), 'utf8'));
    const old = parseIndex(fixture);
    expect(old.version).toBe(2);
    expect(old.figureReadings?.byFigure).toHaveLength(old.figures.length);
  });

  it('still reads the version 1 fixture', async () => {
    const fixture = JSON.parse(await readFile(join(import.meta.dirname, '../../fixtures/index/index-v1.json'), 'utf8'));
    const old = parseIndex(fixture);
    expect(old.version).toBe(1);
    expect(old.documents[0]!.title).toMatch(/nearly 500 immigrants/);
    expect(old.entities.find((e) => e.id === 'operation:safe-city')!.passages.length).toBeGreaterThan(0);
  });
});

describe('compiling a folder with bad files', () => {
  it('reports each bad file by name with the reason and compiles the rest', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'footnote-corpus-'));
    await copyFile(join(CORPUS_DIR, '004_f192af33ea0bcae1.txt'), join(folder, 'good.txt'));
    await writeFile(join(folder, 'empty.txt'), '');
    await writeFile(join(folder, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe]));
    await writeFile(join(folder, 'notes.docx'), 'PK');
    const { index: partial, failures } = await compileFolder(folder, GAZETTEER);
    expect(partial.documents.map((d) => d.source)).toEqual(['good.txt']);
    expect(failures.map((f) => f.source).sort()).toEqual(['binary.md', 'empty.txt', 'notes.docx']);
    expect(failures.find((f) => f.source === 'notes.docx')!.reason).toMatch(/unsupported file type/);
    expect(failures.find((f) => f.source === 'empty.txt')!.reason).toMatch(/empty/i);
    expect(failures.find((f) => f.source === 'binary.md')!.reason).toMatch(/UTF-8|binary/i);
  });

  it('reads a linked article, and names a sub-folder and a broken link instead of skipping them unsaid', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'footnote-corpus-'));
    await symlink(join(CORPUS_DIR, '004_f192af33ea0bcae1.txt'), join(folder, 'linked.txt'));
    await mkdir(join(folder, '2020'));
    await copyFile(join(CORPUS_DIR, '000_bd770002ba011dc8.txt'), join(folder, '2020', 'nested.txt'));
    await symlink(join(folder, 'moved-away.txt'), join(folder, 'broken.txt'));
    const { index: read, failures } = await compileFolder(folder, GAZETTEER);
    expect(read.documents.map((d) => d.source)).toEqual(['linked.txt']);
    expect(failures.map((f) => [f.source, f.reason])).toEqual([
      ['2020', 'a folder: only the articles directly in the corpus folder are read'],
      ['broken.txt', expect.stringMatching(/^ENOENT/)],
    ]);
  });

  it('compiles HTML articles through Readability', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'footnote-corpus-'));
    await copyFile(join(import.meta.dirname, '../../fixtures/articles/courier-ice-raids.html'), join(folder, 'a.html'));
    const { index: html, failures } = await compileFolder(folder, GAZETTEER);
    expect(failures).toEqual([]);
    expect(html.documents).toHaveLength(1);
    expect(html.passages.length).toBeGreaterThan(2);
    expect(html.entities.find((e) => e.id === 'agency:ice')!.passages.length).toBeGreaterThan(0);
  });
});

it('keeps the document of a known date reachable by the test helper', () => {
  expect(docByDate(index, '2017-09-30').title).toMatch(/nearly 500 immigrants/);
});
