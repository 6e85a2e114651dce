/**
 * What Graph lets a valid token do, decided outside the Graph handlers so they need not know about
 * permissions. App-only tokens: a directory read needs one of its application permissions in the
 * token's `roles` (else 403 Authorization_RequestDenied "Insufficient privileges to complete the
 * operation."); mail needs Mail.Read (or Mail.ReadWrite) from Entra - narrowed by an application
 * access policy - or an Exchange RBAC for Applications role whose scope holds the mailbox
 * (exchange-access-scope.ts), else 403 ErrorAccessDenied. A permission the admin has since removed
 * is refused even in a token minted before, so that revoking consent shows at once. Delegated
 * tokens pass while the delegated consent stands. Requests without a valid token fall through
 * to their handler's own 401.
 */
import { graphError } from './graph-responses.js';
import { header, type Route, type RouteHandler, type SandboxRequest, type SandboxResponse } from './http-types.js';
import type { SandboxContext } from './sandbox-context.js';

/** Application permissions that allow each kind of read (least privileged first). */
const DIRECTORY_USERS = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const DIRECTORY_DOMAINS = ['Domain.Read.All', 'Domain.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const MAIL = ['Mail.Read', 'Mail.ReadWrite'];
/** Groups and their (transitive) members: graph group-list, group-list-transitivemembers. */
const DIRECTORY_GROUPS = ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

const ACCESS_DENIED = 'Access is denied. Check credentials and try again.';
const ODATA_DISABLED = 'Access to OData is disabled.';

type Need = { kind: 'directory'; roles: string[] } | { kind: 'mail'; userRef: string } | { kind: 'none' };

function needOf(request: SandboxRequest): Need {
  const path = request.path.replace(/\/+$/, '');
  if (/^\/v1\.0\/domains$/i.test(path)) return { kind: 'directory', roles: DIRECTORY_DOMAINS };
  if (/^\/v1\.0\/groups(\/[^/]+\/transitiveMembers)?$/i.test(path)) return { kind: 'directory', roles: DIRECTORY_GROUPS };
  // settings/exchange (the online archive's id) needs User.Read.All (graph/archive-mailbox-mail-api).
  if (/^\/(v1\.0|beta)\/users(\/[^/]+)?(\/settings\/exchange)?$/i.test(path)) return { kind: 'directory', roles: DIRECTORY_USERS };
  const mailbox = /^\/(?:v1\.0|beta)\/users\/([^/]+)\/(mailFolders|messages)(\/|$)/i.exec(path);
  return mailbox?.[1] ? { kind: 'mail', userRef: decodeURIComponent(mailbox[1]) } : { kind: 'none' };
}

async function refusal(context: SandboxContext, request: SandboxRequest, need: Need): Promise<SandboxResponse | null> {
  if (need.kind === 'none') return null;
  const token = header(request, 'authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const check = token ? await context.tokens.verify(token) : null;
  if (!check?.ok) return null;
  const standing = context.entra.consentState();
  if (check.kind === 'user') {
    return standing.delegated ? null : refuse(context, request, need, ACCESS_DENIED);
  }
  // A role counts when the token carries it and the tenant still grants it.
  const holds = (roles: string[]) => roles.some((role) => check.roles.includes(role) && standing.roles.includes(role));
  if (need.kind === 'directory') return holds(need.roles) ? null : refuse(context, request, need, ACCESS_DENIED);
  // An online archive is scoped with its owner's mailbox.
  const user = context.state.findUser(need.userRef) ?? context.state.archiveByRef(need.userRef)?.user;
  if (!user) return null; // the handler's own 404
  const decision = context.accessScope.decide(user.graphId, holds(MAIL));
  if (decision === 'allowed') return null;
  return refuse(context, request, need, decision === 'policy-denied' ? ODATA_DISABLED : ACCESS_DENIED);
}

function refuse(context: SandboxContext, request: SandboxRequest, need: Need, mailMessage: string): SandboxResponse {
  return need.kind === 'directory'
    ? graphError(context, request, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')
    : graphError(context, request, 403, 'ErrorAccessDenied', mailMessage);
}

function gate(context: SandboxContext, handler: RouteHandler): RouteHandler {
  return async (request) => (await refusal(context, request, needOf(request))) ?? handler(request);
}

/** The routes with Graph ones (`/v1.0/...`, `/beta/...`) behind the authorization gate. */
export function withGraphAuthorization(context: SandboxContext, routes: Route[]): Route[] {
  const isGraph = (path: string) => path.toLowerCase().startsWith('/v1.0/') || path.toLowerCase().startsWith('/beta/');
  return routes.map((route) => (isGraph(route.path) ? { ...route, handler: gate(context, route.handler) } : route));
}
