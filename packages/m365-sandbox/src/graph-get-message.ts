/**
 * GET /users/{id}/messages/{message-id} (graph "Get message"): one message by its REST id or, with
 * `Prefer: IdType="ImmutableId"`, its immutable id, whatever folder it is in now; $select and the
 * body-type preference as on delta, and `$expand=singleValueExtendedProperties(...)` as on list and
 * delta requests. 404 ErrorItemNotFound for a message that no longer exists.
 */
import { isResponse, parsePrefer, parseSelect, requireBearer, resolveMailbox, versionBase } from './graph-common.js';
import { parseExpand } from './graph-expand.js';
import { graphError, graphJson } from './graph-responses.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import { MESSAGE_FIELDS, projectMessage } from './message-projection.js';
import type { SandboxContext } from './sandbox-context.js';

function getMessage(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const target = resolveMailbox(context, request);
  if (isResponse(target)) return target;
  const select = parseSelect(context, request, MESSAGE_FIELDS, 'microsoft.graph.message');
  if (isResponse(select)) return select;
  const expand = parseExpand(context, request);
  if (isResponse(expand)) return expand;
  const record = target.mailbox.findMessage(request.params['message'] ?? '');
  if (!record) return graphError(context, request, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const prefs = parsePrefer(request);
  return graphJson({
    '@odata.context': `${versionBase(context, request)}/$metadata#users('${target.user.graphId}')/messages/$entity`,
    ...projectMessage(record, { select, expand, bodyType: prefs.bodyType, immutableIds: prefs.immutableIds }),
  });
}

export function graphGetMessageRoutes(context: SandboxContext): Route[] {
  return [{ method: 'GET', path: '/v1.0/users/:user/messages/:message', handler: requireBearer(context, (r) => getMessage(context, r)) }];
}
