/**
 * Requests over one long-lived runtime port instead of one sendMessage each:
 * a sendMessage opens a channel to the worker, finds its listener and closes
 * the channel again for every request, which a card lookup pays on top of its
 * query. The protocol is the same (`Request` in, `Reply` out), with an id to
 * match replies to requests.
 */
import { ProtocolError, type Reply, type RequestMap, type RequestType, type Response } from './protocol';

export const REQUEST_PORT = 'footnote.requests';

export interface PortRequest {
  id: number;
  message: unknown;
}

export interface PortReply {
  id: number;
  reply: Reply<unknown>;
}

/** What the channel needs of a runtime port (Chrome's and Firefox's `runtime.Port`). */
export interface RequestPort {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface RequestChannel {
  send<K extends RequestType>(type: K, payload: RequestMap[K]['request']): Promise<Response<K>>;
}

interface Pending {
  message: unknown;
  resolve(reply: Reply<unknown>): void;
  reject(error: Error): void;
  /** Sent again on a new port once already: the worker went away twice while it waited. */
  resent: boolean;
}

/**
 * Sends requests over a port opened by `connect` on first use. The worker may
 * stop at any time (a port does not keep it alive): the port then disconnects,
 * the next request connects again (which wakes the worker), and requests that
 * were waiting are sent once more on the new port.
 */
export function createPortChannel(connect: () => RequestPort): RequestChannel {
  let port: RequestPort | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const open = (): RequestPort => {
    if (port) return port;
    const opened = connect();
    opened.onMessage.addListener((data) => {
      const { id, reply } = data as PortReply;
      const waiting = pending.get(id);
      if (!waiting) return;
      pending.delete(id);
      waiting.resolve(reply);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = undefined;
      const lost = [...pending.entries()];
      pending.clear();
      for (const [, waiting] of lost) {
        if (waiting.resent) waiting.reject(new ProtocolError('internal', 'the background worker did not answer'));
        else post({ ...waiting, resent: true });
      }
    });
    port = opened;
    return opened;
  };

  const post = (waiting: Pending): void => {
    const id = nextId++;
    pending.set(id, waiting);
    try {
      open().postMessage({ id, message: waiting.message } satisfies PortRequest);
    } catch (error) {
      // The extension was reloaded or removed: this page can no longer reach it.
      pending.delete(id);
      waiting.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return {
    async send(type, payload) {
      const reply = await new Promise<Reply<unknown>>((resolve, reject) =>
        post({ message: { type, ...payload }, resolve, reject, resent: false }),
      );
      if (!reply.ok) throw new ProtocolError(reply.error.code, reply.error.message);
      return reply.value as Response<typeof type>;
    },
  };
}
