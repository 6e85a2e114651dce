/**
 * The headless console: the HTTP transport of the Api plus the renderer build, on 127.0.0.1 only.
 * `POST /api/<method>` runs `dispatchApiCall`, so this file adds transport rules (who may call,
 * how big, what JSON) and nothing about the calls themselves.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maxApiPayloadBytes, type ApiHandlers } from '../../src-shared/api.js';
import { dispatchApiCall } from '../../src-shared/api-dispatch.js';
import { runAsCaller } from '../app/caller.js';
import { HttpRefusal, sendJson, sendRefusal } from './http-response.js';
import { streamApiEvents, type ApiEventSource } from './event-stream.js';
import { logHandlerFailures } from './log-handler-failures.js';
import { readJsonBody } from './read-json-body.js';
import { DOWNLOAD_PATH_PREFIX, type DownloadStore } from './download-store.js';
import { createRequestGuard, createSessionToken, type RequestGuard } from './request-guard.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { resolveStaticFile } from './static-files.js';

/** Pino-compatible subset; the server logs refusals and failures, never bodies or the token. */
export interface ConsoleServerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export type ConsoleServerOptions = {
  handlers: ApiHandlers;
  /** The renderer build (dist/renderer). */
  staticDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  events?: ApiEventSource;
  logger?: ConsoleServerLogger;
  /** One-time downloads (audit exports) served at /api/downloads/<id>. */
  downloads?: Pick<DownloadStore, 'take' | 'discard'>;
};

export type ConsoleServer = {
  /** `http://127.0.0.1:PORT/?token=...`: the one URL to open. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  close(): Promise<void>;
};

const API_PREFIX = '/api/';
const EVENTS_PATH = '/api/events';

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const token = createSessionToken();
  const logger = options.logger;
  const handlers = logger ? logHandlerFailures(options.handlers, logger) : options.handlers;

  const server = createServer((req, res) => {
    const guard = createRequestGuard({ port: req.socket.localPort ?? 0, token });
    handle(req, res, guard).catch((error: unknown) => {
      if (error instanceof HttpRefusal) {
        logger?.warn({ method: req.method, path: pathOf(req), status: error.status, code: error.code }, 'console request refused');
        if (!res.headersSent) sendRefusal(res, error);
        return;
      }
      logger?.error({ method: req.method, path: pathOf(req), err: error }, 'console request failed');
      if (!res.headersSent) sendRefusal(res, new HttpRefusal(500, 'internal', 'An unexpected error occurred; see the application log.'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, guard: RequestGuard): Promise<void> {
    guard.checkHost(req);
    const pathname = pathOf(req);
    if (pathname === EVENTS_PATH) {
      guard.checkOrigin(req);
      if (req.method !== 'GET') throw methodNotAllowed('GET');
      guard.checkToken(req);
      streamApiEvents(req, res, options.events);
      return;
    }
    if (pathname.startsWith(DOWNLOAD_PATH_PREFIX)) {
      guard.checkOrigin(req);
      if (req.method !== 'GET') throw methodNotAllowed('GET');
      guard.checkToken(req);
      await serveDownload(res, pathname.slice(DOWNLOAD_PATH_PREFIX.length));
      return;
    }
    if (pathname.startsWith(API_PREFIX)) {
      guard.checkOrigin(req);
      if (req.method !== 'POST') throw methodNotAllowed('POST');
      guard.checkToken(req);
      const method = decodeMethod(pathname.slice(API_PREFIX.length));
      const input = await readJsonBody(req, maxApiPayloadBytes(method));
      // Every call from this transport is the web console's, for the audit log (app/caller.ts).
      sendJson(res, 200, await runAsCaller('web-console', () => dispatchApiCall(handlers, method, input)));
      return;
    }
    await serveStatic(req, res, pathname);
  }

  async function serveDownload(res: ServerResponse, id: string): Promise<void> {
    const download = /^[A-Za-z0-9_-]{1,100}$/.test(id) ? (options.downloads?.take(id) ?? null) : null;
    if (!download) throw new HttpRefusal(404, 'invalid-input', 'This download does not exist, was already fetched or has expired; export again.');
    try {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': download.contentType,
        'Content-Disposition': `attachment; filename="${download.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'Cache-Control': 'no-store',
      });
      await new Promise<void>((resolve, reject) => {
        createReadStream(download.filePath).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
      });
    } finally {
      await options.downloads?.discard(download);
    }
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed('GET, HEAD');
    const file = await resolveStaticFile(options.staticDir, pathname);
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.size,
      'Cache-Control': file.contentType.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(file.filePath).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  logger?.info({ origin }, 'console listening');

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

function decodeMethod(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function methodNotAllowed(allow: string): HttpRefusal {
  return new HttpRefusal(405, 'invalid-input', `HTTP method not allowed here; use ${allow}.`, { Allow: allow });
}
