/**
 * Researcher annotations as W3C Web Annotation Data Model records.
 *
 * The stored record is the exported JSON-LD item itself, so saving, exporting
 * and importing never translate between shapes. Decisions:
 * - `target.source` is the normalised page URL (a bare IRI) and the target is
 *   a SpecificResource with a TextQuoteSelector (always) and a
 *   TextPositionSelector (when known: imports from other tools may lack it).
 * - Page and document titles use `dcterms:*` compact IRIs. `dcterms` is a
 *   prefix the standard context (anno.jsonld) already defines, so the files
 *   stay valid JSON-LD with that one context and need no extension of it.
 * - A linked corpus passage is a SpecificResource with purpose `linking` whose
 *   `source` is `urn:footnote:passage:<index-hash>:<passage-id>`. Index
 *   rebuilds change both parts, so the link also stores its citation (title,
 *   author, date, publisher) and the quoted passage text (as a
 *   TextQuoteSelector on that passage): it still reads correctly when the
 *   passage cannot be found in the current index.
 * - Bodies are kept in one order: the note, then tags, then passage links.
 */
import { normalisePageUrl } from './url';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** The quote is what re-anchors; the position is a hint checked first. */
export type TextSelectors = [TextQuoteSelector] | [TextQuoteSelector, TextPositionSelector];

export interface AnnotationTarget {
  source: string;
  /** Title of the page when the annotation was made. */
  'dcterms:title'?: string;
  selector: TextSelectors;
}

export type NoteFormat = 'text/plain' | 'text/markdown';

export interface NoteBody {
  type: 'TextualBody';
  purpose: 'commenting';
  value: string;
  format: NoteFormat;
}

export interface TagBody {
  type: 'TextualBody';
  purpose: 'tagging';
  value: string;
}

export interface PassageLinkBody {
  type: 'SpecificResource';
  purpose: 'linking';
  /** `urn:footnote:passage:<index-hash>:<passage-id>`. */
  source: string;
  'dcterms:title': string;
  'dcterms:creator'?: string;
  /** ISO date of the document, as the index has it. */
  'dcterms:date'?: string;
  'dcterms:publisher'?: string;
  /** The quoted passage text. */
  selector: { type: 'TextQuoteSelector'; exact: string };
}

export type AnnotationBody = NoteBody | TagBody | PassageLinkBody;

export interface Annotation {
  /** `urn:uuid:…` for annotations made here; imported ids are kept as they are. */
  id: string;
  type: 'Annotation';
  /** ISO 8601 date-time. */
  created: string;
  modified: string;
  body: AnnotationBody[];
  target: AnnotationTarget;
}

/** What a passage link records about the passage, so it reads without the index. */
export interface PassageCitation {
  indexHash: string;
  passageId: number;
  title: string;
  author?: string;
  date?: string;
  publisher?: string;
  /** The passage text quoted. */
  text: string;
}

const PASSAGE_URN = /^urn:footnote:passage:([^:]+):(\d+)$/;

export function passageUrn(indexHash: string, passageId: number): string {
  return `urn:footnote:passage:${indexHash}:${passageId}`;
}

/** The index hash and passage id a link points at, or undefined for another kind of IRI. */
export function parsePassageUrn(urn: string): { indexHash: string; passageId: number } | undefined {
  const parts = PASSAGE_URN.exec(urn);
  if (!parts) return undefined;
  return { indexHash: parts[1]!, passageId: Number(parts[2]) };
}

export function passageLinkBody(citation: PassageCitation): PassageLinkBody {
  return {
    type: 'SpecificResource',
    purpose: 'linking',
    source: passageUrn(citation.indexHash, citation.passageId),
    'dcterms:title': citation.title,
    ...(citation.author ? { 'dcterms:creator': citation.author } : {}),
    ...(citation.date ? { 'dcterms:date': citation.date } : {}),
    ...(citation.publisher ? { 'dcterms:publisher': citation.publisher } : {}),
    selector: { type: 'TextQuoteSelector', exact: citation.text },
  };
}

/** Trims and collapses whitespace; drops empty tags and repeats that differ only in case (first spelling wins). */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const cleaned: string[] = [];
  for (const tag of tags) {
    const value = tag.trim().replace(/\s+/g, ' ');
    const key = value.toLowerCase();
    if (value === '' || seen.has(key)) continue;
    seen.add(key);
    cleaned.push(value);
  }
  return cleaned;
}

export interface NewAnnotation {
  pageUrl: string;
  pageTitle?: string;
  /** From `describeQuote`. */
  selectors: TextSelectors;
  note?: string;
  noteFormat?: NoteFormat;
  tags?: readonly string[];
  passages?: readonly PassageCitation[];
}

/**
 * A new annotation with a fresh `urn:uuid` id; `created` and `modified` are
 * both now. Throws a RangeError when the quote is empty: an annotation
 * without a quote could never be anchored.
 */
export function createAnnotation(
  input: NewAnnotation,
  now: () => Date = () => new Date(),
  newId: () => string = () => crypto.randomUUID(),
): Annotation {
  if (input.selectors[0].exact === '') throw new RangeError('an annotation needs a non-empty quote');
  const body: AnnotationBody[] = [];
  const note = input.note?.trim() ?? '';
  if (note !== '') {
    body.push({ type: 'TextualBody', purpose: 'commenting', value: note, format: input.noteFormat ?? 'text/plain' });
  }
  for (const tag of cleanTags(input.tags ?? [])) body.push({ type: 'TextualBody', purpose: 'tagging', value: tag });
  for (const citation of input.passages ?? []) body.push(passageLinkBody(citation));
  const title = input.pageTitle?.trim();
  const target: AnnotationTarget = {
    source: normalisePageUrl(input.pageUrl),
    ...(title ? { 'dcterms:title': title } : {}),
    selector: input.selectors,
  };
  const time = now().toISOString();
  return { id: `urn:uuid:${newId()}`, type: 'Annotation', created: time, modified: time, body, target };
}

const BODY_RANK = { commenting: 0, tagging: 1, linking: 2 } as const;

function canonicalBody(body: AnnotationBody): AnnotationBody {
  switch (body.purpose) {
    case 'commenting':
      return { type: 'TextualBody', purpose: 'commenting', value: body.value, format: body.format };
    case 'tagging':
      return { type: 'TextualBody', purpose: 'tagging', value: body.value };
    case 'linking':
      return {
        type: 'SpecificResource',
        purpose: 'linking',
        source: body.source,
        'dcterms:title': body['dcterms:title'],
        ...(body['dcterms:creator'] === undefined ? {} : { 'dcterms:creator': body['dcterms:creator'] }),
        ...(body['dcterms:date'] === undefined ? {} : { 'dcterms:date': body['dcterms:date'] }),
        ...(body['dcterms:publisher'] === undefined ? {} : { 'dcterms:publisher': body['dcterms:publisher'] }),
        selector: { type: 'TextQuoteSelector', exact: body.selector.exact },
      };
  }
}

function canonicalSelectors(selectors: TextSelectors): TextSelectors {
  const [quote, position] = selectors;
  const canonicalQuote: TextQuoteSelector = {
    type: 'TextQuoteSelector',
    exact: quote.exact,
    prefix: quote.prefix,
    suffix: quote.suffix,
  };
  if (position === undefined) return [canonicalQuote];
  return [canonicalQuote, { type: 'TextPositionSelector', start: position.start, end: position.end }];
}

/**
 * A copy with only the model's fields, in one key and body order, so equal
 * annotations always serialise to equal JSON.
 */
export function canonicalAnnotation(annotation: Annotation): Annotation {
  const { target } = annotation;
  return {
    id: annotation.id,
    type: 'Annotation',
    created: annotation.created,
    modified: annotation.modified,
    body: annotation.body
      .map(canonicalBody)
      .sort((a, b) => BODY_RANK[a.purpose] - BODY_RANK[b.purpose]),
    target: {
      source: target.source,
      ...(target['dcterms:title'] === undefined ? {} : { 'dcterms:title': target['dcterms:title'] }),
      selector: canonicalSelectors(target.selector),
    },
  };
}

export function annotationQuote(annotation: Annotation): TextQuoteSelector {
  return annotation.target.selector[0];
}

export function annotationNote(annotation: Annotation): NoteBody | undefined {
  return annotation.body.find((body): body is NoteBody => body.type === 'TextualBody' && body.purpose === 'commenting');
}

export function annotationTags(annotation: Annotation): string[] {
  return annotation.body
    .filter((body): body is TagBody => body.type === 'TextualBody' && body.purpose === 'tagging')
    .map((body) => body.value);
}

export function annotationPassages(annotation: Annotation): PassageLinkBody[] {
  return annotation.body.filter((body): body is PassageLinkBody => body.type === 'SpecificResource');
}

/** "Title. Author. Publisher, 2020-02-17." with missing parts left out. */
export function passageReference(link: PassageLinkBody): string {
  const imprint = [link['dcterms:publisher'], link['dcterms:date']].filter(Boolean).join(', ');
  return [link['dcterms:title'], link['dcterms:creator'], imprint]
    .filter((part): part is string => Boolean(part))
    .map((part) => (/[.?!]$/.test(part) ? part : `${part}.`))
    .join(' ');
}

export interface AnnotationEdit {
  note?: string;
  noteFormat?: NoteFormat;
  tags?: readonly string[];
  passages?: readonly PassageLinkBody[];
}

/**
 * A copy of `annotation` with the given parts of its body replaced (a blank
 * note removes the note). Id, target and times are kept: the store stamps
 * `modified` when it saves.
 */
export function editAnnotation(annotation: Annotation, edit: AnnotationEdit): Annotation {
  const current = annotationNote(annotation);
  const note = edit.note === undefined ? (current?.value ?? '') : edit.note.trim();
  const format = edit.noteFormat ?? current?.format ?? 'text/plain';
  const body: AnnotationBody[] =
    note === '' ? [] : [{ type: 'TextualBody', purpose: 'commenting', value: note, format }];
  for (const value of edit.tags ? cleanTags(edit.tags) : annotationTags(annotation)) {
    body.push({ type: 'TextualBody', purpose: 'tagging', value });
  }
  body.push(...(edit.passages ?? annotationPassages(annotation)));
  return { ...annotation, body };
}
