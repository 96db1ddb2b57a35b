import { QueryError, passagesForEntity, passagesForFigure, passagesForText } from '../core/query/queries';
import type { IndexSource } from '../core/query/source';
import { ProtocolError, parseRequest, type IndexStatus, type Reply, type Request, type RequestType, type Response } from './protocol';

export interface QueryBackend {
  /** Resolves once the index is in place; rejects with ProtocolError('not-ready') if it cannot be. */
  ready(): Promise<{ source: IndexSource; status: IndexStatus }>;
}

async function answer(request: Request, backend: QueryBackend): Promise<Response<RequestType>> {
  const { source, status } = await backend.ready();
  switch (request.type) {
    case 'entity.passages':
      return passagesForEntity(source, request);
    case 'figure.passages':
      return passagesForFigure(source, request);
    case 'text.passages':
      return passagesForText(source, request);
    case 'index.status':
      return status;
  }
}

/** Turns any message into a reply; nothing a sender does makes the worker throw. */
export async function handleMessage(message: unknown, backend: QueryBackend): Promise<Reply<unknown>> {
  try {
    return { ok: true, value: await answer(parseRequest(message), backend) };
  } catch (error) {
    if (error instanceof ProtocolError || error instanceof QueryError) {
      return { ok: false, error: { code: error.code, message: error.message } };
    }
    console.error('Footnote: request failed', error);
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}
