import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportAnnotationsJson } from '../../../../src/core/annotations/export';
import { mergeImport, parseAnnotation, parseAnnotationImport, type ImportResult } from '../../../../src/core/annotations/import';
import type { Annotation } from '../../../../src/core/annotations/model';
import { sampleAnnotations } from './sample';

const FIXTURES = join(__dirname, '../../../fixtures/annotations');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function imported(result: ImportResult): Annotation[] {
  if ('error' in result) throw new Error(`import failed: ${result.error}`);
  return result.annotations;
}

describe('parseAnnotationImport refuses bad files, saying what is wrong and where', () => {
  it.each([
    ['syntax-missing-comma.json', `The file is not valid JSON: at line 5, column 3, expected ',' or '}', found '"'.`],
    ['syntax-trailing-comma.json', "The file is not valid JSON: at line 5, column 1, trailing comma before '}'."],
    ['truncated.json', 'The file is incomplete (it looks cut off): at line 44, column 35, the file ends inside a string.'],
    [
      'not-a-collection.json',
      'The annotation: "target" must be an object with "source" and "selector", not the string "https://www.example.com/news/ice-raids".',
    ],
    ['top-level-array.json', 'Annotation 1 ([0]): "id" is missing.'],
    ['wrong-context.json', 'Not a Web Annotation file: "@context" must be "http://www.w3.org/ns/anno.jsonld".'],
    ['missing-source.json', 'Annotation 2 (first.items[1]): "target.source" is missing.'],
    [
      'bad-position-selector.json',
      'Annotation 1 (first.items[0]): "target.selector[1].start" must be a whole number ≥ 0, not the string "12".',
    ],
    [
      'no-quote-selector.json',
      'Annotation 1 (first.items[0]): "target.selector" has no TextQuoteSelector with the quoted text.',
    ],
    ['total-mismatch.json', 'The file looks partial: "total" is 3 but the file holds 1 annotation.'],
    [
      'first-page-linked.json',
      'The annotations are not in the file: "first" links to a page (https://annotations.example.org/collection/1?page=0) instead of holding it.',
    ],
    [
      'next-page.json',
      'The file looks partial: its page links to a next page ("https://annotations.example.org/collection/1?page=1") that is not in the file.',
    ],
    [
      'bad-date.json',
      'Annotation 1 (first.items[0]): "created" must be an ISO 8601 date-time such as 2024-05-01T09:30:00.000Z, not "01/05/2024".',
    ],
    [
      'duplicate-id.json',
      'Annotation 2 (first.items[1]): "id" urn:uuid:00000000-0000-4000-8000-000000000001 is already used by annotation 1.',
    ],
    [
      'unsupported-body.json',
      'Annotation 1 (first.items[0]): "body[1]" is not a note, tag or passage link (type "Image", purpose none).',
    ],
  ])('%s', (name, message) => {
    expect(parseAnnotationImport(fixture(name))).toEqual({ error: message });
  });

  it('refuses a file over the size limit before reading it', () => {
    const json = fixture('valid-v1.json');
    const bytes = Buffer.byteLength(json, 'utf8');
    expect(parseAnnotationImport(json, { maxBytes: bytes - 1 })).toEqual({
      error: `The file is too big: ${bytes.toLocaleString('en')} bytes, over the ${(bytes - 1).toLocaleString('en')}-byte limit.`,
    });
    expect(imported(parseAnnotationImport(json, { maxBytes: bytes }))).toHaveLength(3);
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    const json = JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', label: '😀é' });
    const bytes = Buffer.byteLength(json, 'utf8');
    expect(bytes).toBe(json.length + 3);
    expect(parseAnnotationImport(json, { maxBytes: bytes })).toEqual({ annotations: [] });
    expect(parseAnnotationImport(json, { maxBytes: bytes - 1 })).toHaveProperty('error');
  });

  it.each([
    ['', 'The file is empty.'],
    [' \n\t', 'The file is empty.'],
    ['{"type": "AnnotationCollection", "total": -1, "@context": "http://www.w3.org/ns/anno.jsonld"}', '"total" must be a whole number ≥ 0, not number -1.'],
  ])('refuses %j', (json, message) => {
    expect(parseAnnotationImport(json)).toEqual({ error: message });
  });

  it.each<[string, (item: Record<string, unknown>, items: unknown[]) => void, string]>([
    [
      'an item that is not an object',
      (_item, items) => (items[0] = null),
      'Annotation 1 (first.items[0]): must be an object, not null.',
    ],
    ['a missing id', (item) => delete item.id, 'Annotation 1 (first.items[0]): "id" is missing.'],
    ['a wrong type', (item) => (item.type = 'Highlight'), 'Annotation 1 (first.items[0]): "type" must be "Annotation", not "Highlight".'],
    [
      'a target that is only a URL',
      (item) => (item.target = 'https://example.com/'),
      'Annotation 1 (first.items[0]): "target" must be an object with "source" and "selector", not the string "https://example.com/".',
    ],
    [
      'an empty quote',
      (item) => ((item.target as { selector: { exact: string }[] }).selector[0]!.exact = ''),
      'Annotation 1 (first.items[0]): "target.selector[0].exact" is empty.',
    ],
    [
      'a position that ends before it starts',
      (item) => ((item.target as { selector: unknown[] }).selector[1] = { type: 'TextPositionSelector', start: 9, end: 3 }),
      'Annotation 1 (first.items[0]): "target.selector[1]" starts after it ends (start 9, end 3).',
    ],
    [
      'an HTML note',
      (item) => ((item.body as { format: string }[])[0]!.format = 'text/html'),
      'Annotation 1 (first.items[0]): "body[0].format" must be text/plain or text/markdown, not the string "text/html".',
    ],
    [
      'a passage link without its citation title',
      (item) => delete (item.body as Record<string, unknown>[])[3]!['dcterms:title'],
      'Annotation 1 (first.items[0]): "body[3].dcterms:title" is missing.',
    ],
  ])('refuses %s', (_case, damage, message) => {
    const collection = JSON.parse(fixture('valid-v1.json')) as { first: { items: unknown[] } };
    damage(collection.first.items[0] as Record<string, unknown>, collection.first.items);
    expect(parseAnnotationImport(JSON.stringify(collection))).toEqual({ error: message });
  });
});

describe('parseAnnotationImport accepts', () => {
  it('the version 1 format fixture, unchanged by a re-export', () => {
    const json = fixture('valid-v1.json');
    const annotations = imported(parseAnnotationImport(json));
    expect(annotations.map((annotation) => annotation.id)).toEqual([
      'urn:uuid:00000000-0000-4000-8000-000000000001',
      'urn:uuid:00000000-0000-4000-8000-000000000002',
      'urn:uuid:00000000-0000-4000-8000-000000000003',
    ]);
    expect(exportAnnotationsJson(annotations)).toBe(json);
  });

  it('a file saved with a byte order mark', () => {
    expect(imported(parseAnnotationImport(`\ufeff${fixture('valid-v1.json')}`))).toHaveLength(3);
  });

  it('an empty collection', () => {
    expect(parseAnnotationImport(exportAnnotationsJson([]))).toEqual({ annotations: [] });
  });

  it('single body and selector objects, missing prefix and suffix, unknown selectors, and a foreign page URL', () => {
    const json = JSON.stringify({
      '@context': ['http://www.w3.org/ns/anno.jsonld', { extra: 'https://example.org/ns#' }],
      type: 'AnnotationCollection',
      total: 1,
      first: {
        type: 'AnnotationPage',
        items: [
          {
            '@context': 'http://www.w3.org/ns/anno.jsonld',
            id: 'https://annotations.example.org/a/1',
            type: 'Annotation',
            motivation: 'commenting',
            created: '2024-05-01T11:30:00+02:00',
            modified: '2024-05-01T11:30:00+02:00',
            body: { type: 'TextualBody', purpose: 'commenting', value: 'Imported note' },
            target: {
              source: 'https://Example.com/a?utm_source=x#frag',
              selector: [
                { type: 'RangeSelector', startSelector: { type: 'XPathSelector', value: '/p[1]' } },
                { type: 'TextQuoteSelector', exact: '498 arrests' },
              ],
            },
          },
        ],
      },
    });
    expect(imported(parseAnnotationImport(json))).toEqual([
      {
        id: 'https://annotations.example.org/a/1',
        type: 'Annotation',
        created: '2024-05-01T11:30:00+02:00',
        modified: '2024-05-01T11:30:00+02:00',
        body: [{ type: 'TextualBody', purpose: 'commenting', value: 'Imported note', format: 'text/plain' }],
        target: {
          source: 'https://example.com/a',
          selector: [{ type: 'TextQuoteSelector', exact: '498 arrests', prefix: '', suffix: '' }],
        },
      },
    ]);
  });
});

describe('parseAnnotationImport reads Web Annotation files from other tools', () => {
  const NOW = new Date('2025-06-07T08:09:10.000Z');
  const CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
  /** The model's example of a comment on a quote: one body, no purpose, no dates. */
  const standard = (id: string, extra: Record<string, unknown> = {}) => ({
    '@context': CONTEXT,
    id,
    type: 'Annotation',
    body: { type: 'TextualBody', value: 'I like this', format: 'text/plain' },
    target: {
      source: 'http://example.org/page1',
      selector: { type: 'TextQuoteSelector', exact: 'anotation', prefix: 'this is an ', suffix: ' that has some' },
    },
    ...extra,
  });
  const read = (value: unknown) => parseAnnotationImport(JSON.stringify(value), { now: () => NOW });
  const expected = (id: string, created = NOW.toISOString(), modified = created): Annotation => ({
    id,
    type: 'Annotation',
    created,
    modified,
    body: [{ type: 'TextualBody', purpose: 'commenting', value: 'I like this', format: 'text/plain' }],
    target: {
      source: 'http://example.org/page1',
      selector: [{ type: 'TextQuoteSelector', exact: 'anotation', prefix: 'this is an ', suffix: ' that has some' }],
    },
  });

  it('a single Annotation: a body without purpose is the note, and undated it is dated at import', () => {
    expect(imported(read(standard('http://example.org/anno1')))).toEqual([expected('http://example.org/anno1')]);
  });

  it('a JSON array of annotations, in file order', () => {
    const list = [standard('urn:a', { motivation: 'commenting' }), standard('urn:b')];
    expect(imported(read(list))).toEqual([expected('urn:a'), expected('urn:b')]);
  });

  it.each([
    ['only created: modified is the same', { created: '2024-01-01T00:00:00Z' }, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
    ['only modified: created is the same', { modified: '2024-02-01T00:00:00Z' }, '2024-02-01T00:00:00Z', '2024-02-01T00:00:00Z'],
    ['both', { created: '2024-01-01T00:00:00Z', modified: '2024-02-01T00:00:00Z' }, '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'],
  ])('dates given in part: %s', (_label, dates, created, modified) => {
    expect(imported(read(standard('urn:a', dates)))).toEqual([expected('urn:a', created, modified)]);
  });

  it('a body without purpose on an annotation for tagging as a tag', () => {
    const tagging = standard('urn:t', { motivation: 'tagging', body: [{ type: 'TextualBody', value: 'ICE' }] });
    expect(imported(read(tagging))[0]!.body).toEqual([{ type: 'TextualBody', purpose: 'tagging', value: 'ICE' }]);
  });

  it.each([
    ['a single annotation without the context', { ...standard('urn:a'), '@context': undefined }, 'Not a Web Annotation file: "@context" must be "http://www.w3.org/ns/anno.jsonld".'],
    ['an array item without the context', [standard('urn:a'), { ...standard('urn:b'), '@context': undefined }], 'Annotation 2 ([1]): not a Web Annotation: "@context" must be "http://www.w3.org/ns/anno.jsonld".'],
    ['an array item that is not an annotation', [standard('urn:a'), 'urn:b'], 'Annotation 2 ([1]): must be an object, not the string "urn:b".'],
    ['an id used twice in an array', [standard('urn:a'), standard('urn:a')], 'Annotation 2 ([1]): "id" urn:a is already used by annotation 1.'],
    ['a single annotation without a quote', { ...standard('urn:a'), target: { source: 'http://example.org/page1' } }, 'The annotation: "target.selector" is missing: Footnote needs the quoted text to find it again.'],
    ['two bodies without purpose (two notes)', standard('urn:a', { body: [{ type: 'TextualBody', value: 'a' }, { type: 'TextualBody', value: 'b' }] }), 'The annotation: has more than one note.'],
    ['a bad date', standard('urn:a', { modified: 'yesterday' }), 'The annotation: "modified" must be an ISO 8601 date-time such as 2024-05-01T09:30:00.000Z, not "yesterday".'],
    ['another kind of object', { '@context': CONTEXT, type: 'Person' }, 'Not an annotation file: "type" is "Person", not "AnnotationCollection" or "Annotation".'],
    ['a string', 'annotations', 'Not an annotation file: the file holds the string "annotations", not an AnnotationCollection, an Annotation or an array of annotations.'],
  ])('but refuses %s', (_label, value, message) => {
    expect(read(value)).toEqual({ error: message });
  });

  it('still requires both dates on an annotation saved from a page', () => {
    expect(parseAnnotation(standard('urn:a'))).toEqual({ error: 'The annotation: "created" is missing.' });
  });
});

describe('parseAnnotationImport reads a W3C bodyValue', () => {
  const withItem = (item: Record<string, unknown>): string =>
    JSON.stringify({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      first: { type: 'AnnotationPage', items: [item] },
    });
  const item = {
    id: 'https://annotations.example.org/a/2',
    type: 'Annotation',
    created: '2024-05-01T09:30:00Z',
    modified: '2024-05-01T09:30:00Z',
    target: { source: 'https://example.com/a', selector: { type: 'TextQuoteSelector', exact: '498 arrests' } },
  };

  it('as the plain-text note it stands for, instead of dropping it', () => {
    const [annotation] = imported(parseAnnotationImport(withItem({ ...item, bodyValue: 'Check against the ICE release' })));
    expect(annotation?.body).toEqual([
      { type: 'TextualBody', purpose: 'commenting', value: 'Check against the ICE release', format: 'text/plain' },
    ]);
  });

  it.each([
    [{ bodyValue: 7 }, 'Annotation 1 (first.items[0]): "bodyValue" must be a string, not number 7.'],
    [
      { bodyValue: 'a note', body: { type: 'TextualBody', purpose: 'tagging', value: 'ICE' } },
      'Annotation 1 (first.items[0]): has both "body" and "bodyValue"; use one.',
    ],
  ])('refusing %j', (extra, error) => {
    expect(parseAnnotationImport(withItem({ ...item, ...extra }))).toEqual({ error });
  });
});

describe('parseAnnotation', () => {
  const [first] = sampleAnnotations() as [Annotation];

  it('accepts a valid annotation in canonical form with its page URL normalised', () => {
    const untidy = {
      ...first,
      extra: 'dropped',
      body: first.body[0],
      target: { ...first.target, source: 'https://www.example.com/news/ice-raids?id=7&utm_medium=email#top' },
    };
    expect(parseAnnotation(untidy)).toEqual({ annotation: { ...first, body: [first.body[0]] } });
  });

  it.each([
    ['not an object', 'note', 'The annotation: must be an object, not the string "note".'],
    ['no quote', { ...first, target: { source: 'https://example.org/', selector: [] } }, 'The annotation: "target.selector" has no TextQuoteSelector with the quoted text.'],
    ['a bad date', { ...first, modified: 'yesterday' }, 'The annotation: "modified" must be an ISO 8601 date-time such as 2024-05-01T09:30:00.000Z, not "yesterday".'],
  ])('refuses %s with the import’s message, located by the caller', (_label, value, message) => {
    expect(parseAnnotation(value)).toEqual({ error: message });
    expect(parseAnnotation(value, 'Saved annotation')).toEqual({ error: message.replace('The annotation', 'Saved annotation') });
  });
});

describe('mergeImport', () => {
  const [first, second, third] = sampleAnnotations() as [Annotation, Annotation, Annotation];

  it('adds new annotations and reports the ones already stored as they are or newer, keeping the stored copies', () => {
    const older = { ...first, body: [], modified: '2000-01-01T00:00:00.000Z' };
    expect(mergeImport([first, second], [older, second, third])).toEqual({ added: [third], updated: [], duplicates: [older, second] });
  });

  it('takes a copy edited after the stored one (the same annotation edited on another machine)', () => {
    const later = new Date(Date.parse(first.modified) + 60_000).toISOString();
    const edited: Annotation = { ...first, modified: later, body: [] };
    expect(mergeImport([first, second], [edited])).toEqual({ added: [], updated: [edited], duplicates: [] });
  });

  it('keeps the stored copy when a later copy says the same (an undated file, dated at each import, imported again)', () => {
    const undated = JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', ...first, created: undefined, modified: undefined });
    const once = imported(parseAnnotationImport(undated, { now: () => new Date('2025-01-01T00:00:00.000Z') }));
    const again = imported(parseAnnotationImport(undated, { now: () => new Date('2025-02-01T00:00:00.000Z') }));
    expect(mergeImport(once, again)).toEqual({ added: [], updated: [], duplicates: again });
  });

  it('never adds the same id twice, even when the import repeats it', () => {
    const newer = { ...first, modified: new Date(Date.parse(first.modified) + 60_000).toISOString() };
    const result = mergeImport([], [first, second, newer]);
    expect(result.added).toEqual([first, second]);
    expect(result.updated).toEqual([]);
    expect(result.duplicates).toEqual([newer]);
  });

  it('adds nothing when importing the same file twice', () => {
    const once = imported(parseAnnotationImport(exportAnnotationsJson([first, second, third])));
    const stored = mergeImport([], once).added;
    const again = mergeImport(stored, imported(parseAnnotationImport(exportAnnotationsJson([first, second, third]))));
    expect(again.added).toEqual([]);
    expect(again.duplicates.map((annotation) => annotation.id)).toEqual(stored.map((annotation) => annotation.id));
  });
});

describe('round trip', () => {
  it('export → import into an empty store → export gives the same JSON', () => {
    const annotations = sampleAnnotations();
    const exported = exportAnnotationsJson(annotations);
    const { added, duplicates } = mergeImport([], imported(parseAnnotationImport(exported)));
    expect(duplicates).toEqual([]);
    expect(added).toEqual(annotations);
    expect(exportAnnotationsJson(added)).toBe(exported);
  });

  it('keeps text that JSON must escape: quotes, backslashes, line breaks, control and astral characters', () => {
    const [annotation] = sampleAnnotations() as [Annotation];
    const awkward: Annotation = {
      ...annotation,
      body: [{ type: 'TextualBody', purpose: 'commenting', value: 'a "b" \\ c\n\td\u0001 😀 \u2028', format: 'text/plain' }],
    };
    const exported = exportAnnotationsJson([awkward]);
    const back = imported(parseAnnotationImport(exported));
    expect(back).toEqual([awkward]);
    expect(exportAnnotationsJson(back)).toBe(exported);
  });
});
