/**
 * HTTPS plumbing shared by the CRM simulators: TLS, routing (find-my-way), request bodies, and a
 * count of served requests (the benchmarks report requests per refresh). Handlers are plain
 * functions from a parsed request to a response, so each API is testable without sockets.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import Router from 'find-my-way';
import type { SimulatorTls } from './tls.js';

const MAX_BODY_BYTES = 1024 * 1024;

export type SimRequest = { method: string; url: URL; params: Record<string, string>; headers: IncomingHttpHeaders; body: string };
export type SimResponse = { status: number; headers?: Record<string, string>; json?: unknown };
export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;
export type SimRoute = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; handler: SimHandler };

export type SimServer = {
  readonly baseUrl: string;
  /** Requests served since start (any status). */
  requests(): number;
  close(): Promise<void>;
};

export function headerOf(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
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

function write(res: ServerResponse, response: SimResponse): void {
  const payload = response.json === undefined ? '' : JSON.stringify(response.json);
  const headers: Record<string, string> = { ...response.headers, 'content-length': String(Buffer.byteLength(payload)) };
  if (response.json !== undefined) headers['content-type'] ??= 'application/json;charset=UTF-8';
  res.writeHead(response.status, headers);
  res.end(payload);
}

export async function startSimServer(tls: SimulatorTls, routes: SimRoute[], notFound: SimHandler): Promise<SimServer> {
  const router = Router({ ignoreTrailingSlash: true, caseSensitive: true });
  for (const route of routes) router.on(route.method, route.path, () => undefined, { handler: route.handler });
  let served = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    served += 1;
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const body = await readBody(req);
    if (body === null) return write(res, { status: 413, json: [{ errorCode: 'REQUEST_TOO_LARGE', message: 'Request body too large.' }] });
    const found = router.find((req.method ?? 'GET') as 'GET', url.pathname);
    const handler = (found?.store as { handler?: SimHandler } | undefined)?.handler ?? notFound;
    const params = Object.fromEntries(Object.entries(found?.params ?? {}).map(([k, v]) => [k, v ?? '']));
    write(res, await handler({ method: req.method ?? 'GET', url, params, headers: req.headers, body }));
  };
  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) write(res, { status: 500, json: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'Simulator failure.' }] });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    requests: () => served,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
