/**
 * The one message protocol between the content script, extension pages and
 * the background worker. Every request names its `type`; every reply is
 * `{ ok: true, value }` or `{ ok: false, error }`, never a thrown exception.
 */
import type { Annotation } from '../core/annotations/model';
import type { TagCount } from '../core/annotations/tags';
import type { CorpusDocument } from '../core/query/corpus-documents';
import type { DocumentView } from '../core/query/document-view';
import type {
  EntityAnswer,
  EntityRequest,
  FigureAnswer,
  FigureRequest,
  PassageAnswer,
  TextRequest,
} from '../core/query/queries';
import type { PageMention } from '../core/match/find-mentions';
import { FIGURE_KINDS, type EntityType, type FigureKind } from '../core/index/types';
import { MAX_CONTEXT } from '../core/text/sentences';
import type { Settings } from '../settings/schema';

export interface IndexStatus {
  hash: string;
  version: number;
  loadedAt: number;
  counts: { documents: number; passages: number; entities: number; figures: number; terms: number };
}

/**
 * What a content script needs to describe the mentions on a page: built once
 * per index and settings, not per page. The worker finds the mentions.
 */
export interface MentionDictionary {
  /** Changes whenever the index or the reader's choice of what to mark changes. */
  key: string;
  /** Entities the reader wants marked: id → name and type. */
  entities: Record<string, { name: string; type: EntityType }>;
  /** Figure kinds the corpus holds and the reader wants marked. */
  figureKinds: FigureKind[];
}

export interface PageSetup {
  enabled: boolean;
  /** Why Footnote is on or off here, in words for the reader. */
  reason: string;
  /** Present when enabled. */
  dictionary?: MentionDictionary;
  display: Pick<Settings, 'markEvery' | 'highlight'>;
}

/** Block texts a page has read, for the worker to find their mentions. */
export interface MentionsRequest {
  /** The dictionary the page was set up with. */
  key: string;
  texts: readonly string[];
  /** Only the first mention of each entity (and figure kind) per text. */
  firstPerBlock: boolean;
}

/** Texts in one `mentions.find`: a page sends a few dozen kilobytes at a time. */
export const MAX_MENTION_TEXTS = 10_000;

export interface ImportSummary {
  added: number;
  /** Annotations edited after the stored copy of their id: the imported copy replaces it. */
  updated: number;
  /** Annotations whose id was already stored as it is or newer; the stored copy is kept. */
  duplicates: number;
}

export interface RequestMap {
  /** Passages that mention an entity, ranked for the sentence around the mention. */
  'entity.passages': {
    request: EntityRequest;
    response: EntityAnswer;
  };
  /** Comparable figures in the corpus (same kind family; same place or operation first). */
  'figure.passages': {
    request: FigureRequest;
    response: FigureAnswer;
  };
  /** Free-text search over passages, with optional surrounding context. */
  'text.passages': {
    request: TextRequest;
    response: PassageAnswer;
  };
  /** One document with its passages, entities and figures, for the reader page. */
  'document.get': { request: { doc: number }; response: DocumentView };
  /** Opens the reader page at a passage in a new tab (pages may not open extension pages themselves). */
  'reader.open': { request: { doc: number; passage?: number }; response: { opened: boolean } };
  /** Sent by a content script on start and on settings changes: is Footnote on here, and what to mark. */
  'page.setup': { request: { url: string }; response: PageSetup };
  /** The mentions in block texts a page has read, one list per text, with offsets into it. */
  'mentions.find': { request: MentionsRequest; response: PageMention[][] };
  /** A frame's current mention count; the worker sums a tab's frames onto the badge. */
  'page.mentions': { request: { count: number }; response: { total: number } };
  /** Which index is loaded, when, and how big it is. */
  'index.status': { request: Record<string, never>; response: IndexStatus };
  /** Every document of the index with its counts, oldest first, for the options page. */
  'corpus.documents': { request: Record<string, never>; response: CorpusDocument[] };
  /**
   * A page's annotations (URL normalised), oldest first. `reveal`: the annotation the reader asked
   * to open from the annotations page in this tab; given once.
   */
  'annotations.forPage': { request: { url: string }; response: { annotations: Annotation[]; reveal?: string } };
  /**
   * Creates or updates by id, validated as an import is. The worker stamps `modified` (unless
   * `keepModified`, for undoing a delete) and keeps the stored `created`.
   */
  'annotations.save': { request: { annotation: Annotation; keepModified?: boolean }; response: Annotation };
  'annotations.delete': { request: { id: string }; response: { removed: Annotation | null } };
  /** Every tag with its number of annotations, most used first, for tag completion. */
  'annotations.tags': { request: Record<string, never>; response: TagCount[] };
  /** Every annotation, newest first. Extension pages only. */
  'annotations.list': { request: Record<string, never>; response: Annotation[] };
  /** A JSON-LD export file's text; all or nothing. Extension pages only. */
  'annotations.import': { request: { text: string }; response: ImportSummary };
  /** Opens the annotation's page in a new tab, which then reveals it. Extension pages only. */
  'annotations.open': { request: { id: string }; response: { opened: boolean } };
}

export type RequestType = keyof RequestMap;
export type Request<K extends RequestType = RequestType> = { [T in K]: { type: T } & RequestMap[T]['request'] }[K];
export type Response<K extends RequestType> = RequestMap[K]['response'];

export type ErrorCode = 'bad-request' | 'not-found' | 'not-ready' | 'internal';
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type FieldCheck = (value: unknown) => boolean;
const isString: FieldCheck = (v) => typeof v === 'string';
const isNonEmptyString: FieldCheck = (v) => typeof v === 'string' && v.trim().length > 0;
const isLimit: FieldCheck = (v) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 100;
const isFigureKind: FieldCheck = (v) => (FIGURE_KINDS as readonly unknown[]).includes(v);
const isFiniteNumber: FieldCheck = (v) => typeof v === 'number' && Number.isFinite(v);
const isBoolean: FieldCheck = (v) => typeof v === 'boolean';
/** Only the shape: the worker validates an annotation field by field, saying what is wrong. */
const isPlainObject: FieldCheck = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

const isContext: FieldCheck = (v) => isString(v) && (v as string).length <= MAX_CONTEXT;

interface Shape {
  required: Record<string, FieldCheck>;
  optional: Record<string, FieldCheck>;
}

const SHAPES: { [K in RequestType]: Shape } = {
  'entity.passages': {
    required: { entityId: isNonEmptyString },
    optional: { context: isContext, limit: isLimit },
  },
  'figure.passages': {
    required: { kind: isFigureKind, value: isFiniteNumber },
    optional: { text: isContext, place: isString, operation: isString, context: isContext, limit: isLimit },
  },
  'text.passages': {
    required: { text: isNonEmptyString },
    optional: { context: isContext, limit: isLimit },
  },
  'document.get': { required: { doc: (v) => Number.isInteger(v) && (v as number) >= 0 }, optional: {} },
  'reader.open': {
    required: { doc: (v) => Number.isInteger(v) && (v as number) >= 0 },
    optional: { passage: (v) => Number.isInteger(v) && (v as number) >= 0 },
  },
  'page.setup': { required: { url: isNonEmptyString }, optional: {} },
  'mentions.find': {
    required: {
      key: isNonEmptyString,
      texts: (v) => Array.isArray(v) && v.length <= MAX_MENTION_TEXTS && v.every(isString),
      firstPerBlock: isBoolean,
    },
    optional: {},
  },
  'page.mentions': {
    required: { count: (v) => Number.isInteger(v) && (v as number) >= 0 },
    optional: {},
  },
  'index.status': { required: {}, optional: {} },
  'corpus.documents': { required: {}, optional: {} },
  'annotations.forPage': { required: { url: isNonEmptyString }, optional: {} },
  'annotations.save': { required: { annotation: isPlainObject }, optional: { keepModified: isBoolean } },
  'annotations.delete': { required: { id: isNonEmptyString }, optional: {} },
  'annotations.tags': { required: {}, optional: {} },
  'annotations.list': { required: {}, optional: {} },
  'annotations.import': { required: { text: isString }, optional: {} },
  'annotations.open': { required: { id: isNonEmptyString }, optional: {} },
};

/** Checks an incoming message; throws ProtocolError('bad-request') naming the first thing wrong. */
export function parseRequest(message: unknown): Request {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new ProtocolError('bad-request', 'message must be an object with a "type"');
  }
  const record = message as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) {
    throw new ProtocolError('bad-request', `unknown message type ${JSON.stringify(type)}`);
  }
  const shape = SHAPES[type as RequestType];
  for (const [field, check] of Object.entries(shape.required)) {
    if (!check(record[field])) throw new ProtocolError('bad-request', `"${type}" needs a valid "${field}"`);
  }
  for (const field of Object.keys(record)) {
    if (field === 'type' || field in shape.required) continue;
    const check = shape.optional[field];
    if (!check) throw new ProtocolError('bad-request', `"${type}" has an unknown field "${field}"`);
    if (record[field] !== undefined && !check(record[field])) {
      throw new ProtocolError('bad-request', `"${type}" has an invalid "${field}"`);
    }
  }
  return record as Request;
}
