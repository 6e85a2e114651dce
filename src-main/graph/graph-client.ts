/**
 * The Microsoft Graph SDK client, pointed at a cloud (or the sandbox) like a national cloud.
 * Two things make non-global hosts work: the host goes into `customHosts` (the SDK deletes the
 * Authorization header for hosts it does not know), and requests go out through our undici
 * dispatcher (proxy, extra CA) instead of the global fetch the SDK would otherwise call.
 */
import { AuthenticationHandler, Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import type { AccessTokenProvider } from '../auth/app-token-provider.js';

/** The last middleware: sends the request with undici and our dispatcher. */
class UndiciFetchHandler implements Middleware {
  constructor(private readonly dispatcher: Dispatcher) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const init = (context.options ?? {}) as Record<string, unknown>;
    const response = await undiciFetch(url, { ...init, dispatcher: this.dispatcher } as Parameters<typeof undiciFetch>[1]);
    context.response = response as unknown as Response;
  }
}

export type GraphClientOptions = {
  graphBaseUrl: string;
  tokens: AccessTokenProvider;
  dispatcher: Dispatcher;
};

export function createGraphClient(options: GraphClientOptions): Client {
  const base = new URL(options.graphBaseUrl);
  const auth = new AuthenticationHandler({ getAccessToken: () => options.tokens.getAccessToken() });
  const fetcher = new UndiciFetchHandler(options.dispatcher);
  auth.setNext(fetcher);
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: base.origin,
    defaultVersion: base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0',
    // The SDK compares host names without the port.
    customHosts: new Set([base.hostname]),
  });
}
