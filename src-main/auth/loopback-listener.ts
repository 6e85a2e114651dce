/**
 * The loopback redirect listener for consent and sign-in in the system browser. msal-node's own
 * loopback client checks no `state` and never times out, so a closed browser would hang the
 * app; this one listens on loopback only (127.0.0.1 and ::1, one random port: loopback-bind.ts),
 * redirects to `http://localhost:{port}/` - Entra matches redirect URIs as strings and ignores the
 * port only for `localhost`, so the registration needs `http://localhost` once - accepts exactly
 * one response carrying the expected `state`, answers the browser with a page that says plainly
 * what happened, and closes after that response, a time-out or cancellation - whichever comes
 * first. A request naming another host (DNS rebinding from a web page) is refused.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bindLoopback } from './loopback-bind.js';

export type LoopbackOutcome = { kind: 'response'; params: URLSearchParams } | { kind: 'timeout' } | { kind: 'cancelled' };

/** What the browser is told for a response: the caller decides from the parameters. */
export type LoopbackPage = { ok: boolean; title: string; message: string };

export type LoopbackOptions = {
  state: string;
  timeoutMs: number;
  describe(params: URLSearchParams): LoopbackPage;
  signal?: AbortSignal;
};

export interface LoopbackListener {
  /** http://localhost:PORT/ - matches the registered http://localhost whatever the port. */
  readonly redirectUri: string;
  readonly outcome: Promise<LoopbackOutcome>;
  close(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sendPage(res: ServerResponse, status: number, page: LoopbackPage): void {
  const colour = page.ok ? '#107c10' : '#a4262c';
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Correspondent - ${escapeHtml(page.title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto"><h1 style="color:${colour}">${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p><p>You can close this browser tab and return to Correspondent.</p></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  res.end(body);
}

function sameState(expected: string, actual: string | null): boolean {
  if (actual === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
  let settle: (outcome: LoopbackOutcome) => void = () => undefined;
  const outcome = new Promise<LoopbackOutcome>((resolve) => (settle = resolve));
  let done = false;

  let hosts = new Set<string>();
  const binding = await bindLoopback((req: IncomingMessage, res: ServerResponse) => {
    if (!hosts.has((req.headers.host ?? '').toLowerCase())) {
      res.writeHead(421, { 'content-type': 'text/plain', connection: 'close' }).end('Misdirected request');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain', connection: 'close' }).end('Not found');
      return;
    }
    if (done) {
      sendPage(res, 410, { ok: false, title: 'Already finished', message: 'This sign-in or consent request has already been completed or cancelled.' });
      return;
    }
    if (!sameState(options.state, url.searchParams.get('state'))) {
      // Not our request (or a forged one): refuse it, keep waiting for the real one.
      sendPage(res, 400, { ok: false, title: 'Unexpected response', message: 'This response does not belong to the request in progress and was ignored.' });
      return;
    }
    done = true;
    sendPage(res, 200, options.describe(url.searchParams));
    res.once('finish', () => finish({ kind: 'response', params: url.searchParams }));
  });

  const { port, servers } = binding;
  hosts = new Set([`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);

  const closeServer = () =>
    Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    ).then(() => undefined);

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => (closing ??= closeServer());

  const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
  timer.unref();
  const onAbort = () => finish({ kind: 'cancelled' });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  function finish(result: LoopbackOutcome): void {
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    void close().then(() => settle(result));
  }

  return { redirectUri: `http://localhost:${port}/`, outcome, close };
}
