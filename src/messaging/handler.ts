import { corpusDocuments } from '../core/query/corpus-documents';
import { documentView } from '../core/query/document-view';
import { QueryError, passagesForEntity, passagesForFigure, passagesForText } from '../core/query/queries';
import type { IndexSource } from '../core/query/source';
import {
  ProtocolError,
  parseRequest,
  type IndexStatus,
  type PageSetup,
  type Reply,
  type Request,
  type RequestType,
  type Response,
} from './protocol';

export interface QueryBackend {
  /** Resolves once the index is in place; rejects with ProtocolError('not-ready') if it cannot be. */
  ready(): Promise<{ source: IndexSource; status: IndexStatus }>;
}

export interface PageBackend {
  setup(url: string): Promise<PageSetup>;
  /** Records one frame's mention count and returns the tab's total. */
  reportMentions(sender: MessageSender, count: number): Promise<{ total: number }>;
  openReader(sender: MessageSender, target: { doc: number; passage?: number }): Promise<{ opened: boolean }>;
}

export interface Services {
  index: QueryBackend;
  pages: PageBackend;
}

/** Who sent a message, as the browser tells the worker (never as the message claims). */
export interface MessageSender {
  tabId?: number;
  frameId?: number;
}

async function answer(request: Request, services: Services, sender: MessageSender): Promise<Response<RequestType>> {
  switch (request.type) {
    case 'page.setup':
      return services.pages.setup(request.url);
    case 'page.mentions':
      return services.pages.reportMentions(sender, request.count);
    case 'reader.open':
      return services.pages.openReader(sender, request);
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
  sender: MessageSender = {},
): Promise<Reply<unknown>> {
  try {
    return { ok: true, value: await answer(parseRequest(message), services, sender) };
  } catch (error) {
    if (error instanceof ProtocolError || error instanceof QueryError) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    console.error('Footnote: request failed', error);
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}
