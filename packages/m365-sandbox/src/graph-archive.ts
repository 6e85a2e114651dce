/**
 * The online archive (In-Place Archive) as Graph serves it - beta only: Graph v1.0 "does not
 * support accessing in-place archive mailboxes" (mail-api-overview). The beta guide
 * (graph/archive-mailbox-mail-api) discovers it with `GET /beta/users/{id}/settings/exchange`
 * (`inPlaceArchiveMailboxId`, `MBX:<guid>@<tenant>`; User.Read.All) and reads it "like a mailbox"
 * under /beta/users/{archive id}/mailFolders...: the v1.0 mailbox routes are served again under
 * /beta, and resolveMailbox (graph-common.ts) maps the archive id to the archive mailbox.
 */
import { requireBearer } from './graph-common.js';
import { graphError, graphJson } from './graph-responses.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import type { SandboxContext } from './sandbox-context.js';

function exchangeSettings(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const ref = request.params['user'] ?? '';
  const user = context.state.findUser(ref);
  if (!user) return graphError(context, request, 404, 'Request_ResourceNotFound', `Resource '${ref}' does not exist or one of its queried reference-property objects are not present.`);
  if (!user.hasMailbox) return graphError(context, request, 404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  return graphJson({
    '@odata.context': `${context.baseUrl}/beta/$metadata#users('${user.graphId}')/settings/exchange/$entity`,
    id: user.graphId,
    primaryMailboxId: `MBX:${user.graphId}@${context.tenantId}`,
    inPlaceArchiveMailboxId: context.state.archiveRefOf(user),
  });
}

/** The mailbox routes again under /beta (for archive ids and user ids alike), and settings/exchange. */
export function graphArchiveRoutes(context: SandboxContext, mailboxRoutes: readonly Route[]): Route[] {
  const beta = mailboxRoutes.filter((r) => r.path.startsWith('/v1.0/users/:user/')).map((r) => ({ ...r, path: r.path.replace(/^\/v1\.0\//, '/beta/') }));
  return [...beta, { method: 'GET', path: '/beta/users/:user/settings/exchange', handler: requireBearer(context, (r) => exchangeSettings(context, r)) }];
}

