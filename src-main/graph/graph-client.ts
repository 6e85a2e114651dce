/**
 * The Microsoft Graph SDK client, pointed at a cloud (or the sandbox) like a national cloud.
 * Two things make non-global hosts work: the host goes into `customHosts` (the SDK deletes the
 * Authorization header for hosts it does not know), and requests go out through our undici
 * dispatcher (proxy, extra CA) instead of the global fetch the SDK would otherwise call.
 */
import { AuthenticationHandler, Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { fetch as undiciFetch, Response as UndiciResponse, type Dispatcher } from 'undici';
import type { AccessTokenProvider } from '../auth/app-token-provider.js';

/**
 * Bytes received from Graph (response bodies as they came off the wire, after any content
 * decoding): the health page's per-cycle figure and the bench's bytes per 1,000 messages.
 */
export type ByteMeter = { add(bytes: number): void; total(): number };

export function createByteMeter(): ByteMeter {
  let total = 0;
  return { add: (bytes) => void (total += bytes), total: () => total };
}

/** Default time-out of one Graph request, headers and body together. */
export const DEFAULT_GRAPH_REQUEST_TIMEOUT_MS = 60_000;

/**
 * The last middleware: sends the request with undici and our dispatcher. Each request carries a
 * time-out signal covering the headers and the body (the SDK reads the body after this returns),
 * so a response held open by a stuck server or proxy is aborted and retried (graph-request.ts).
 */
class UndiciFetchHandler implements Middleware {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly timeoutMs: number,
    private readonly meter: ByteMeter | null,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const init = (context.options ?? {}) as Record<string, unknown>;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = init['signal'] instanceof AbortSignal ? AbortSignal.any([init['signal'], timeout]) : timeout;
    const response = await undiciFetch(url, { ...init, signal, dispatcher: this.dispatcher } as Parameters<typeof undiciFetch>[1]);
    if (!this.meter) {
      context.response = response as unknown as Response;
      return;
    }
    // Read here (still under the time-out) to count it; the SDK reads the copy.
    const body = await response.arrayBuffer();
    this.meter.add(body.byteLength);
    const copy = new UndiciResponse(body.byteLength === 0 ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
    context.response = copy as unknown as Response;
  }
}

export type GraphClientOptions = {
  graphBaseUrl: string;
  tokens: AccessTokenProvider;
  dispatcher: Dispatcher;
  /** A request (headers and body) taking longer is aborted (default 60 s). */
  requestTimeoutMs?: number;
  /** Counts the bytes of every response body. */
  meter?: ByteMeter;
};

export function createGraphClient(options: GraphClientOptions): Client {
  const base = new URL(options.graphBaseUrl);
  const auth = new AuthenticationHandler({ getAccessToken: () => options.tokens.getAccessToken() });
  const fetcher = new UndiciFetchHandler(options.dispatcher, options.requestTimeoutMs ?? DEFAULT_GRAPH_REQUEST_TIMEOUT_MS, options.meter ?? null);
  auth.setNext(fetcher);
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: base.origin,
    defaultVersion: base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0',
    // The SDK compares host names without the port.
    customHosts: new Set([base.hostname]),
  });
}
