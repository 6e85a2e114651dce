/**
 * Who may talk to the headless console. It listens on loopback, but any local process and any web
 * page in a local browser can reach loopback: the Host check defeats DNS rebinding, the Origin check
 * defeats cross-site requests, and the session token proves the caller was handed the console URL.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpRefusal } from './http-response.js';

export const SESSION_TOKEN_BYTES = 32;

export function createSessionToken(): string {
  return randomBytes(SESSION_TOKEN_BYTES).toString('base64url');
}

export type RequestGuard = {
  /** Refuses a request whose Host is not this console (403 forbidden). */
  checkHost(req: IncomingMessage): void;
  /** Refuses a request whose Origin, when present, is not this console (403 forbidden). */
  checkOrigin(req: IncomingMessage): void;
  /** Refuses a request without the session token (401 unauthorized). */
  checkToken(req: IncomingMessage): void;
};

export function createRequestGuard(options: { port: number; token: string }): RequestGuard {
  const hosts = new Set([`127.0.0.1:${options.port}`, `localhost:${options.port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  const expected = digest(options.token);

  return {
    checkHost(req) {
      const host = req.headers.host;
      if (host === undefined || !hosts.has(host.toLowerCase())) {
        throw new HttpRefusal(403, 'forbidden', 'This console answers only on its own loopback address.');
      }
    },
    checkOrigin(req) {
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin.toLowerCase())) {
        throw new HttpRefusal(403, 'forbidden', 'Requests from other origins are refused.');
      }
    },
    checkToken(req) {
      const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? '');
      if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
        throw new HttpRefusal(401, 'unauthorized', 'Missing or wrong session token; open the console URL printed at start.', {
          'WWW-Authenticate': 'Bearer',
        });
      }
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
