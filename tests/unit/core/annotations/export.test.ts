import { describe, expect, it } from 'vitest';
import { describeQuote } from '../../../../src/core/annotations/anchoring';
import {
  CSV_COLUMNS,
  exportAnnotationsCsv,
  exportAnnotationsJson,
  exportAnnotationsMarkdown,
  toAnnotationCollection,
} from '../../../../src/core/annotations/export';
import { createAnnotation, type Annotation } from '../../../../src/core/annotations/model';
import { PAGE_TEXT, PASSAGE, sampleAnnotations } from './sample';

/** A minimal RFC 4180 reader, so the tests check what a spreadsheet would see rather than the raw bytes. */
function readCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const char = csv[i];
    if (quoted) {
      if (char === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

function annotationWith(quote: string, note: string, tags: string[] = []): Annotation {
  const text = `Before. ${quote} After.`;
  return createAnnotation({
    pageUrl: 'https://example.com/story',
    pageTitle: 'Story',
    selectors: describeQuote(text, 8, 8 + quote.length),
    note,
    tags,
  });
}

describe('JSON-LD export', () => {
  const annotations = sampleAnnotations();
  const collection = toAnnotationCollection(annotations);

  it('is an AnnotationCollection with the anno.jsonld context, a total and the items on its first page', () => {
    expect(collection).toMatchObject({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      label: 'Footnote annotations',
      total: 3,
      first: { type: 'AnnotationPage', startIndex: 0, items: annotations },
    });
    expect(collection.id).toMatch(/^urn:footnote:annotations:[0-9a-f]{14}$/);
    expect(collection.first?.id).toBe(`${collection.id}:page:1`);
  });

  it('names the collection by its content', () => {
    expect(toAnnotationCollection(sampleAnnotations()).id).toBe(collection.id);
    expect(toAnnotationCollection(annotations.slice(1)).id).not.toBe(collection.id);
  });

  it('has no first page when there is nothing to export', () => {
    const empty = toAnnotationCollection([]);
    expect(empty.total).toBe(0);
    expect(empty).not.toHaveProperty('first');
  });

  it('writes parseable, indented JSON ending in a newline', () => {
    const json = exportAnnotationsJson(annotations);
    expect(JSON.parse(json)).toEqual(collection);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.split('\n')[1]).toBe('  "@context": "http://www.w3.org/ns/anno.jsonld",');
  });
});

describe('Markdown export', () => {
  const markdown = exportAnnotationsMarkdown(sampleAnnotations());
  const sections = markdown.split(/^## /m);

  it('groups annotations under one heading per page, linking the title to the URL', () => {
    expect(markdown.startsWith('# Footnote annotations\n\n## ')).toBe(true);
    expect(sections).toHaveLength(3);
    expect(sections[1]!.startsWith('[ICE arrests 2,000 in six-week operation](<https://www.example.com/news/ice-raids?id=7>)\n')).toBe(true);
    expect(sections[2]!.startsWith('<https://news.example.org/press>\n')).toBe(true);
    expect(sections[1]!.match(/^> /gm)).toHaveLength(2);
    expect(sections[2]!.match(/^> /gm)).toHaveLength(1);
  });

  it('writes the quote as a blockquote, then the note, tags, passages and dates', () => {
    expect(sections[1]).toContain(
      [
        '> ICE announced the arrest of more than 2,000 people',
        '',
        'Compare with the "498 individuals", figure',
        'from the earlier report.',
        '',
        'Tags: ICE, figures',
        '',
        'Linked passages:',
        '',
        "- Oppose Trump's mass arrest of 2,000 immigrants! Norissa Santa Cruz. World Socialist Web Site, 2020-09-04. " +
          `“${PASSAGE.text}” (urn:footnote:passage:0a1b2c3d4e5f60:3)`,
        '',
        '_Created 2024-05-01T09:31:00.000Z_',
      ].join('\n'),
    );
  });

  it('escapes a quote that starts with # or > so it stays inside its blockquote', () => {
    expect(sections[1]).toContain('\n> \\# 1 priority, officials said\n');
    expect(sections[2]).toContain('\n> \\> Quoted from a press release: agents, "working with partners", made 498 arrests.\n');
  });

  it('keeps a Markdown note as written', () => {
    expect(sections[1]).toContain('\n**Check** the [source](https://example.org/release)\n');
  });

  it.each([
    ['# not a heading', '\\# not a heading'],
    ['> not a quote', '\\> not a quote'],
    ['- not a list', '\\- not a list'],
    ['+ not a list', '\\+ not a list'],
    ['1. not a list', '1\\. not a list'],
    ['    not code', 'not code'],
    ['=== not a heading underline', '\\=== not a heading underline'],
    ['*stars* and _underscores_', '\\*stars\\* and \\_underscores\\_'],
    ['[a link](https://x.example) <b>html</b> `code`', '\\[a link\\](https://x.example) \\<b\\>html\\</b\\> \\`code\\`'],
    ['AT&amp;T', 'AT\\&amp;T'],
  ])('escapes a plain-text note line %j', (line, escaped) => {
    const output = exportAnnotationsMarkdown([annotationWith('quoted words', `First line.\n${line}`)]);
    expect(output).toContain(`\nFirst line.\n${escaped}\n`);
  });

  const markdownNote = (note: string): Annotation => ({
    ...annotationWith('quoted words', ''),
    body: [{ type: 'TextualBody', purpose: 'commenting', value: note, format: 'text/markdown' }],
  });

  it.each([
    ['# heading in md\n\n- list **bold**', '### heading in md\n\n- list **bold**'],
    ['Intro\n## Part two\ntext', 'Intro\n#### Part two\ntext'],
    ['##### five\n###### six', '###### five\n###### six'],
    ['   #  spaced', '   ### spaced'],
    ['Title\n=====', '### Title'],
    ['Two line\ntitle\n---', '#### Two line title'],
    ['> # quoted heading', '> ### quoted heading'],
    ['- # in a list\n1. ## numbered', '- ### in a list\n1. #### numbered'],
    ['```\n# a comment in code\n```\n# after', '```\n# a comment in code\n```\n### after'],
    ['~~~~\n~~~\nTitle\n===\n~~~~', '~~~~\n~~~\nTitle\n===\n~~~~'],
    ['#hashtag, not a heading', '#hashtag, not a heading'],
    ['    # indented code', '    # indented code'],
    ['above a rule\n\n---', 'above a rule\n\n---'],
    ['- item\nlazy line\n---', '- item\nlazy line\n---'],
  ])('nests a Markdown note’s headings below the page heading: %j', (note, written) => {
    const output = exportAnnotationsMarkdown([markdownNote(note)]);
    expect(output).toContain(`\n\n${written}\n\n`);
  });

  it('keeps a Markdown note from adding a heading beside the document’s or the page’s', () => {
    const output = exportAnnotationsMarkdown([markdownNote('# Big claim\n\nSub\n---\n\n## Also')]);
    expect(output.split('\n').filter((line) => /^ {0,3}#{1,2}(?:\s|$)/.test(line))).toEqual([
      '# Footnote annotations',
      '## [Story](<https://example.com/story>)',
    ]);
  });

  it('puts a quote spread over lines on one line and escapes tags and titles', () => {
    const annotation = createAnnotation({
      pageUrl: 'https://example.com/story',
      pageTitle: 'Raids [update] #2',
      selectors: describeQuote('A\n\n   quote\n   over lines', 0, 25),
      tags: ['*urgent*'],
    });
    const output = exportAnnotationsMarkdown([annotation]);
    expect(output).toContain('## [Raids \\[update\\] \\#2](<https://example.com/story>)');
    expect(output).toContain('\n> A quote over lines\n');
    expect(output).toContain('\nTags: \\*urgent\\*\n');
  });

  it('says when an annotation was modified', () => {
    const annotation = { ...annotationWith('quoted words', ''), modified: '2024-06-01T00:00:00.000Z' };
    expect(exportAnnotationsMarkdown([annotation])).toMatch(/_Created \S+, modified 2024-06-01T00:00:00.000Z_\n$/);
  });
});

describe('CSV export', () => {
  it('has a header row and one row per annotation, CRLF-separated', () => {
    const csv = exportAnnotationsCsv(sampleAnnotations());
    expect(csv.split('\r\n')[0]).toBe('id,page_url,page_title,quote,note,tags,linked_passages,created,modified');
    const rows = readCsv(csv);
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('fills each column', () => {
    const [, first] = readCsv(exportAnnotationsCsv(sampleAnnotations()));
    expect(first).toEqual([
      'urn:uuid:00000000-0000-4000-8000-000000000001',
      'https://www.example.com/news/ice-raids?id=7',
      'ICE arrests 2,000 in six-week operation',
      'ICE announced the arrest of more than 2,000 people',
      'Compare with the "498 individuals", figure\nfrom the earlier report.',
      'ICE;figures',
      "Oppose Trump's mass arrest of 2,000 immigrants! Norissa Santa Cruz. World Socialist Web Site, 2020-09-04. " +
        `“${PASSAGE.text}” (urn:footnote:passage:0a1b2c3d4e5f60:3)`,
      '2024-05-01T09:31:00.000Z',
      '2024-05-01T09:31:00.000Z',
    ]);
  });

  it('quotes fields with commas, double quotes and line breaks, doubling the quotes', () => {
    const csv = exportAnnotationsCsv([annotationWith('a "quoted", word', 'line one\r\nline two, "two"')]);
    expect(csv).toContain(',"a ""quoted"", word","line one\r\nline two, ""two""",');
    expect(readCsv(csv)[1]!.slice(3, 5)).toEqual(['a "quoted", word', 'line one\r\nline two, "two"']);
  });

  it('leaves plain fields unquoted', () => {
    const csv = exportAnnotationsCsv([annotationWith('plain words', 'plain note', ['a', 'b'])]);
    expect(csv.split('\r\n')[1]).toMatch(/,Story,plain words,plain note,a;b,,/);
  });

  /** How a reader splits the tags cell: at each `;` not escaped, then drops the escapes. */
  const splitTags = (cell: string): string[] =>
    cell === '' ? [] : (cell.match(/(?:\\.|[^\\;])+/g) ?? []).map((tag) => tag.replace(/\\(.)/g, '$1'));

  it.each([
    [['ICE', 'a;b', 'figures'], 'ICE;a\\;b;figures'],
    [['back\\slash', 'ends in \\', ';'], 'back\\\\slash;ends in \\\\;\\;'],
    [['plain', 'two words'], 'plain;two words'],
  ])('writes tags %j so that they split back into the same tags', (tags, cell) => {
    const [, row] = readCsv(exportAnnotationsCsv([annotationWith('quoted words', '', tags)]));
    expect(row![5]).toBe(cell);
    expect(splitTags(row![5]!)).toEqual(tags);
  });

  it.each([
    ['=SUM(A1:A3)', "'=SUM(A1:A3)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-5 degrees', "'-5 degrees"],
    ['@everyone', "'@everyone"],
  ])('keeps spreadsheets from running %j as a formula', (note, cell) => {
    expect(readCsv(exportAnnotationsCsv([annotationWith('quoted words', note)]))[1]![4]).toBe(cell);
  });

  it('writes only the header for no annotations', () => {
    expect(exportAnnotationsCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('quotes the sample note with a line break and keeps the formula-like note inert', () => {
    const rows = readCsv(exportAnnotationsCsv(sampleAnnotations()));
    expect(rows[3]![4]).toBe("'=SUM(A1:A3) is not a formula here");
    expect(PAGE_TEXT).toContain(rows[3]![3]);
  });
});
