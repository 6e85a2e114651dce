import type { ServerResponse } from 'node:http';
import { AppError, type AppErrorCode, type Result } from '../../src-shared/errors.js';
import { SECURITY_HEADERS } from './security-headers.js';

export function sendJson(res: ServerResponse, status: number, body: Result<unknown>, extraHeaders: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extraHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
  });
  res.end(payload);
}

/** A refused request: an HTTP status plus the whitelisted error shape. */
export class HttpRefusal extends AppError {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(status: number, code: AppErrorCode, message: string, headers: Record<string, string> = {}) {
    super(code, message);
    this.status = status;
    this.headers = headers;
  }
}

export function sendRefusal(res: ServerResponse, refusal: HttpRefusal): void {
  sendJson(res, refusal.status, { ok: false, error: refusal.toShape() }, refusal.headers);
}
