import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ArticleParseError,
  parseArticle,
  parseDate,
  splitByline,
  stripInlineMarkdown,
} from '../../../src/core/corpus/parse-article';

const CORPUS = join(__dirname, '../../../assets/corpus');
const readCorpus = (name: string): string => readFileSync(join(CORPUS, name), 'utf8');

/** Approximates what the parser shows for a raw span: the corpus uses only `*`, `\`, and links as marks. */
const visibleText = (span: string): string =>
  span
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*\\]/g, '')
    .replace(/\s+/g, ' ');

interface CorpusCase {
  file: string;
  title: string;
  author: string;
  authorRole?: string;
  date: string;
  paragraphs: number;
  firstWords: string;
  lastWords: string;
  /** Each page-break split, as the words either side of the break. */
  repairs: [string, string][];
}

const CORPUS_CASES: CorpusCase[] = [
  {
    file: '000_bd770002ba011dc8.txt',
    title: "Oppose Trump's mass arrest of 2,000 immigrants!",
    author: 'Norissa Santa Cruz',
    authorRole: 'SEP candidate for US vice president',
    date: '2020-09-04',
    paragraphs: 16,
    firstWords: "As the Socialist Equality Party's candidate for vice president",
    lastWords: 'the International Committee of the Fourth International.',
    repairs: [
      ['desirable to the agency', 'during targeted arrests.'],
      ['ICE is using the', 'coronavirus pandemic as a mere excuse'],
      ['in the Clarion Ledger noted', 'that children are falling behind'],
    ],
  },
  {
    file: '001_f2e3f6514b1f1602.txt',
    title: 'ICE arrests nearly 600 immigrants in enforcement surge, targeting \u201Cuncooperative\u201D local jurisdictions',
    author: 'Leslie Murtagh',
    date: '2019-10-07',
    paragraphs: 12,
    firstWords: 'According to recent news releases from the US Immigration',
    lastWords: 'refused to increase production during the strike.',
    repairs: [['in its news releases as a', 'mass arrest of \u201Ccriminal aliens,\u201D']],
  },
  {
    file: '002_d33cc4e1966734d5.txt',
    title: 'Stop all anti-immigrant raids! Abolish ICE and CBP! For a socialist policy of open borders!',
    author: 'Norissa Santa Cruz',
    authorRole: 'Socialist Equality Party candidate for US vice president',
    date: '2020-02-17',
    paragraphs: 16,
    firstWords: "As the Socialist Equality Party's candidate for vice president in the 2020 elections",
    lastWords: 'Visit socialism2020.org to sign up today!',
    repairs: [
      ['worked systematically to suppress', 'and channel popular opposition'],
      ['militarization of borders and the', 'persecution of immigrants, the SEP'],
    ],
  },
  {
    file: '003_13c3fd6e79055f7b.txt',
    title:
      'Trump administration prepares anti-immigrant raids in Democratic Party-led \u201Csanctuary cities\u201D ahead of November election',
    author: 'Tr\u00E9von Austin',
    date: '2020-10-01',
    paragraphs: 17,
    firstWords: 'According to a report Wednesday by the Washington Post',
    lastWords: '"free to reoffend until their capture."',
    repairs: [
      ['There is no doubt that the increased', 'presence of ICE in cities'],
      ['suspect of being undocumented immigrants. However,', 'without the cooperation of local law enforcement'],
    ],
  },
  {
    file: '004_f192af33ea0bcae1.txt',
    title: 'ICE arrests nearly 500 immigrants in raids on \u201Csanctuary cities\u201D across US',
    author: 'Evan Blake',
    date: '2017-09-30',
    paragraphs: 17,
    firstWords: 'The US Immigration and Customs Enforcement (ICE) agency announced Thursday',
    lastWords: 'based on national origin, which is unlawful.\u201D',
    repairs: [
      ['public pressure stemming from sizable', 'immigrant populations, restrain'],
      ['coincide with Trump\u2019s issuance', 'of a new, indefinite travel ban'],
    ],
  },
];

describe('parseArticle on the corpus', () => {
  describe.each(CORPUS_CASES)('$file', (c) => {
    const raw = readCorpus(c.file);
    const article = parseArticle(raw, c.file);

    it('reads the header', () => {
      expect(article.source).toBe(c.file);
      expect(article.title).toBe(c.title);
      expect(article.author).toBe(c.author);
      expect(article.authorRole).toBe(c.authorRole);
      expect(article.date).toBe(c.date);
      expect(article.publisher).toBe('World Socialist Web Site');
    });

    it('keeps the body between header and footer', () => {
      expect(article.paragraphs).toHaveLength(c.paragraphs);
      expect(article.paragraphs[0]!.text.startsWith(c.firstWords)).toBe(true);
      expect(article.paragraphs.at(-1)!.text.endsWith(c.lastWords)).toBe(true);
      for (const paragraph of article.paragraphs) {
        expect(paragraph.text).not.toMatch(/To contact|WSWW?S|wsws\.org/);
        expect(paragraph.text).not.toContain(c.author);
        expect(paragraph.text).not.toMatch(/[*\\]/);
      }
    });

    it.each(c.repairs)('joins "%s" with "%s"', (before, after) => {
      const joined = article.paragraphs.filter((p) => p.text.includes(`${before} ${after}`));
      expect(joined).toHaveLength(1);
      expect(article.paragraphs.filter((p) => p.text.includes(after))).toEqual(joined);
    });

    it('maps every paragraph to its span of the raw file', () => {
      let previousEnd = 0;
      for (const paragraph of article.paragraphs) {
        expect(paragraph.start).toBeGreaterThanOrEqual(previousEnd);
        expect(visibleText(raw.slice(paragraph.start, paragraph.end))).toBe(paragraph.text);
        previousEnd = paragraph.end;
      }
    });
  });
});

const article = (...lines: string[]): string => lines.join('\n');
const BODY = ['First paragraph of the story.', '', 'Second paragraph of the story.'];

describe('parseArticle on synthetic input', () => {
  it('reads CRLF files and keeps offsets into the raw string', () => {
    const raw = article('# Title', 'Jane Doe  ', '4 September 2020', '', 'A sentence cut by', '', 'a page break.', '').replace(
      /\n/g,
      '\r\n',
    );
    const parsed = parseArticle(raw, 'crlf.txt');
    expect(parsed).toMatchObject({ title: 'Title', author: 'Jane Doe', date: '2020-09-04' });
    expect(parsed.paragraphs).toEqual([
      {
        text: 'A sentence cut by a page break.',
        start: raw.indexOf('A sentence'),
        end: raw.indexOf('break.') + 'break.'.length,
      },
    ]);
  });

  it('skips a byte-order mark and leading blank lines', () => {
    const raw = `\uFEFF\n\n# Title\n\n${BODY.join('\n')}`;
    const parsed = parseArticle(raw, 'bom.md');
    expect(parsed.title).toBe('Title');
    expect(parsed.paragraphs.map((p) => raw.slice(p.start, p.end))).toEqual([BODY[0], BODY[2]]);
  });

  it('takes the first line as the title when it has no # marker', () => {
    const parsed = parseArticle(article('Plain title line', '', 'Evan Blake', '30 September 2017', '', ...BODY), 'a.txt');
    expect(parsed.title).toBe('Plain title line');
    expect(parsed.author).toBe('Evan Blake');
    expect(parsed.paragraphs).toHaveLength(2);
  });

  it('leaves a missing date undefined', () => {
    const parsed = parseArticle(article('# Title', 'Jane Doe', '', ...BODY), 'a.txt');
    expect(parsed.author).toBe('Jane Doe');
    expect(parsed.date).toBeUndefined();
    expect(parsed.paragraphs[0]!.text).toBe(BODY[0]);
  });

  it('leaves a missing author and date undefined without eating the first paragraph', () => {
    const parsed = parseArticle(article('# Title', '', ...BODY), 'a.txt');
    expect(parsed.author).toBeUndefined();
    expect(parsed.date).toBeUndefined();
    expect(parsed.paragraphs.map((p) => p.text)).toEqual([BODY[0], BODY[2]]);
  });

  it.each([
    ['September 4, 2020', '2020-09-04'],
    ['2020-09-04', '2020-09-04'],
    ['Friday, 4 Sept. 2020', '2020-09-04'],
  ])('reads the header date %j', (line, iso) => {
    const parsed = parseArticle(article('# Title', '', 'By Reuters', line, '', ...BODY), 'a.md');
    expect(parsed.date).toBe(iso);
    expect(parsed.author).toBe('Reuters');
  });

  it('accepts the date before the byline', () => {
    const parsed = parseArticle(article('# Title', 'March 1, 2021', 'Ana Ruiz', '', ...BODY), 'a.md');
    expect(parsed).toMatchObject({ date: '2021-03-01', author: 'Ana Ruiz' });
  });

  it.each([
    ['', 'the file is empty'],
    [' \r\n\n\t\n', 'the file is empty'],
    ['\uFEFF', 'the file is empty'],
    ['# Title\u0000\u0001\u0002', 'NUL bytes at offset 7'],
    ['# Title\n\u0007bell', 'control character U+0007'],
    [article('# Title', '', 'Jane Doe', '4 September 2020', ''), 'no paragraphs of text follow the title'],
    [article('# Title', '', 'To contact the WSWS and the', 'Socialist Equality Party visit:'), 'no paragraphs'],
    [article('#', '', ...BODY), 'the title line (the first non-empty line) has no text'],
    [article('# Title', '31 February 2020', '', ...BODY), 'the date line "31 February 2020" is not a real calendar date'],
  ])('rejects %j', (raw, reason) => {
    let caught: unknown;
    try {
      parseArticle(raw, 'bad.txt');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArticleParseError);
    const error = caught as ArticleParseError;
    expect(error.source).toBe('bad.txt');
    expect(error.reason).toContain(reason);
    expect(error.message).toBe(`bad.txt: ${error.reason}`);
  });

  describe('contact footer', () => {
    const withFooter = (...footer: string[]): string => article('# Title', '', ...BODY, '', '', ...footer);

    it.each([
      [['To contact the WSWS and the  ', 'Socialist Equality Party visit:', '', '**[wsws.org/contact](https://wsws.org/contact)**'], 'World Socialist Web Site'],
      [['To contact the WSWWS and the  ', 'Socialist Equality Party visit:', '', '**[wsws.org/contact](https://www.wsws.org/contact)**'], 'World Socialist Web Site'],
      [['To contact the WSWWS and the', 'Socialist Equality Party visit:'], 'World Socialist Web Site'],
      [['To contact the newsroom visit:', '', '[apnews.com/contact](https://apnews.com/contact)'], 'Associated Press'],
      [['To contact the editors visit:', '', 'https://www.example.org/contact'], 'example.org'],
      [['To contact the editors visit:', '', 'courier.example.com/contact'], 'courier.example.com'],
    ])('removes %j and reads its publisher', (footer, publisher) => {
      const parsed = parseArticle(withFooter(...footer), 'a.md');
      expect(parsed.publisher).toBe(publisher);
      expect(parsed.paragraphs.map((p) => p.text)).toEqual([BODY[0], BODY[2]]);
    });

    it('keeps a "To contact" paragraph that is followed by article text', () => {
      const parsed = parseArticle(
        article('# Title', '', 'To contact the union, workers called a hotline.', '', 'The strike began on Monday.'),
        'a.md',
      );
      expect(parsed.paragraphs).toHaveLength(2);
      expect(parsed.publisher).toBeUndefined();
    });
  });

  describe('page-break repair', () => {
    it.each([
      ['no closing punctuation, capital next', ['ICE is using the', '', 'Trump administration as cover.'], ['ICE is using the Trump administration as cover.']],
      ['comma before the break', ['Officers may detain people. However,', '', 'without help they cannot.'], ['Officers may detain people. However, without help they cannot.']],
      ['full stop, lower-case next', ['Agents raided Washington, D.C.', '', 'as well as Baltimore.'], ['Agents raided Washington, D.C. as well as Baltimore.']],
      ['three fragments', ['One', '', 'two', '', 'three.'], ['One two three.']],
      ['full stop, capital next', ['First sentence.', '', 'Second sentence.'], ['First sentence.', 'Second sentence.']],
      ['quote closing a sentence', ['He said, \u201CNo.\u201D', '', 'Then he left.'], ['He said, \u201CNo.\u201D', 'Then he left.']],
      ['colon before a quoted paragraph', ['The release said:', '', '\u201CWe will continue.\u201D'], ['The release said:', '\u201CWe will continue.\u201D']],
      ['heading between', ['A fragment without end', '', '## Reaction', '', 'Critics spoke.'], ['A fragment without end', 'Critics spoke.']],
    ])('%s', (_, body, expected) => {
      const parsed = parseArticle(article('# Title', '', ...body), 'a.md');
      expect(parsed.paragraphs.map((p) => p.text)).toEqual(expected);
    });
  });

  it('strips block marks: blockquotes, list bullets, rules and hard breaks', () => {
    const parsed = parseArticle(
      article(
        '# Title', '', '> A quoted line cut by', '', '> a page break.', '', '- lower-case item', '', '- second item',
        '', '---', '', 'Hard\\', 'break.',
      ),
      'a.md',
    );
    expect(parsed.paragraphs.map((p) => p.text)).toEqual([
      'A quoted line cut by a page break.',
      'lower-case item',
      'second item',
      'Hard break.',
    ]);
  });
});

describe('stripInlineMarkdown', () => {
  it.each([
    ['in the *Clarion Ledger* noted', 'in the Clarion Ledger noted'],
    ['a **bold** claim and __another__', 'a bold claim and another'],
    ['Visit [socialism2020.org](http://socialism2020.org) today', 'Visit socialism2020.org today'],
    ['provide \\$4.6 billion', 'provide $4.6 billion'],
    ['an \\*escaped\\* star', 'an *escaped* star'],
    ['_emphasis_ but snake_case_name stays', 'emphasis but snake_case_name stays'],
    ['run `ice-list` now', 'run ice-list now'],
    ['photo ![Raid](raid.jpg) here', 'photo  here'],
    ['5 * 3 * 2', '5 * 3 * 2'],
  ])('%j', (markdown, text) => {
    expect(stripInlineMarkdown(markdown)).toBe(text);
  });

  // An unpaired mark looks at most 2,000 chars ahead for its pair (each used to scan to the end of the
  // paragraph: 40,000 unpaired marks took over 10 s), so a pair further apart is left as written.
  it.each([
    ['*', '*'],
    ['__', '__'],
    ['_', '_'],
  ])('pairs %j marks at most 2,000 chars apart', (open, close) => {
    const near = 'word '.repeat(399).trim();
    const far = 'word '.repeat(401).trim();
    expect(stripInlineMarkdown(`${open}${near}${close}`)).toBe(near);
    expect(stripInlineMarkdown(`${open}${far}${close}`)).toBe(`${open}${far}${close}`);
  });

  it('still strips a long emphasised passage', () => {
    const passage = 'word '.repeat(300).trim();
    expect(stripInlineMarkdown(`*${passage}*`)).toBe(passage);
  });
});

describe('parseDate', () => {
  it.each([
    ['4 September 2020', '2020-09-04'],
    ['September 4, 2020', '2020-09-04'],
    ['Sept. 4, 2020', '2020-09-04'],
    ['Sep 4th 2020', '2020-09-04'],
    ['Thursday, September 3, 2020', '2020-09-03'],
    ['2020-09-04', '2020-09-04'],
    ['2021-03-12T08:30:00-05:00', '2021-03-12'],
    ['29 February 2020', '2020-02-29'],
    ['29 February 2019', undefined],
    ['2020-13-01', undefined],
    ['In September 2020', undefined],
    ['4 Septober 2020', undefined],
  ])('%j', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });
});

describe('splitByline', () => {
  it.each([
    ['Norissa Santa Cruz\u2014SEP candidate for US vice president', { author: 'Norissa Santa Cruz', role: 'SEP candidate for US vice president' }],
    ['Norissa Santa Cruz \u2013 Socialist Equality Party candidate', { author: 'Norissa Santa Cruz', role: 'Socialist Equality Party candidate' }],
    ['By Jane Doe - Staff reporter', { author: 'Jane Doe', role: 'Staff reporter' }],
    ['*By Jane Doe*', { author: 'Jane Doe' }],
    ['Jean-Luc Picard-Smith', { author: 'Jean-Luc Picard-Smith' }],
  ])('%j', (line, byline) => {
    expect(splitByline(line)).toEqual(byline);
  });
});
