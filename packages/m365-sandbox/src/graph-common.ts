/**
 * What every Graph endpoint shares: bearer-token validation with
 * the 401 + WWW-Authenticate Graph sends, user and mailbox resolution (doc 5.3), and parsing of
 * the Prefer header and $select.
 */
import { header, type RouteHandler, type SandboxRequest, type SandboxResponse } from './http-types.js';
import type { Mailbox } from './mailbox.js';
import type { SandboxContext } from './sandbox-context.js';
import type { SeedUser } from './tenant-seed.js';
import { graphError } from './graph-responses.js';

/** Wraps a Graph handler: without a valid bearer token the request never reaches it. */
export function requireBearer(context: SandboxContext, handler: RouteHandler): RouteHandler {
  return async (request) => {
    const challenge = {
      'www-authenticate': `Bearer realm="", authorization_uri="${context.baseUrl}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    };
    const match = header(request, 'authorization')?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match?.[1]) return graphError(context, request, 401, 'InvalidAuthenticationToken', 'Access token is empty.', challenge);
    const check = await context.tokens.verify(match[1]);
    if (!check.ok) {
      const message = check.reason === 'expired' ? 'Access token has expired or is not yet valid.' : 'Access token validation failure. Invalid signature or audience.';
      return graphError(context, request, 401, 'InvalidAuthenticationToken', message, challenge);
    }
    return context.traffic.run(request, handler);
  };
}

export type MailboxTarget = { user: SeedUser; mailbox: Mailbox };

/** The Graph version root a request came in under (links it answers with stay under it). */
export function versionBase(context: Pick<SandboxContext, 'baseUrl' | 'graphBaseUrl'>, request: SandboxRequest): string {
  return request.path.toLowerCase().startsWith('/beta/') ? `${context.baseUrl}/beta` : context.graphBaseUrl;
}

/**
 * The user named in the path and their mailbox, or the 404 Graph gives. An online archive is
 * addressed by its own id (`MBX:<guid>@<tenant>`, from settings/exchange) under /beta: its target
 * is the archive mailbox, with the archive id where the user's id would go in links and tokens.
 */
export function resolveMailbox(context: SandboxContext, request: SandboxRequest): MailboxTarget | SandboxResponse {
  const ref = request.params['user'] ?? '';
  const archive = context.state.archiveByRef(ref);
  if (archive) {
    if (!request.path.toLowerCase().startsWith('/beta/')) {
      return graphError(context, request, 404, 'ErrorInvalidUser', `The requested user '${ref}' is invalid.`);
    }
    return { user: { ...archive.user, graphId: archive.ref }, mailbox: archive.mailbox };
  }
  const user = context.state.findUser(ref);
  if (!user) {
    return graphError(context, request, 404, 'Request_ResourceNotFound', `Resource '${ref}' does not exist or one of its queried reference-property objects are not present.`);
  }
  const unlicensed = context.state.unlicensedAnswer(user);
  if (unlicensed === 'ErrorInvalidUser') {
    return graphError(context, request, 404, 'ErrorInvalidUser', `The requested user '${ref}' is invalid.`);
  }
  if (unlicensed === 'AuthenticationError') {
    return graphError(context, request, 401, 'AuthenticationError', 'Error authenticating with resource');
  }
  const mailbox = context.state.mailboxOf(user);
  if (!mailbox) {
    return graphError(context, request, 404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  }
  return { user, mailbox };
}

export function isResponse(value: unknown): value is SandboxResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as { status: unknown }).status === 'number';
}

export type Preferences = {
  maxPageSize: number | null;
  bodyType: 'html' | 'text' | null;
  immutableIds: boolean;
};

/** Parses `Prefer` (several preferences, comma-separated; case-insensitive names). */
export function parsePrefer(request: SandboxRequest): Preferences {
  const result: Preferences = { maxPageSize: null, bodyType: null, immutableIds: false };
  for (const part of (header(request, 'prefer') ?? '').split(',')) {
    const [rawName, rawValue] = part.split('=');
    const name = rawName?.trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"|"$/g, '');
    if (!name || value === undefined) continue;
    if (name === 'odata.maxpagesize' && /^\d+$/.test(value) && Number(value) > 0) result.maxPageSize = Number(value);
    if (name === 'outlook.body-content-type' && (value.toLowerCase() === 'text' || value.toLowerCase() === 'html')) {
      result.bodyType = value.toLowerCase() as 'text' | 'html';
    }
    if (name === 'idtype' && value.toLowerCase() === 'immutableid') result.immutableIds = true;
  }
  return result;
}

/** `$select` as a list, or the 400 Graph gives for a property the type does not have. */
export function parseSelect(context: SandboxContext, request: SandboxRequest, known: ReadonlySet<string>, typeName: string): string[] | null | SandboxResponse {
  const raw = request.url.searchParams.get('$select');
  if (raw === null || raw.trim() === '') return null;
  const fields = raw.split(',').map((f) => f.trim()).filter(Boolean);
  const lowerKnown = new Map([...known].map((k) => [k.toLowerCase(), k]));
  const out: string[] = [];
  for (const field of fields) {
    const canonical = lowerKnown.get(field.toLowerCase());
    if (!canonical) {
      return graphError(context, request, 400, 'RequestBroker--ParseUri', `Could not find a property named '${field}' on type '${typeName}'.`);
    }
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

/** `$top` within [1, max], or null when absent; a 400 response when out of range. */
export function parseTop(context: SandboxContext, request: SandboxRequest, max: number, code: string): number | null | SandboxResponse {
  const raw = request.url.searchParams.get('$top');
  if (raw === null) return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    return graphError(context, request, 400, code, `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`);
  }
  return value;
}
