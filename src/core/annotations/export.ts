/**
 * Annotation exports: JSON-LD for other annotation tools and for re-import,
 * Markdown for reading and notes, CSV for spreadsheets.
 */
import { contentHash } from '../index/format';
import {
  ANNOTATION_CONTEXT,
  annotationNote,
  annotationPassages,
  annotationQuote,
  annotationTags,
  canonicalAnnotation,
  passageReference,
  type Annotation,
  type PassageLinkBody,
} from './model';

export const COLLECTION_LABEL = 'Footnote annotations';

export interface AnnotationPage {
  id: string;
  type: 'AnnotationPage';
  startIndex: number;
  items: Annotation[];
}

/** A W3C AnnotationCollection with every annotation on one embedded first page. */
export interface AnnotationCollection {
  '@context': typeof ANNOTATION_CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  /** Absent when there is nothing to page through. */
  first?: AnnotationPage;
}

/**
 * The collection's IRI is derived from its content, so exporting the same
 * annotations twice (or after a round trip through import) gives the same file.
 */
export function toAnnotationCollection(annotations: readonly Annotation[]): AnnotationCollection {
  const items = annotations.map(canonicalAnnotation);
  const id = `urn:footnote:annotations:${contentHash(JSON.stringify(items))}`;
  const collection: AnnotationCollection = {
    '@context': ANNOTATION_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: COLLECTION_LABEL,
    total: items.length,
  };
  if (items.length > 0) collection.first = { id: `${id}:page:1`, type: 'AnnotationPage', startIndex: 0, items };
  return collection;
}

export function exportAnnotationsJson(annotations: readonly Annotation[]): string {
  return `${JSON.stringify(toAnnotationCollection(annotations), null, 2)}\n`;
}

/** Page text keeps the layout's line breaks and indentation; one line reads better. */
function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Backslash-escapes characters that start inline Markdown (links, emphasis, code, HTML, entities). */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>~|&#]/g, '\\$&');
}

/** Escapes one line of plain text so it cannot start a heading, quote, list, rule or code block. */
function escapeLine(line: string): string {
  const escaped = escapeInline(line.trimStart());
  if (/^[-+=]/.test(escaped)) return `\\${escaped}`;
  return escaped.replace(/^(\d+)([.)])/, '$1\\$2');
}

function escapePlainText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(escapeLine)
    .join('\n');
}

/** A URL in angle brackets, which may hold anything but `<`, `>` and line breaks. */
function markdownUrl(url: string): string {
  return `<${url.replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\s/g, '%20')}>`;
}

function passageLine(link: PassageLinkBody): string {
  const reference = escapeLine(passageReference(link));
  const quote = escapeInline(collapseWhitespace(link.selector.exact));
  return `- ${reference} “${quote}” (${escapeInline(link.source)})`;
}

/** Blockquote and list markers a line may start with (a heading inside them is still a heading). */
const CONTAINER_MARKERS = /^(?: {0,3}(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?)*/;
const ATX_HEADING = /^( {0,3})(#{1,6})(?=[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const INDENTED_CODE = /^(?: {4}|\t)/;

/** Headings below the page's `##`: `#` becomes `###`, and so on down to `######`. */
const NOTE_HEADING_SHIFT = 2;

function noteHeading(level: number, text: string): string {
  return `${'#'.repeat(Math.min(6, level + NOTE_HEADING_SHIFT))} ${text}`;
}

/**
 * A Markdown note's headings (`#` and underlined ones) are moved two levels
 * down, so a note cannot open a section at or above its page's heading; the
 * rest of the note, and anything in fenced code, stays as written.
 */
function nestNoteHeadings(markdown: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  /** Lines of the paragraph that ends the output so far: an underline below them makes them a heading. */
  let paragraph = 0;
  /** In a quote or list item until a blank line: plain lines continue it, and an underline there is a rule. */
  let inContainer = false;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const container = CONTAINER_MARKERS.exec(line)?.[0] ?? '';
    const rest = line.slice(container.length);
    if (fence !== undefined) {
      const closing = /^ {0,3}(`+|~+)[ \t]*$/.exec(rest)?.[1];
      if (closing !== undefined && closing[0] === fence[0] && closing.length >= fence.length) fence = undefined;
      lines.push(line);
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(line)?.[1];
    if (underline !== undefined && paragraph > 0) {
      const text = lines.splice(lines.length - paragraph).map((part) => part.trim());
      lines.push(noteHeading(underline.startsWith('=') ? 1 : 2, text.join(' ')));
      paragraph = 0;
      continue;
    }
    const atx = ATX_HEADING.exec(rest);
    if (atx) {
      const [marker, indent = '', hashes = ''] = atx;
      lines.push(`${container}${indent}${noteHeading(hashes.length, rest.slice(marker.length).trimStart())}`);
      paragraph = 0;
      continue;
    }
    fence = FENCE_OPEN.exec(rest)?.[1];
    if (line.trim() === '') inContainer = false;
    else if (container !== '') inContainer = true;
    if (fence !== undefined || inContainer || line.trim() === '' || THEMATIC_BREAK.test(line)) paragraph = 0;
    else if (paragraph > 0 || !INDENTED_CODE.test(line)) paragraph++;
    lines.push(line);
  }
  return lines.join('\n');
}

function annotationMarkdown(annotation: Annotation): string {
  const blocks = [`> ${escapeLine(collapseWhitespace(annotationQuote(annotation).exact))}`];
  const note = annotationNote(annotation);
  if (note !== undefined) blocks.push(note.format === 'text/markdown' ? nestNoteHeadings(note.value) : escapePlainText(note.value));
  const tags = annotationTags(annotation);
  if (tags.length > 0) blocks.push(`Tags: ${tags.map(escapeInline).join(', ')}`);
  const passages = annotationPassages(annotation);
  if (passages.length > 0) blocks.push(['Linked passages:', '', ...passages.map(passageLine)].join('\n'));
  const modified = annotation.modified === annotation.created ? '' : `, modified ${annotation.modified}`;
  blocks.push(`_Created ${annotation.created}${modified}_`);
  return blocks.join('\n\n');
}

/**
 * Grouped by page in order of first appearance: a heading with the page title
 * linking to the URL, then each annotation's quote as a blockquote, its note,
 * tags and cited passages. Plain-text notes and all page text are escaped;
 * Markdown notes are the researcher's own Markdown and go in as written, but
 * for their headings, which are nested below the page's.
 */
export function exportAnnotationsMarkdown(annotations: readonly Annotation[]): string {
  const pages = new Map<string, Annotation[]>();
  for (const annotation of annotations) {
    const page = pages.get(annotation.target.source);
    if (page) page.push(annotation);
    else pages.set(annotation.target.source, [annotation]);
  }
  const sections = [`# ${COLLECTION_LABEL}`];
  for (const [url, pageAnnotations] of pages) {
    const title = pageAnnotations.map((annotation) => annotation.target['dcterms:title']).find(Boolean);
    const heading = title ? `[${escapeInline(collapseWhitespace(title))}](${markdownUrl(url)})` : markdownUrl(url);
    sections.push(`## ${heading}`, ...pageAnnotations.map(annotationMarkdown));
  }
  return `${sections.join('\n\n')}\n`;
}

export const CSV_COLUMNS = [
  'id',
  'page_url',
  'page_title',
  'quote',
  'note',
  'tags',
  'linked_passages',
  'created',
  'modified',
] as const;

/**
 * RFC 4180 field. Page text is untrusted, so a field a spreadsheet would run
 * as a formula (leading `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A tag may itself hold `;`: a backslash before `;` and `\` inside a tag keeps the list splittable. */
function csvTags(tags: readonly string[]): string {
  return tags.map((tag) => tag.replace(/[\\;]/g, '\\$&')).join(';');
}

/**
 * One row per annotation, CRLF between rows. Quotes are on one line (as in
 * Markdown); notes keep their line breaks; tags are joined by `;`, with `;`
 * and `\` inside a tag escaped by a backslash (`a\;b` is the one tag "a;b");
 * linked passages go one per line within their cell.
 */
export function exportAnnotationsCsv(annotations: readonly Annotation[]): string {
  const rows = annotations.map((annotation) => [
    annotation.id,
    annotation.target.source,
    annotation.target['dcterms:title'] ?? '',
    collapseWhitespace(annotationQuote(annotation).exact),
    annotationNote(annotation)?.value ?? '',
    csvTags(annotationTags(annotation)),
    annotationPassages(annotation)
      .map((link) => `${passageReference(link)} “${collapseWhitespace(link.selector.exact)}” (${link.source})`)
      .join('\n'),
    annotation.created,
    annotation.modified,
  ]);
  return [[...CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
