import { describe, expect, it } from 'vitest';
import { describeQuote } from '../../../../src/core/annotations/anchoring';
import {
  annotationNote,
  annotationPassages,
  annotationTags,
  canonicalAnnotation,
  cleanTags,
  createAnnotation,
  editAnnotation,
  parsePassageUrn,
  passageReference,
  passageUrn,
  type Annotation,
} from '../../../../src/core/annotations/model';
import { PAGE_TEXT, PASSAGE } from './sample';

const selectors = describeQuote(PAGE_TEXT, 53, 103);
const now = (): Date => new Date('2024-05-01T09:30:00.000Z');
const newId = (): string => '6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';

describe('createAnnotation', () => {
  const annotation = createAnnotation(
    {
      pageUrl: 'https://Example.com/story?utm_source=x&id=3#top',
      pageTitle: '  ICE arrests 2,000  ',
      selectors,
      note: '  A note.  ',
      tags: ['ICE', 'figures'],
      passages: [PASSAGE],
    },
    now,
    newId,
  );

  it('is a W3C Annotation with a urn:uuid id and ISO times from the injected clock', () => {
    expect(annotation).toMatchObject({
      id: 'urn:uuid:6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f',
      type: 'Annotation',
      created: '2024-05-01T09:30:00.000Z',
      modified: '2024-05-01T09:30:00.000Z',
    });
  });

  it('targets the normalised page URL with its title and both selectors', () => {
    expect(annotation.target).toEqual({
      source: 'https://example.com/story?id=3',
      'dcterms:title': 'ICE arrests 2,000',
      selector: selectors,
    });
  });

  it('orders bodies note, tags, passage links, with the purposes the model defines', () => {
    expect(annotation.body.map((body) => `${body.type}/${body.purpose}`)).toEqual([
      'TextualBody/commenting',
      'TextualBody/tagging',
      'TextualBody/tagging',
      'SpecificResource/linking',
    ]);
    expect(annotationNote(annotation)).toEqual({
      type: 'TextualBody',
      purpose: 'commenting',
      value: 'A note.',
      format: 'text/plain',
    });
    expect(annotationTags(annotation)).toEqual(['ICE', 'figures']);
  });

  it('stores the citation and the quoted passage with the link, so it reads without the index', () => {
    expect(annotationPassages(annotation)).toEqual([
      {
        type: 'SpecificResource',
        purpose: 'linking',
        source: 'urn:footnote:passage:0a1b2c3d4e5f60:3',
        'dcterms:title': PASSAGE.title,
        'dcterms:creator': 'Norissa Santa Cruz',
        'dcterms:date': '2020-09-04',
        'dcterms:publisher': 'World Socialist Web Site',
        selector: { type: 'TextQuoteSelector', exact: PASSAGE.text },
      },
    ]);
  });

  it('leaves out an empty note and a missing title, and keeps the Markdown format when asked', () => {
    const bare = createAnnotation({ pageUrl: 'https://example.com/', selectors, note: '   ' }, now, newId);
    expect(bare.body).toEqual([]);
    expect(bare.target).not.toHaveProperty('dcterms:title');
    const markdown = createAnnotation(
      { pageUrl: 'https://example.com/', selectors, note: '**bold**', noteFormat: 'text/markdown' },
      now,
      newId,
    );
    expect(annotationNote(markdown)?.format).toBe('text/markdown');
  });

  it('gives each annotation a fresh random id by default', () => {
    const first = createAnnotation({ pageUrl: 'https://example.com/', selectors });
    const second = createAnnotation({ pageUrl: 'https://example.com/', selectors });
    expect(first.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.id).not.toBe(second.id);
  });

  it('refuses an empty quote', () => {
    expect(() => createAnnotation({ pageUrl: 'https://example.com/', selectors: describeQuote(PAGE_TEXT, 5, 5) })).toThrow(
      RangeError,
    );
  });
});

describe('cleanTags', () => {
  it.each([
    [['ICE', ' ice ', 'Ice'], ['ICE']],
    [['  sanctuary   cities '], ['sanctuary cities']],
    [['', '  ', 'figures'], ['figures']],
    [['b', 'a', 'b'], ['b', 'a']],
  ])('%j → %j', (input, expected) => {
    expect(cleanTags(input)).toEqual(expected);
  });
});

describe('passage URNs', () => {
  it('round-trip the index hash and passage id', () => {
    expect(passageUrn('0a1b2c', 42)).toBe('urn:footnote:passage:0a1b2c:42');
    expect(parsePassageUrn('urn:footnote:passage:0a1b2c:42')).toEqual({ indexHash: '0a1b2c', passageId: 42 });
  });

  it.each(['https://example.com/passage/42', 'urn:footnote:passage:0a1b2c', 'urn:footnote:passage:0a1b2c:x'])(
    'reads %s as no passage',
    (iri) => {
      expect(parsePassageUrn(iri)).toBeUndefined();
    },
  );
});

describe('passageReference', () => {
  it('joins the parts that exist, each ended once', () => {
    const [link] = annotationPassages(createAnnotation({ pageUrl: 'https://a.example/', selectors, passages: [PASSAGE] }));
    expect(passageReference(link!)).toBe(
      "Oppose Trump's mass arrest of 2,000 immigrants! Norissa Santa Cruz. World Socialist Web Site, 2020-09-04.",
    );
    const [untitled] = annotationPassages(
      createAnnotation({
        pageUrl: 'https://a.example/',
        selectors,
        passages: [{ indexHash: 'h', passageId: 1, title: 'Raids', text: 'Text.' }],
      }),
    );
    expect(passageReference(untitled!)).toBe('Raids.');
  });
});

describe('canonicalAnnotation', () => {
  it('drops unknown fields and fixes key and body order, so equal annotations serialise equally', () => {
    const annotation = createAnnotation({ pageUrl: 'https://a.example/', selectors, note: 'n', tags: ['t'] }, now, newId);
    const shuffled = {
      target: { selector: annotation.target.selector, source: annotation.target.source, extra: 1 },
      body: [...annotation.body].reverse(),
      modified: annotation.modified,
      motivation: 'commenting',
      created: annotation.created,
      type: 'Annotation',
      id: annotation.id,
    } as unknown as Annotation;
    expect(JSON.stringify(canonicalAnnotation(shuffled))).toBe(JSON.stringify(annotation));
  });
});

describe('editAnnotation', () => {
  const original = createAnnotation(
    { pageUrl: 'https://example.com/a', selectors, note: 'First thought.', noteFormat: 'text/markdown', tags: ['ICE'], passages: [PASSAGE] },
    now,
    newId,
  );

  it('replaces the note and tags it is given and keeps id, target, times and passage links', () => {
    const edited = editAnnotation(original, { note: '  Second thought.  ', tags: ['raids', ' Raids ', 'CBP'] });
    expect(edited).toMatchObject({ id: original.id, created: original.created, modified: original.modified, target: original.target });
    expect(annotationNote(edited)).toMatchObject({ value: 'Second thought.', format: 'text/markdown' });
    expect(annotationTags(edited)).toEqual(['raids', 'CBP']);
    expect(annotationPassages(edited)).toEqual(annotationPassages(original));
  });

  it('removes the note when it is blanked and the links when given none, in canonical body order', () => {
    const edited = editAnnotation(original, { note: '   ', passages: [] });
    expect(annotationNote(edited)).toBeUndefined();
    expect(annotationPassages(edited)).toEqual([]);
    expect(edited.body).toEqual(canonicalAnnotation(edited).body);
    expect(annotationTags(edited)).toEqual(['ICE']);
  });

  it('adds a note to an annotation that had none, as plain text unless told otherwise', () => {
    const bare = editAnnotation(original, { note: '' });
    expect(annotationNote(editAnnotation(bare, { note: 'New.' }))).toMatchObject({ value: 'New.', format: 'text/plain' });
  });
});
