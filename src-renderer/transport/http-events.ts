/**
 * Core events for the headless console: Server-Sent Events read with fetch (EventSource cannot send
 * the Authorization header, and the token must not go into a URL). Every event is parsed against
 * the contract; the stream reconnects after a pause when the server drops it.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { apiEventSchema, type ApiEvent } from '../../src-shared/api.js';

export type HttpEventsOptions = {
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  reconnectDelayMs?: number;
  /** Called with true once the stream is open and with false when it drops. */
  onConnectionChange?: (connected: boolean) => void;
};

export function subscribeHttpEvents(options: HttpEventsOptions, listener: (event: ApiEvent) => void): () => void {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const abort = new AbortController();
  const delay = options.reconnectDelayMs ?? 5000;

  const readOnce = async () => {
    const response = await doFetch(`${options.baseUrl}/api/events`, {
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
      credentials: 'omit',
      cache: 'no-store',
      signal: abort.signal,
    });
    if (!response.ok || !response.body) return;
    options.onConnectionChange?.(true);
    const messages = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    for await (const message of messages) {
      const parsed = apiEventSchema.safeParse(safeJson(message.data));
      if (parsed.success) listener(parsed.data);
    }
  };

  const loop = async () => {
    while (!abort.signal.aborted) {
      try {
        await readOnce();
      } catch {
        // dropped or refused: retried below
      }
      options.onConnectionChange?.(false);
      if (abort.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
  void loop();
  return () => abort.abort();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
