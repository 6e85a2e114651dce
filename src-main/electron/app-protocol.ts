/**
 * The renderer is served from a privileged custom scheme (app://correspondent/) rather than file://,
 * so it has a real, stable origin that IPC can check, and file:// stays off limits. The same
 * traversal-safe resolver and security headers as the headless console apply.
 */
import { readFile } from 'node:fs/promises';
import { resolveStaticFile } from '../server/static-files.js';
import { SECURITY_HEADERS } from '../server/security-headers.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'correspondent';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for protocol.registerSchemesAsPrivileged (before app ready). */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: false,
  corsEnabled: false,
  stream: false,
} as const;

/** The handler for protocol.handle(APP_SCHEME, ...): GET only, our host only, files under staticDir only. */
export function createAppProtocolHandler(staticDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.host !== APP_HOST) return notFound();
    const file = await resolveStaticFile(staticDir, url.pathname);
    if (!file) return notFound();
    const body = await readFile(file.filePath);
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType } });
  };
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
