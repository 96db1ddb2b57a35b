import { parseAnnotation, parseAnnotationImport } from '../core/annotations/import';
import type { Annotation } from '../core/annotations/model';
import type { TagCount } from '../core/annotations/tags';
import { normalisePageUrl } from '../core/annotations/url';
import { corpusDocuments } from '../core/query/corpus-documents';
import { documentView } from '../core/query/document-view';
import { QueryError, passagesForEntity, passagesForFigure, passagesForText } from '../core/query/queries';
import type { IndexSource } from '../core/query/source';
import type { PageMention } from '../core/match/find-mentions';
import type { PortReply, PortRequest, RequestPort } from './port';
import {
  ProtocolError,
  parseRequest,
  type ImportSummary,
  type MentionsRequest,
  type IndexStatus,
  type PageSetup,
  type Reply,
  type Request,
  type RequestType,
  type Response,
} from './protocol';
import { messageOf } from '../core/text/error-message';

export interface QueryBackend {
  /** Resolves once the index is in place; rejects with ProtocolError('not-ready') if it cannot be. */
  ready(): Promise<{ source: IndexSource; status: IndexStatus }>;
}

export interface PageBackend {
  setup(url: string): Promise<PageSetup>;
  findMentions(request: MentionsRequest): Promise<PageMention[][]>;
  /** Records one frame's mention count and returns the tab's total. */
  reportMentions(sender: MessageSender, count: number): Promise<{ total: number }>;
  openReader(sender: MessageSender, target: { doc: number; passage?: number }): Promise<{ opened: boolean }>;
}

/** The researcher's annotations; who may ask for what is decided here, in the handler. */
export interface AnnotationBackend {
  get(id: string): Promise<Annotation | undefined>;
  /** Oldest first, with the annotation this tab was opened to reveal (given once). */
  forPage(url: string, tabId: number | undefined): Promise<{ annotations: Annotation[]; reveal?: string }>;
  save(annotation: Annotation, options: { keepModified: boolean }): Promise<Annotation>;
  remove(id: string): Promise<Annotation | null>;
  list(): Promise<Annotation[]>;
  tags(): Promise<TagCount[]>;
  importAnnotations(annotations: readonly Annotation[]): Promise<ImportSummary>;
  open(id: string): Promise<{ opened: boolean }>;
}

export interface Services {
  index: QueryBackend;
  pages: PageBackend;
  annotations: AnnotationBackend;
}

/** Who sent a message, as the browser tells the worker (never as the message claims). */
export interface MessageSender {
  tabId?: number;
  frameId?: number;
  /** The sending frame's URL. */
  url?: string;
  /** Sent by one of Footnote's own pages (popup, options, reader, annotations), not a content script. */
  extensionPage: boolean;
}

/** Annotation lists, import and opening tabs are for Footnote's own pages, never for a web page's frame. */
function requireExtensionPage(sender: MessageSender, type: RequestType): void {
  if (!sender.extensionPage) throw new ProtocolError('bad-request', `"${type}" is only answered to Footnote's own pages`);
}

/** The origin of a URL, if it has one that is not opaque (file: URLs have none). */
function originOf(url: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * A content script reads and writes only the annotations of its page's
 * origin. Not of one address: a single-page site moves between the
 * addresses of its origin (history.pushState) while the browser keeps
 * reporting the one it loaded, and any page can go to any address of its
 * origin anyway. A file: page, which has no origin, only its own; an
 * address with neither (about:srcdoc, the same on every site) none.
 */
function requireSameOrigin(sender: MessageSender, type: RequestType, pageUrl: string): void {
  if (sender.extensionPage) return;
  const { url } = sender;
  const origin = url === undefined ? undefined : originOf(url);
  const allowed =
    url !== undefined &&
    (origin !== undefined
      ? origin === originOf(pageUrl)
      : url.startsWith('file:') && normalisePageUrl(url) === normalisePageUrl(pageUrl));
  if (!allowed) throw new ProtocolError('bad-request', `"${type}" from a page may only touch the annotations of its own origin`);
}

async function answerAnnotations(
  request: Request<`annotations.${string}` & RequestType>,
  annotations: AnnotationBackend,
  sender: MessageSender,
): Promise<Response<RequestType>> {
  switch (request.type) {
    case 'annotations.forPage':
      requireSameOrigin(sender, request.type, request.url);
      return annotations.forPage(request.url, sender.tabId);
    case 'annotations.save': {
      const parsed = parseAnnotation(request.annotation);
      if ('error' in parsed) throw new ProtocolError('bad-request', parsed.error);
      const { annotation } = parsed;
      requireSameOrigin(sender, request.type, annotation.target.source);
      const stored = sender.extensionPage ? undefined : await annotations.get(annotation.id);
      // Nor may a page take over another page's annotation by reusing its id.
      if (stored) requireSameOrigin(sender, request.type, stored.target.source);
      return annotations.save(annotation, { keepModified: request.keepModified ?? false });
    }
    case 'annotations.delete': {
      const stored = sender.extensionPage ? undefined : await annotations.get(request.id);
      if (stored) requireSameOrigin(sender, request.type, stored.target.source);
      return { removed: await annotations.remove(request.id) };
    }
    case 'annotations.tags':
      return annotations.tags();
    case 'annotations.list':
      requireExtensionPage(sender, request.type);
      return annotations.list();
    case 'annotations.import': {
      requireExtensionPage(sender, request.type);
      const parsed = parseAnnotationImport(request.text);
      if ('error' in parsed) throw new ProtocolError('bad-request', parsed.error);
      return annotations.importAnnotations(parsed.annotations);
    }
    case 'annotations.open':
      requireExtensionPage(sender, request.type);
      return annotations.open(request.id);
  }
}

async function answer(request: Request, services: Services, sender: MessageSender): Promise<Response<RequestType>> {
  switch (request.type) {
    case 'page.setup':
      return services.pages.setup(request.url);
    case 'mentions.find':
      return services.pages.findMentions(request);
    case 'page.mentions':
      return services.pages.reportMentions(sender, request.count);
    case 'reader.open':
      return services.pages.openReader(sender, request);
    case 'annotations.forPage':
    case 'annotations.save':
    case 'annotations.delete':
    case 'annotations.tags':
    case 'annotations.list':
    case 'annotations.import':
    case 'annotations.open':
      return answerAnnotations(request, services.annotations, sender);
  }
  const { source, status } = await services.index.ready();
  switch (request.type) {
    case 'entity.passages':
      return passagesForEntity(source, request);
    case 'figure.passages':
      return passagesForFigure(source, request);
    case 'text.passages':
      return passagesForText(source, request);
    case 'document.get':
      return documentView(source, request.doc);
    case 'index.status':
      return status;
    case 'corpus.documents':
      return corpusDocuments(source, status.counts.documents);
  }
}

/** Turns any message into a reply; nothing a sender does makes the worker throw. */
export async function handleMessage(
  message: unknown,
  services: Services,
  sender: MessageSender = { extensionPage: false },
): Promise<Reply<unknown>> {
  try {
    return { ok: true, value: await answer(parseRequest(message), services, sender) };
  } catch (error) {
    if (error instanceof ProtocolError || error instanceof QueryError) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    console.error('Footnote: request failed', error);
    return { ok: false, error: { code: 'internal', message: messageOf(error) } };
  }
}

/** Answers the requests that come over one port (see port.ts), each as `handleMessage` would. */
export function servePort(port: RequestPort, services: Services, sender: MessageSender): void {
  port.onMessage.addListener((data) => {
    const { id, message } = (typeof data === 'object' && data !== null ? data : {}) as Partial<PortRequest>;
    if (typeof id !== 'number') return;
    void handleMessage(message, services, sender).then((reply) => {
      try {
        port.postMessage({ id, reply } satisfies PortReply);
      } catch {
        // The page went away while the query ran: nobody is waiting.
      }
    });
  });
}
