import type { RequestMap, RequestType, Response } from '../messaging/protocol';
import type { AnnotationsApi } from './api';

/** `sendRequest` of messaging/client.ts, passed in so this module needs no extension API. */
export type SendRequest = <K extends RequestType>(type: K, payload: RequestMap[K]['request']) => Promise<Response<K>>;

/** The page's API over the worker's messages; `watch` follows the worker's change signal. */
export function annotationsApi(send: SendRequest, watch: (onChange: () => void) => () => void): AnnotationsApi {
  return {
    list: () => send('annotations.list', {}),
    save: (annotation, options) =>
      send('annotations.save', { annotation, ...(options?.keepModified ? { keepModified: true } : {}) }),
    remove: async (id) => (await send('annotations.delete', { id })).removed,
    importText: (text) => send('annotations.import', { text }),
    open: (id) => send('annotations.open', { id }),
    watch,
  };
}
