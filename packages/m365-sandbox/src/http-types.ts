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
  /** A `$batch` answer's members, for the request log (never sent). */
  members?: BatchMemberLog[];
};

/** One member of a `$batch` as the request log keeps it: no content, its size and whose content it carried. */
export type BatchMemberLog = { id: string; method: string; path: string; status: number; bytes: number; contentOf: string[] };

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
  /** Bytes of the response body sent (for a `$batch`, the whole batch answer). */
  bytes: number;
  /** Ids of the messages whose body or header block this answer carried (response-ledger.ts). */
  contentOf: string[];
  /** For a `$batch`: each member request, counted on its own as Graph's throttling counts them. */
  members?: BatchMemberLog[];
};

export function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
