import { browser } from 'wxt/browser';
import { ProtocolError, type Reply, type RequestMap, type RequestType, type Response } from './protocol';

/** Sends a typed request to the worker; resolves with its value or rejects with its error. */
export async function sendRequest<K extends RequestType>(
  type: K,
  payload: RequestMap[K]['request'],
): Promise<Response<K>> {
  const reply = (await browser.runtime.sendMessage({ type, ...payload })) as Reply<Response<K>> | undefined;
  if (!reply) throw new ProtocolError('internal', 'the background worker did not answer');
  if (!reply.ok) throw new ProtocolError(reply.error.code, reply.error.message);
  return reply.value;
}
