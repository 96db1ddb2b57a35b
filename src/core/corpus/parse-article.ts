/**
 * Reads one plain-text or Markdown news article into title, byline, date,
 * publisher and paragraphs, repairing the flaws of copied articles: a title
 * without its `#`, bylines with roles, paragraphs split mid-sentence by page
 * breaks, a site contact footer, Markdown marks, CRLF and a BOM.
 */

export interface ParsedParagraph {
  /**
   * Paragraph as readers see it: Markdown marks removed, whitespace runs
   * collapsed, page-break fragments joined by one space. Because of that it is
   * not always equal to `raw.slice(start, end)`.
   */
  text: string;
  /** Offset in the raw input of the paragraph's first visible char. */
  start: number;
  /** Offset in the raw input one past the paragraph's last visible char. */
  end: number;
}

export interface ParsedArticle {
  source: string;
  title: string;
  /** The byline's name part, e.g. "Norissa Santa Cruz". */
  author?: string;
  /** What follows the name after a dash, e.g. "SEP candidate for US vice president". */
  authorRole?: string;
  /** YYYY-MM-DD. */
  date?: string;
  publisher?: string;
  paragraphs: ParsedParagraph[];
}

export class ArticleParseError extends Error {
  override readonly name = 'ArticleParseError';

  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

interface KnownPublisher {
  domain: string;
  name: string;
  /** Names a footer may use instead of a link. */
  mentions?: RegExp;
}

const KNOWN_PUBLISHERS: readonly KnownPublisher[] = [
  // The corpus copies misspell WSWS as "WSWWS", hence `W+`.
  { domain: 'wsws.org', name: 'World Socialist Web Site', mentions: /\bWSW+S\b|World Socialist Web Site|Socialist Equality Party/i },
  { domain: 'apnews.com', name: 'Associated Press' },
  { domain: 'reuters.com', name: 'Reuters' },
  { domain: 'nytimes.com', name: 'The New York Times' },
  { domain: 'washingtonpost.com', name: 'The Washington Post' },
  { domain: 'theguardian.com', name: 'The Guardian' },
];

/** Publisher name for a site domain: a known name, else the bare domain. */
export function publisherForDomain(domain: string): string {
  const bare = domain.toLowerCase().replace(/^www\./, '');
  return KNOWN_PUBLISHERS.find((p) => p.domain === bare)?.name ?? bare;
}

/** Rejects input that is empty or is not text at all. */
export function assertArticleText(raw: string, source: string): void {
  const control = /[\u0000-\u0008\u000E-\u001F]/.exec(raw);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const what = code === '0000' ? 'NUL bytes' : `control character U+${code}`;
    throw new ArticleParseError(
      source,
      `contains binary data (${what} at offset ${control.index}); expected a plain-text, Markdown or HTML article`,
    );
  }
  if (raw.replace(/^\uFEFF/, '').trim() === '') throw new ArticleParseError(source, 'the file is empty');
}

// ---------------------------------------------------------------- dates

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH = Object.keys(MONTHS).join('|');
const WEEKDAY = String.raw`(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?`;
const DAY_MONTH_YEAR = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})\s+(${MONTH})\.?,?\s+(\d{4})$`, 'i');
const MONTH_DAY_YEAR = new RegExp(String.raw`^${WEEKDAY}(${MONTH})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$`, 'i');
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Reads the shape of a date ("4 September 2020", "September 4, 2020", ISO) without checking the calendar. */
function matchDate(text: string): DateParts | undefined {
  const trimmed = text.trim();
  let m = DAY_MONTH_YEAR.exec(trimmed);
  if (m) return { day: Number(m[1]), month: MONTHS[m[2]!.toLowerCase()]!, year: Number(m[3]) };
  m = MONTH_DAY_YEAR.exec(trimmed);
  if (m) return { month: MONTHS[m[1]!.toLowerCase()]!, day: Number(m[2]), year: Number(m[3]) };
  m = ISO_DATE.exec(trimmed);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return undefined;
}

function isoFromParts({ year, month, day }: DateParts): string | undefined {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return undefined;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** YYYY-MM-DD for a date written as a whole line or attribute, or undefined when it is not a real date. */
export function parseDate(text: string): string | undefined {
  const parts = matchDate(text);
  return parts && isoFromParts(parts);
}

// ---------------------------------------------------------------- bylines

export interface Byline {
  author: string;
  role?: string;
}

/** Splits "By Name—role" into name and role; the name is not checked. */
export function splitByline(text: string): Byline {
  const cleaned = stripInlineMarkdown(text).trim().replace(/^by\s+/i, '');
  const dash = /\s*[\u2014\u2013]\s*|\s+[-|]\s+/.exec(cleaned);
  if (!dash) return { author: cleaned };
  const role = cleaned.slice(dash.index + dash[0].length).trim();
  return { author: cleaned.slice(0, dash.index).trim(), ...(role ? { role } : {}) };
}

const NAME_WORD = /^\p{Lu}[\p{L}\p{M}'\u2019.-]*,?$/u;
const NAME_PARTICLE = /^(?:de|da|del|della|der|di|du|la|le|van|von|bin|al|dos|das|y|and|&)$/;

/** True when a header line reads as a byline: "By X", or two to six capitalised name words. */
function looksLikeByline(line: string): Byline | undefined {
  const byline = splitByline(line);
  const words = byline.author.split(/\s+/);
  if (words.length > 12 || !words.every((w) => NAME_WORD.test(w) || NAME_PARTICLE.test(w))) return undefined;
  const nameWords = words.filter((w) => NAME_WORD.test(w)).length;
  const minimum = /^\W*by\s/i.test(line) ? 1 : 2;
  return nameWords >= minimum && nameWords <= 6 ? byline : undefined;
}

// ---------------------------------------------------------------- markdown

const ESCAPABLE = /\\([\\`*_{}[\]()#+\-.!$"'<>|~])/g;
/** Escaped chars are parked in the private-use area so emphasis rules skip them. */
const PARKED_BASE = 0xe000;

/**
 * Removes inline Markdown marks, keeping the text a reader sees (link text, emphasised words).
 * Emphasis spans are read up to 2,000 chars: unbounded, each unpaired mark would scan to the end
 * of the paragraph, and a paragraph full of them would take minutes.
 */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(ESCAPABLE, (_, ch: string) => String.fromCharCode(PARKED_BASE + ch.charCodeAt(0)))
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.{1,2000}?)(?<=\S)\1/g, '$2')
    .replace(/\*(?=\S)(.{1,2000}?)(?<=\S)\*/g, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=\S)(.{1,2000}?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/[\ue000-\ue07f]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - PARKED_BASE));
}

// ---------------------------------------------------------------- lines and blocks

interface Line {
  start: number;
  end: number;
  text: string;
}

function splitLines(raw: string): Line[] {
  const lines: Line[] = [];
  const bom = raw.startsWith('\uFEFF') ? 1 : 0;
  const breaks = /\r\n|\n|\r/g;
  let start = bom;
  for (let m = breaks.exec(raw); m; m = breaks.exec(raw)) {
    lines.push({ start, end: m.index, text: raw.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  lines.push({ start, end: raw.length, text: raw.slice(start) });
  return lines;
}

const isBlank = (line: Line): boolean => line.text.trim() === '';
const HEADING = /^#{1,6}(?:\s|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
/** Blockquote marks and list bullets at the start of a line. */
const LINE_PREFIX = /^\s*(?:>\s?)*(?:[-*+]\s+|\d{1,3}[.)]\s+)?/;
const QUOTE_LINE = /^\s*>/;
const LIST_LINE = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;

interface Block {
  /** Page-break fragments join only within one kind; list items never join. */
  kind: 'paragraph' | 'quote' | 'list-item' | 'break';
  text: string;
  start: number;
  end: number;
}

/** Groups body lines into paragraphs; headings and rules become breaks, since fragments never span them. */
function readBlocks(lines: readonly Line[]): Block[] {
  const blocks: Block[] = [];
  let current: Line[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const first = current[0]!;
    const last = current[current.length - 1]!;
    const start = first.start + (first.text.length - first.text.trimStart().length);
    const end = last.start + last.text.trimEnd().length;
    const joined = current.map((l) => l.text.replace(LINE_PREFIX, '').replace(/\\?\s*$/, '')).join(' ');
    const text = stripInlineMarkdown(joined).replace(/\s+/g, ' ').trim();
    const kind = QUOTE_LINE.test(first.text) ? 'quote' : LIST_LINE.test(first.text) ? 'list-item' : 'paragraph';
    blocks.push({ kind: text ? kind : 'break', text, start, end });
    current = [];
  };
  for (const line of lines) {
    if (isBlank(line)) {
      flush();
    } else if (HEADING.test(line.text.trimStart()) || THEMATIC_BREAK.test(line.text)) {
      flush();
      blocks.push({ kind: 'break', text: '', start: line.start, end: line.end });
    } else {
      current.push(line);
    }
  }
  flush();
  return blocks;
}

// ---------------------------------------------------------------- footer

const FOOTER_START = /^to contact\b/i;
const LINK_ONLY = /^(?:https?:\/\/)?(?:[\w-]+\.)+[a-z]{2,}(?:\/\S*)?$/i;

interface Footer {
  /** Index of the footer's first block. */
  index: number;
  publisher?: string;
}

/** Finds a trailing "To contact … visit:" block, optionally followed by link lines, and reads its publisher. */
function findFooter(blocks: readonly Block[], raw: string): Footer | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]!;
    if (block.kind === 'break') continue;
    if (FOOTER_START.test(block.text)) {
      const rest = blocks.slice(i);
      const footerRaw = raw.slice(block.start, rest[rest.length - 1]!.end);
      return { index: i, ...publisherFromFooter(footerRaw, rest) };
    }
    if (!LINK_ONLY.test(block.text)) return undefined;
  }
  return undefined;
}

function publisherFromFooter(footerRaw: string, blocks: readonly Block[]): { publisher?: string } {
  const url = /https?:\/\/([^\s/)\]>"]+)/i.exec(footerRaw);
  const bare = blocks.map((b) => b.text).find((t) => LINK_ONLY.test(t));
  const domain = url?.[1] ?? bare?.replace(/^https?:\/\//i, '').split('/')[0];
  if (domain) return { publisher: publisherForDomain(domain) };
  const named = KNOWN_PUBLISHERS.find((p) => p.mentions?.test(footerRaw));
  return named ? { publisher: named.name } : {};
}

// ---------------------------------------------------------------- page breaks

const SENTENCE_END = /[.!?:\u2026]$/;
const CLOSERS = /[\u201D"\u2019'\u00BB)\]]+$/;
const LOWER_START = /^[\u201C"\u2018'(\[]*\p{Ll}/u;

/** A fragment cut by a page break ends without closing punctuation, or the next one starts in lower case. */
function continuesInto(fragment: string, next: string): boolean {
  return !SENTENCE_END.test(fragment.replace(CLOSERS, '')) || LOWER_START.test(next);
}

function joinPageBreaks(blocks: readonly Block[]): ParsedParagraph[] {
  const paragraphs: ParsedParagraph[] = [];
  let previous: ParsedParagraph | undefined;
  let previousKind: Block['kind'] | undefined;
  for (const block of blocks) {
    if (block.kind === 'break') {
      previous = undefined;
      continue;
    }
    const sameRun = previous !== undefined && previousKind === block.kind && block.kind !== 'list-item';
    if (previous && sameRun && continuesInto(previous.text, block.text)) {
      previous.text = `${previous.text} ${block.text}`;
      previous.end = block.end;
      continue;
    }
    previous = { text: block.text, start: block.start, end: block.end };
    previousKind = block.kind;
    paragraphs.push(previous);
  }
  return paragraphs;
}

// ---------------------------------------------------------------- article

interface Header {
  title: string;
  byline?: Byline;
  date?: string;
  /** Index of the first line after the header. */
  bodyLine: number;
}

/** Title is the first non-empty line; byline and date lines may follow, in either order, blank lines between. */
function readHeader(lines: readonly Line[], source: string): Header {
  const titleLine = lines.findIndex((l) => !isBlank(l));
  const title = stripInlineMarkdown(lines[titleLine]!.text.trim().replace(/^#{1,6}\s*/, '').replace(/\s+#+$/, ''))
    .replace(/\s+/g, ' ')
    .trim();
  if (!title) throw new ArticleParseError(source, 'the title line (the first non-empty line) has no text');

  const header: Header = { title, bodyLine: titleLine + 1 };
  for (let i = titleLine + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const text = line.text.trim().replace(/\\$/, '').trim();
    const dateParts = header.date === undefined ? matchDate(stripInlineMarkdown(text)) : undefined;
    const byline = header.byline || dateParts ? undefined : looksLikeByline(text);
    if (dateParts) {
      const iso = isoFromParts(dateParts);
      if (!iso) throw new ArticleParseError(source, `the date line "${text}" is not a real calendar date`);
      header.date = iso;
    } else if (byline) {
      header.byline = byline;
    } else {
      break;
    }
    header.bodyLine = i + 1;
  }
  return header;
}

/** Parses a .txt or .md article; throws ArticleParseError for input that cannot be an article. */
export function parseArticle(raw: string, source: string): ParsedArticle {
  assertArticleText(raw, source);
  const lines = splitLines(raw);
  const header = readHeader(lines, source);
  const blocks = readBlocks(lines.slice(header.bodyLine));
  const footer = findFooter(blocks, raw);
  const paragraphs = joinPageBreaks(footer ? blocks.slice(0, footer.index) : blocks);
  if (paragraphs.length === 0) {
    throw new ArticleParseError(source, 'no paragraphs of text follow the title, byline and date');
  }
  return {
    source,
    title: header.title,
    ...(header.byline ? { author: header.byline.author } : {}),
    ...(header.byline?.role ? { authorRole: header.byline.role } : {}),
    ...(header.date ? { date: header.date } : {}),
    ...(footer?.publisher ? { publisher: footer.publisher } : {}),
    paragraphs,
  };
}
