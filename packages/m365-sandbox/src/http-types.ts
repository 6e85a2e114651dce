/**
 * The sandbox's own tiny request/response model. Handlers are functions from a parsed request to
 * a response value, so each endpoint group is testable without sockets and the HTTPS plumbing
 * (TLS, body reading, request log) lives in one place.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type SandboxRequest = {
  method: string;
  /** The path as routed: `Segment('x')` normalised to `Segment/x`, no query string. */
  path: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  requestId: string;
  clientRequestId: string | null;
};

export type SandboxResponse = {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
};

export type RouteHandler = (request: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse;

export type Route = { method: 'GET' | 'POST'; path: string; handler: RouteHandler };

/** One served request, without bodies: the log may be shown and must never hold mail content. */
export type RequestLogEntry = {
  method: string;
  /** Path and query string as requested. */
  path: string;
  status: number;
  /** ISO 8601. */
  time: string;
  /** The Prefer header, when sent (so tests can check it was resent on every page). */
  prefer: string | null;
  /** Whether an Authorization header was sent. */
  authorization: boolean;
};

export function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
