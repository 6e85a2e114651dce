/**
 * HTTPS plumbing shared by the HubSpot and Dataverse simulators: TLS with a certificate the caller
 * brings (the Microsoft 365 sandbox's createSandboxTls, so tests and the demo trust one CA and this
 * package needs no X.509 library), routing, a body limit and a request counter. Vendor clients
 * refuse plain HTTP for bearer tokens, so the simulated CRMs speak real TLS like the real ones.
 * (Kept in hubspot/ because the two simulators were written together; it names neither vendor.)
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import Router from 'find-my-way';

const MAX_BODY_BYTES = 1024 * 1024;

export type SimulatorTls = { certPem: string; keyPem: string };

export type SimRequest = {
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
};

export type SimResponse = { status: number; headers?: Record<string, string>; json?: unknown };

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export type SimRoute = { method: 'GET' | 'POST'; path: string; handler: SimHandler };

export type SimulatorServer = {
  port: number;
  origin: string;
  /** Requests served so far (the bench's and tests' request count, independent of any client). */
  requestCount(): number;
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
  const headers: Record<string, string> = { ...response.headers };
  if (response.json !== undefined) headers['content-type'] ??= 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

/**
 * Starts the server; `routes` is called once the port is known (links embed the origin).
 * `guard` runs before every route (authentication, throttling) and may answer instead.
 */
export async function startSimulatorServer(options: {
  tls: SimulatorTls;
  port?: number;
  routes: (origin: string) => SimRoute[];
  guard?: (request: SimRequest) => SimResponse | null;
  decorate?: (request: SimRequest, response: SimResponse) => SimResponse;
  notFound: (request: SimRequest) => SimResponse;
}): Promise<SimulatorServer> {
  const router = Router({ ignoreTrailingSlash: true, caseSensitive: false });
  let served = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    served += 1;
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const body = await readBody(req);
    const found = router.find((req.method ?? 'GET') as 'GET', url.pathname);
    const request: SimRequest = {
      method: req.method ?? 'GET',
      url,
      params: Object.fromEntries(Object.entries(found?.params ?? {}).map(([k, v]) => [k, v ?? ''])),
      headers: req.headers,
      body: body ?? '',
    };
    let response: SimResponse;
    if (body === null) response = { status: 413, json: { message: 'Request body too large.' } };
    else {
      const handler = (found?.store as { handler?: SimHandler } | undefined)?.handler;
      response = options.guard?.(request) ?? (handler ? await handler(request) : options.notFound(request));
    }
    write(res, options.decorate ? options.decorate(request, response) : response);
  };
  const server: Server = createServer({ key: options.tls.keyPem, cert: options.tls.certPem }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) write(res, { status: 500, json: { message: 'Simulator failure.' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `https://127.0.0.1:${port}`;
  for (const route of options.routes(origin)) router.on(route.method, route.path, () => undefined, { handler: route.handler });
  return {
    port,
    origin,
    requestCount: () => served,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
