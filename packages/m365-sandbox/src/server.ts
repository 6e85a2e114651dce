/**
 * HTTPS plumbing for the sandbox: TLS with the generated certificate, routing, body limits, the
 * request log, and Graph-style request ids. Routes are registered after the server listens
 * because their URLs embed the port that `listen(0)` picks.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import Router from 'find-my-way';
import type { RequestLogEntry, Route, RouteHandler, SandboxRequest, SandboxResponse } from './http-types.js';
import { contentIdsOf } from './response-ledger.js';
import type { SandboxTls } from './tls.js';

const MAX_BODY_BYTES = 64 * 1024;

export type SandboxServer = {
  port: number;
  setRoutes(routes: Route[], fallback: RouteHandler): void;
  requestLog(): RequestLogEntry[];
  close(): Promise<void>;
};

/** `users('abc')/mailFolders('inbox')` -> `users/abc/mailFolders/inbox`, as Graph accepts both. */
export function normalisePath(pathname: string): string {
  return pathname.replace(/([A-Za-z]+)\('([^']*)'\)/g, (_m, segment: string, key: string) => `${segment}/${key}`);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Sends the response; answers the bytes of its body. */
function write(res: ServerResponse, response: SandboxResponse, requestId: string): number {
  const headers: Record<string, string> = { 'request-id': requestId, ...response.headers };
  let payload = '';
  if (response.json !== undefined) {
    payload = JSON.stringify(response.json);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else if (response.text !== undefined) {
    payload = response.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  // A length, as Graph sends (mailfolder-delta.md's example shows Content-length), not chunked encoding.
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
  return Buffer.byteLength(payload);
}

export async function startSandboxServer(options: { tls: SandboxTls; port: number; clock: () => Date }): Promise<SandboxServer> {
  const router = Router({ ignoreTrailingSlash: true, caseSensitive: false });
  let fallback: RouteHandler = () => ({ status: 404, json: { error: 'not_found' } });
  const log: RequestLogEntry[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = normalisePath(url.pathname);
    const clientRequestId = typeof req.headers['client-request-id'] === 'string' ? req.headers['client-request-id'] : null;
    let response: SandboxResponse;
    const body = await readBody(req);
    if (body === null) {
      response = { status: 413, json: { error: 'request_too_large' } };
    } else {
      const found = router.find((req.method ?? 'GET') as 'GET', path);
      const request: SandboxRequest = {
        method: req.method ?? 'GET',
        path,
        url,
        params: Object.fromEntries(Object.entries(found?.params ?? {}).map(([k, v]) => [k, v ?? ''])),
        headers: req.headers,
        body,
        requestId,
        clientRequestId,
      };
      const handler = (found?.store as { handler?: RouteHandler } | undefined)?.handler ?? fallback;
      response = await handler(request);
    }
    if (clientRequestId) response.headers = { ...response.headers, 'client-request-id': clientRequestId };
    const bytes = write(res, response, requestId);
    log.push({
      method: req.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      status: response.status,
      time: options.clock().toISOString(),
      prefer: typeof req.headers.prefer === 'string' ? req.headers.prefer : null,
      authorization: typeof req.headers.authorization === 'string',
      bytes,
      contentOf: contentIdsOf(response.json),
      ...(response.members ? { members: response.members } : {}),
    });
  };

  const server: Server = createServer({ key: options.tls.keyPem, cert: options.tls.certPem }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) write(res, { status: 500, json: { error: { code: 'InternalServerError', message: 'Sandbox failure.' } } }, randomUUID());
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    setRoutes(routes, notFound) {
      router.reset();
      for (const route of routes) router.on(route.method, route.path, () => undefined, { handler: route.handler });
      fallback = notFound;
    },
    requestLog: () => log.map((entry) => ({ ...entry })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
