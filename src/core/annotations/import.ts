/**
 * Reading an annotation export back in. All or nothing: the first problem
 * found is reported with where it is, and nothing is imported.
 *
 * Accepted: a JSON-LD AnnotationCollection (the shape `exportAnnotationsJson`
 * writes) whose annotations are all on its embedded first page, a single
 * Annotation, or a JSON array of Annotations (as other Web Annotation tools
 * write them). Within an annotation, `body` and `target.selector` may be one
 * object or an array, as the Web Annotation model allows, and a `bodyValue`
 * is read as a plain-text note. A TextualBody without `purpose` takes the
 * annotation's `motivation`: a tag when that is tagging, otherwise the note.
 * A missing `created` or `modified` is the other one, or the import time when
 * both are missing. Selectors other than TextQuoteSelector and
 * TextPositionSelector (e.g. a RangeSelector from another tool) describe the
 * DOM of one rendering of the page, which Footnote does not use: they are
 * dropped. Page URLs are normalised as when an annotation is made.
 */
import { readJsonFile } from '../text/json-syntax-error';
import {
  ANNOTATION_CONTEXT,
  canonicalAnnotation,
  type Annotation,
  type AnnotationBody,
  type NoteFormat,
  type PassageLinkBody,
  type TextPositionSelector,
  type TextQuoteSelector,
  type TextSelectors,
} from './model';
import { normalisePageUrl } from './url';

export const DEFAULT_MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportResult = { annotations: Annotation[] } | { error: string };

/** A validation failure; `message` already says where. */
class ImportError extends Error {
  override name = 'ImportError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return `${typeof value} ${String(value)}`;
}

/** A value as it would be written in the file, or "none" when absent. */
function quoted(value: unknown): string {
  if (value === undefined) return 'none';
  return typeof value === 'string' ? JSON.stringify(value) : kindOf(value);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one 4-byte character.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ANNOTATION_CONTEXTS = new Set([ANNOTATION_CONTEXT, 'https://www.w3.org/ns/anno.jsonld']);

function hasAnnotationContext(context: unknown): boolean {
  const contexts = Array.isArray(context) ? context : [context];
  return contexts.some((entry) => typeof entry === 'string' && ANNOTATION_CONTEXTS.has(entry));
}

function asSentence(message: string): string {
  return message.endsWith('.') ? message : `${message}.`;
}

/**
 * Reads one annotation; every message starts with where it is. With `importedAt`,
 * missing dates are filled in as the model allows; without it (a save from a page),
 * both are required.
 */
class AnnotationReader {
  constructor(
    private readonly where: string,
    private readonly importedAt?: string,
  ) {}

  private fail(problem: string): never {
    throw new ImportError(`${this.where}: ${problem}`);
  }

  private string(record: Json, key: string, path: string): string {
    const value = record[key];
    if (value === undefined) this.fail(`"${path}" is missing`);
    if (typeof value !== 'string') this.fail(`"${path}" must be a string, not ${kindOf(value)}`);
    return value;
  }

  private optionalString(record: Json, key: string, path: string): string | undefined {
    return record[key] === undefined ? undefined : this.string(record, key, path);
  }

  private dateTime(record: Json, key: string): string {
    const value = this.string(record, key, key);
    if (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
      this.fail(
        `"${key}" must be an ISO 8601 date-time such as 2024-05-01T09:30:00.000Z, not ${JSON.stringify(value)}`,
      );
    }
    return value;
  }

  /** Both are optional in the model: one stands for the other, and the import time for both. */
  private dates(item: Json): { created: string; modified: string } {
    if (this.importedAt === undefined) return { created: this.dateTime(item, 'created'), modified: this.dateTime(item, 'modified') };
    const created = item.created === undefined ? undefined : this.dateTime(item, 'created');
    const modified = item.modified === undefined ? undefined : this.dateTime(item, 'modified');
    const earliest = created ?? modified ?? this.importedAt;
    return { created: earliest, modified: modified ?? earliest };
  }

  private offset(selector: Json, key: 'start' | 'end', path: string): number {
    const value = selector[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.fail(`"${path}.${key}" must be a whole number ≥ 0, not ${kindOf(value)}`);
    }
    return value;
  }

  private selectors(target: Json): TextSelectors {
    const raw = target.selector;
    if (raw === undefined) this.fail('"target.selector" is missing: Footnote needs the quoted text to find it again');
    const list = Array.isArray(raw) ? raw : [raw];
    let quote: TextQuoteSelector | undefined;
    let position: TextPositionSelector | undefined;
    list.forEach((selector: unknown, index) => {
      const path = Array.isArray(raw) ? `target.selector[${index}]` : 'target.selector';
      if (!isObject(selector)) this.fail(`"${path}" must be an object, not ${kindOf(selector)}`);
      if (selector.type === 'TextQuoteSelector') {
        if (quote !== undefined) this.fail(`"${path}" is a second TextQuoteSelector; an annotation quotes one passage`);
        const exact = this.string(selector, 'exact', `${path}.exact`);
        if (exact === '') this.fail(`"${path}.exact" is empty`);
        quote = {
          type: 'TextQuoteSelector',
          exact,
          prefix: this.optionalString(selector, 'prefix', `${path}.prefix`) ?? '',
          suffix: this.optionalString(selector, 'suffix', `${path}.suffix`) ?? '',
        };
      } else if (selector.type === 'TextPositionSelector') {
        if (position !== undefined) this.fail(`"${path}" is a second TextPositionSelector`);
        const start = this.offset(selector, 'start', path);
        const end = this.offset(selector, 'end', path);
        if (start > end) this.fail(`"${path}" starts after it ends (start ${start}, end ${end})`);
        position = { type: 'TextPositionSelector', start, end };
      } else if (typeof selector.type !== 'string') {
        this.fail(`"${path}.type" must name the selector type`);
      }
    });
    if (quote === undefined) this.fail('"target.selector" has no TextQuoteSelector with the quoted text');
    return position === undefined ? [quote] : [quote, position];
  }

  private linkBody(body: Json, path: string): PassageLinkBody {
    const selector = body.selector;
    if (!isObject(selector) || selector.type !== 'TextQuoteSelector') {
      this.fail(`"${path}.selector" must be a TextQuoteSelector holding the quoted passage`);
    }
    const creator = this.optionalString(body, 'dcterms:creator', `${path}.dcterms:creator`);
    const date = this.optionalString(body, 'dcterms:date', `${path}.dcterms:date`);
    const publisher = this.optionalString(body, 'dcterms:publisher', `${path}.dcterms:publisher`);
    return {
      type: 'SpecificResource',
      purpose: 'linking',
      source: this.string(body, 'source', `${path}.source`),
      'dcterms:title': this.string(body, 'dcterms:title', `${path}.dcterms:title`),
      ...(creator === undefined ? {} : { 'dcterms:creator': creator }),
      ...(date === undefined ? {} : { 'dcterms:date': date }),
      ...(publisher === undefined ? {} : { 'dcterms:publisher': publisher }),
      selector: { type: 'TextQuoteSelector', exact: this.string(selector, 'exact', `${path}.selector.exact`) },
    };
  }

  private body(body: unknown, path: string, motivation: 'commenting' | 'tagging'): AnnotationBody {
    if (!isObject(body)) this.fail(`"${path}" must be an object, not ${kindOf(body)}`);
    if (body.type === 'TextualBody' && body.purpose === undefined) {
      return this.body({ ...body, purpose: motivation }, path, motivation);
    }
    if (body.type === 'TextualBody' && body.purpose === 'commenting') {
      const format = body.format ?? 'text/plain';
      if (format !== 'text/plain' && format !== 'text/markdown') {
        this.fail(`"${path}.format" must be text/plain or text/markdown, not ${kindOf(format)}`);
      }
      const value = this.string(body, 'value', `${path}.value`);
      return { type: 'TextualBody', purpose: 'commenting', value, format: format as NoteFormat };
    }
    if (body.type === 'TextualBody' && body.purpose === 'tagging') {
      const value = this.string(body, 'value', `${path}.value`);
      if (value.trim() === '') this.fail(`"${path}.value" is an empty tag`);
      return { type: 'TextualBody', purpose: 'tagging', value };
    }
    if (body.type === 'SpecificResource' && body.purpose === 'linking') return this.linkBody(body, path);
    return this.fail(
      `"${path}" is not a note, tag or passage link (type ${quoted(body.type)}, purpose ${quoted(body.purpose)})`,
    );
  }

  read(item: unknown): Annotation {
    if (!isObject(item)) this.fail(`must be an object, not ${kindOf(item)}`);
    const id = this.string(item, 'id', 'id');
    if (id.trim() === '') this.fail('"id" is empty');
    if (item.type !== 'Annotation') this.fail(`"type" must be "Annotation", not ${quoted(item.type)}`);
    const target = item.target;
    if (target === undefined) this.fail('"target" is missing');
    if (!isObject(target)) {
      this.fail(`"target" must be an object with "source" and "selector", not ${kindOf(target)}`);
    }
    const source = this.string(target, 'source', 'target.source');
    if (source.trim() === '') this.fail('"target.source" is empty');
    const title = this.optionalString(target, 'dcterms:title', 'target.dcterms:title');
    // The model's shorthand for a plain-text body; dropping it would lose the note.
    const bodyValue = this.optionalString(item, 'bodyValue', 'bodyValue');
    if (bodyValue !== undefined && item.body !== undefined) this.fail('has both "body" and "bodyValue"; use one');
    const rawBodies = item.body === undefined ? [] : Array.isArray(item.body) ? item.body : [item.body];
    const motivations = Array.isArray(item.motivation) ? (item.motivation as unknown[]) : [item.motivation];
    // A body's purpose is optional: without one it is what the annotation is for.
    const motivation = motivations.includes('tagging') && !motivations.includes('commenting') ? 'tagging' : 'commenting';
    const body: AnnotationBody[] =
      bodyValue === undefined
        ? rawBodies.map((entry: unknown, index) =>
            this.body(entry, Array.isArray(item.body) ? `body[${index}]` : 'body', motivation),
          )
        : [{ type: 'TextualBody', purpose: 'commenting', value: bodyValue, format: 'text/plain' }];
    if (body.filter((entry) => entry.purpose === 'commenting').length > 1) this.fail('has more than one note');
    return canonicalAnnotation({
      id,
      type: 'Annotation',
      ...this.dates(item),
      body,
      target: {
        source: normalisePageUrl(source),
        ...(title === undefined ? {} : { 'dcterms:title': title }),
        selector: this.selectors(target),
      },
    });
  }
}

const CONTEXT_REQUIRED = `"@context" must be "${ANNOTATION_CONTEXT}"`;

/** Reads annotations in file order, refusing an id used twice; `where(index)` names each. */
function readItems(items: readonly unknown[], where: (index: number) => string, importedAt: string, eachHasContext: boolean): Annotation[] {
  const seen = new Map<string, number>();
  return items.map((item: unknown, index) => {
    const annotation = new AnnotationReader(where(index), importedAt).read(item);
    // A bare list of annotations has no collection to carry the context: each item carries its own.
    if (eachHasContext && !hasAnnotationContext((item as Json)['@context'])) {
      throw new ImportError(`${where(index)}: not a Web Annotation: ${CONTEXT_REQUIRED}.`);
    }
    const earlier = seen.get(annotation.id);
    if (earlier !== undefined) {
      throw new ImportError(`${where(index)}: "id" ${annotation.id} is already used by annotation ${earlier}.`);
    }
    seen.set(annotation.id, index + 1);
    return annotation;
  });
}

/** A collection (Footnote's export), a single annotation, or an array of annotations. */
function readAnnotationFile(value: unknown, importedAt: string): Annotation[] {
  if (Array.isArray(value)) return readItems(value, (index) => `Annotation ${index + 1} ([${index}])`, importedAt, true);
  if (!isObject(value)) {
    throw new ImportError(
      `Not an annotation file: the file holds ${kindOf(value)}, ` +
        'not an AnnotationCollection, an Annotation or an array of annotations.',
    );
  }
  if (value.type !== 'AnnotationCollection' && value.type !== 'Annotation') {
    throw new ImportError(
      `Not an annotation file: "type" is ${quoted(value.type)}, not "AnnotationCollection" or "Annotation".`,
    );
  }
  if (!hasAnnotationContext(value['@context'])) {
    throw new ImportError(`Not a Web Annotation file: ${CONTEXT_REQUIRED}.`);
  }
  if (value.type === 'Annotation') return [new AnnotationReader('The annotation', importedAt).read(value)];
  const total = value.total;
  if (total !== undefined && (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0)) {
    throw new ImportError(`"total" must be a whole number ≥ 0, not ${kindOf(total)}.`);
  }
  const first = value.first;
  if (first === undefined) {
    if (total === undefined || total === 0) return [];
    throw new ImportError(`The file looks partial: "total" is ${total} but the collection has no "first" page.`);
  }
  if (typeof first === 'string') {
    throw new ImportError(
      `The annotations are not in the file: "first" links to a page (${first}) instead of holding it.`,
    );
  }
  if (!isObject(first) || first.type !== 'AnnotationPage') {
    throw new ImportError(`"first" must be an AnnotationPage object, not ${kindOf(first)}.`);
  }
  if (first.next !== undefined) {
    throw new ImportError(
      `The file looks partial: its page links to a next page (${quoted(first.next)}) that is not in the file.`,
    );
  }
  const items = first.items;
  if (!Array.isArray(items)) {
    throw new ImportError(`"first.items" must be an array of annotations, not ${kindOf(items)}.`);
  }
  if (total !== undefined && total !== items.length) {
    const holds = items.length === 1 ? '1 annotation' : `${items.length} annotations`;
    throw new ImportError(`The file looks partial: "total" is ${total} but the file holds ${holds}.`);
  }
  return readItems(items, (index) => `Annotation ${index + 1} (first.items[${index}])`, importedAt, false);
}

/** Why a file of `bytes` is refused for its size, or undefined when it may be imported. */
export function importSizeError(bytes: number, maxBytes = DEFAULT_MAX_IMPORT_BYTES): string | undefined {
  if (bytes <= maxBytes) return undefined;
  return `The file is too big: ${bytes.toLocaleString('en')} bytes, over the ${maxBytes.toLocaleString('en')}-byte limit.`;
}

/** `now` dates annotations that have neither `created` nor `modified`. */
export function parseAnnotationImport(
  json: string,
  { maxBytes = DEFAULT_MAX_IMPORT_BYTES, now = () => new Date() }: { maxBytes?: number; now?: () => Date } = {},
): ImportResult {
  const tooBig = importSizeError(utf8Length(json), maxBytes);
  if (tooBig !== undefined) return { error: tooBig };
  const file = readJsonFile(json);
  if ('error' in file) return file;
  try {
    return { annotations: readAnnotationFile(file.value, now().toISOString()) };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { error: asSentence(error.message) };
  }
}

/**
 * Validates one annotation with the rules an import applies (a save from a
 * page is held to the same standard as a file). On success the annotation is
 * in canonical form with its page URL normalised.
 */
export function parseAnnotation(value: unknown, where = 'The annotation'): { annotation: Annotation } | { error: string } {
  try {
    return { annotation: new AnnotationReader(where).read(value) };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { error: asSentence(error.message) };
  }
}

export interface MergeResult {
  /** Imported annotations whose ids are new, in file order. */
  added: Annotation[];
  /** Imported annotations edited after the stored copy of their id (a later `modified`, other content): they replace it. */
  updated: Annotation[];
  /** Imported annotations whose ids are already stored as they are or newer, or repeated in the file: the stored copies are kept. */
  duplicates: Annotation[];
}

/** Same note, tags, links and target: a later date alone (an undated file imported again) changes nothing. */
function sameContent(a: Annotation, b: Annotation): boolean {
  const content = (annotation: Annotation) => JSON.stringify(canonicalAnnotation({ ...annotation, created: '', modified: '' }));
  return content(a) === content(b);
}

/**
 * Splits an import into new annotations, newer copies of stored ones (the same
 * annotation edited on another machine) and ones already there, so nothing is
 * ever stored twice and no edit is lost to an older copy.
 */
export function mergeImport(existing: readonly Annotation[], imported: readonly Annotation[]): MergeResult {
  const stored = new Map(existing.map((annotation) => [annotation.id, annotation]));
  const seen = new Set<string>();
  const added: Annotation[] = [];
  const updated: Annotation[] = [];
  const duplicates: Annotation[] = [];
  for (const annotation of imported) {
    const current = stored.get(annotation.id);
    if (seen.has(annotation.id)) duplicates.push(annotation);
    else if (!current) added.push(annotation);
    else if (Date.parse(annotation.modified) > Date.parse(current.modified) && !sameContent(annotation, current)) {
      updated.push(annotation);
    } else duplicates.push(annotation);
    seen.add(annotation.id);
  }
  return { added, updated, duplicates };
}
