/**
 * GET /users and /users/{id | userPrincipalName} (graph doc 5.1): default page 100, $top at most
 * 999, no $skip, $skiptoken nextLinks, $select projection. Users without a mailbox are listed
 * with `mail: null`, as in Entra.
 */
import { z } from 'zod';
import { isResponse, parseSelect, parseTop, requireBearer } from './graph-common.js';
import { graphError, graphJson } from './graph-responses.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import type { SandboxContext } from './sandbox-context.js';
import type { SeedUser } from './tenant-seed.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
const DEFAULT_FIELDS = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];
const USER_FIELDS = new Set([...DEFAULT_FIELDS, 'accountEnabled', 'userType', 'mailNickname', 'proxyAddresses', 'createdDateTime']);

const usersTokenSchema = z.object({ k: z.literal('users'), o: z.number().int().min(0), t: z.number().int(), s: z.array(z.string()).nullable() });

function userResource(user: SeedUser): Record<string, unknown> {
  return {
    id: user.graphId,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.hasMailbox ? user.address : null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    surname: user.surname,
    userPrincipalName: user.address,
    accountEnabled: true,
    userType: 'Member',
    mailNickname: user.address.split('@')[0],
    proxyAddresses: user.hasMailbox ? [`SMTP:${user.address}`, ...(user.aliases ?? []).map((a) => `smtp:${a}`)] : [],
    createdDateTime: '2024-01-15T09:00:00Z',
  };
}

function project(resource: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  const fields = select ?? DEFAULT_FIELDS;
  return Object.fromEntries(fields.map((f) => [f, resource[f] ?? null]));
}

function contextUrl(context: SandboxContext, select: string[] | null): string {
  return `${context.graphBaseUrl}/$metadata#users${select ? `(${select.join(',')})` : ''}`;
}

function listUsers(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const params = request.url.searchParams;
  if (params.has('$skip')) return graphError(context, request, 400, 'Request_UnsupportedQuery', "The query parameter '$skip' is not supported.");
  let offset = 0;
  let top: number;
  let select: string[] | null;
  const skipToken = params.get('$skiptoken');
  if (skipToken !== null) {
    const state = context.stateTokens.decode(skipToken, usersTokenSchema);
    if (!state) return graphError(context, request, 400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
    ({ o: offset, t: top, s: select } = state);
  } else {
    const parsedTop = parseTop(context, request, MAX_PAGE, 'Request_UnsupportedQuery');
    if (isResponse(parsedTop)) return parsedTop;
    const parsedSelect = parseSelect(context, request, USER_FIELDS, 'microsoft.graph.user');
    if (isResponse(parsedSelect)) return parsedSelect;
    const filter = params.get('$filter');
    if (filter !== null && !/^\s*accountEnabled\s+eq\s+true\s*$/i.test(filter)) {
      return graphError(context, request, 400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
    }
    top = parsedTop ?? DEFAULT_PAGE;
    select = parsedSelect;
  }
  const page = context.state.users.slice(offset, offset + top);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(context, select) };
  if (offset + top < context.state.users.length) {
    const token = context.stateTokens.encode({ k: 'users', o: offset + top, t: top, s: select });
    body['@odata.nextLink'] = `${context.graphBaseUrl}/users?$top=${top}${select ? `&$select=${select.join(',')}` : ''}&$skiptoken=${token}`;
  }
  body['value'] = page.map((u) => project(userResource(u), select));
  return graphJson(body);
}

function getUser(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const ref = request.params['user'] ?? '';
  const user = context.state.findUser(ref);
  if (!user) {
    return graphError(context, request, 404, 'Request_ResourceNotFound', `Resource '${ref}' does not exist or one of its queried reference-property objects are not present.`);
  }
  const select = parseSelect(context, request, USER_FIELDS, 'microsoft.graph.user');
  if (isResponse(select)) return select;
  return graphJson({ '@odata.context': `${contextUrl(context, select)}/$entity`, ...project(userResource(user), select) });
}

export function graphUserRoutes(context: SandboxContext): Route[] {
  return [
    { method: 'GET', path: '/v1.0/users', handler: requireBearer(context, (r) => listUsers(context, r)) },
    { method: 'GET', path: '/v1.0/users/:user', handler: requireBearer(context, (r) => getUser(context, r)) },
  ];
}
