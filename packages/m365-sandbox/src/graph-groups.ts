/**
 * GET /groups and /groups/{id}/transitiveMembers (Graph v1.0 "List groups", "List group
 * transitive members"), as far as a client resolving a group's members needs them:
 * - /groups: `$filter` with `displayName eq '...'` and `mail eq '...'` joined by `or` (string
 *   literals with '' for a quote, compared case-insensitively as Entra does), `$select`, `$top`
 *   (1-999); any other filter is 400 Request_UnsupportedQuery.
 * - /groups/{id}/transitiveMembers: a flat list of every nested member - the nested groups
 *   themselves and the users they hold, each once, tagged with `@odata.type` - paged (default
 *   100, `$top` up to 999) through `$skiptoken` nextLinks; an unknown id is 404.
 */
import { z } from 'zod';
import type { SeedGroup } from './directory-groups.js';
import { isResponse, parseSelect, parseTop, requireBearer } from './graph-common.js';
import { graphError, graphJson } from './graph-responses.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import type { SandboxContext } from './sandbox-context.js';
import type { SeedUser } from './tenant-seed.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;
const GROUP_FIELDS = new Set(['id', 'displayName', 'mail', 'mailEnabled', 'securityEnabled', 'groupTypes', 'description']);
const MEMBER_FIELDS = new Set(['id', 'displayName', 'mail', 'userPrincipalName', 'mailEnabled', 'securityEnabled']);
const membersTokenSchema = z.object({ k: z.literal('members'), g: z.string(), o: z.number().int().min(0), t: z.number().int(), s: z.array(z.string()).nullable() });

type Clause = { field: 'displayName' | 'mail'; value: string };

/** `displayName eq 'A' or mail eq 'b@x'` -> clauses; null when the filter is anything else. */
export function parseGroupFilter(filter: string): Clause[] | null {
  const clauses: Clause[] = [];
  const clause = /\s*(displayName|mail)\s+eq\s+'((?:[^']|'')*)'\s*/iy;
  let at = 0;
  for (;;) {
    clause.lastIndex = at;
    const match = clause.exec(filter);
    if (!match) return null;
    clauses.push({ field: (match[1] as string).toLowerCase() === 'mail' ? 'mail' : 'displayName', value: (match[2] as string).replace(/''/g, "'") });
    at = clause.lastIndex;
    if (at === filter.length) return clauses;
    const or = /or\s+/iy;
    or.lastIndex = at;
    if (!or.exec(filter)) return null;
    at = or.lastIndex;
  }
}

function groupResource(group: SeedGroup): Record<string, unknown> {
  return { id: group.id, displayName: group.displayName, mail: group.mail, mailEnabled: group.mailEnabled, securityEnabled: group.securityEnabled, groupTypes: [], description: null };
}

function project(resource: Record<string, unknown>, select: string[] | null, defaults: string[]): Record<string, unknown> {
  return Object.fromEntries((select ?? defaults).map((f) => [f, resource[f] ?? null]));
}

function listGroups(context: SandboxContext, groups: readonly SeedGroup[], request: SandboxRequest): SandboxResponse {
  const params = request.url.searchParams;
  const select = parseSelect(context, request, GROUP_FIELDS, 'microsoft.graph.group');
  if (isResponse(select)) return select;
  const top = parseTop(context, request, MAX_PAGE, 'Request_UnsupportedQuery');
  if (isResponse(top)) return top;
  const filter = params.get('$filter');
  let found = [...groups];
  if (filter !== null) {
    const clauses = parseGroupFilter(filter);
    if (!clauses) return graphError(context, request, 400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
    found = groups.filter((g) => clauses.some((c) => (g[c.field] ?? '').toLowerCase() === c.value.toLowerCase()));
  }
  const page = found.slice(0, top ?? DEFAULT_PAGE);
  return graphJson({
    '@odata.context': `${context.graphBaseUrl}/$metadata#groups${select ? `(${select.join(',')})` : ''}`,
    value: page.map((g) => ({ '@odata.type': '#microsoft.graph.group', ...project(groupResource(g), select, [...GROUP_FIELDS]) })),
  });
}

/** Nested groups and users of a group, each once, in a stable order (breadth first). */
function flatMembers(groups: readonly SeedGroup[], groupId: string): SeedGroup['members'] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const out: SeedGroup['members'] = [];
  const seen = new Set<string>([groupId]);
  const queue = [groupId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const member of byId.get(id)?.members ?? []) {
      if (seen.has(member.id)) continue;
      seen.add(member.id);
      out.push(member);
      if (member.kind === 'group') queue.push(member.id);
    }
  }
  return out;
}

function memberResource(context: SandboxContext, groups: readonly SeedGroup[], member: SeedGroup['members'][number]): Record<string, unknown> | null {
  if (member.kind === 'group') {
    const group = groups.find((g) => g.id === member.id);
    return group ? { '@odata.type': '#microsoft.graph.group', ...groupResource(group) } : null;
  }
  const user: SeedUser | undefined = context.state.findUser(member.id);
  if (!user) return null;
  return { '@odata.type': '#microsoft.graph.user', id: user.graphId, displayName: user.displayName, mail: user.hasMailbox ? user.address : null, userPrincipalName: user.address };
}

function listTransitiveMembers(context: SandboxContext, groups: readonly SeedGroup[], request: SandboxRequest): SandboxResponse {
  let groupId = request.params['group'] ?? '';
  let offset = 0;
  let top: number;
  let select: string[] | null;
  const skipToken = request.url.searchParams.get('$skiptoken');
  if (skipToken !== null) {
    const state = context.stateTokens.decode(skipToken, membersTokenSchema);
    if (!state || state.g !== groupId) return graphError(context, request, 400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
    ({ g: groupId, o: offset, t: top, s: select } = state);
  } else {
    const parsedTop = parseTop(context, request, MAX_PAGE, 'Request_UnsupportedQuery');
    if (isResponse(parsedTop)) return parsedTop;
    const parsedSelect = parseSelect(context, request, MEMBER_FIELDS, 'microsoft.graph.directoryObject');
    if (isResponse(parsedSelect)) return parsedSelect;
    top = parsedTop ?? DEFAULT_PAGE;
    select = parsedSelect;
  }
  if (!groups.some((g) => g.id.toLowerCase() === groupId.toLowerCase())) {
    return graphError(context, request, 404, 'Request_ResourceNotFound', `Resource '${groupId}' does not exist or one of its queried reference-property objects are not present.`);
  }
  const all = flatMembers(groups, groups.find((g) => g.id.toLowerCase() === groupId.toLowerCase())?.id ?? groupId)
    .map((m) => memberResource(context, groups, m))
    .filter((m): m is Record<string, unknown> => m !== null);
  const page = all.slice(offset, offset + top);
  const body: Record<string, unknown> = { '@odata.context': `${context.graphBaseUrl}/$metadata#directoryObjects` };
  if (offset + top < all.length) {
    const token = context.stateTokens.encode({ k: 'members', g: groupId, o: offset + top, t: top, s: select });
    body['@odata.nextLink'] = `${context.graphBaseUrl}/groups/${groupId}/transitiveMembers?$skiptoken=${token}`;
  }
  body['value'] = page.map((m) => ({ '@odata.type': m['@odata.type'], ...(select ? project(m, select, []) : m) }));
  return graphJson(body);
}

export function graphGroupRoutes(context: SandboxContext, groups: readonly SeedGroup[]): Route[] {
  return [
    { method: 'GET', path: '/v1.0/groups', handler: requireBearer(context, (r) => listGroups(context, groups, r)) },
    { method: 'GET', path: '/v1.0/groups/:group/transitiveMembers', handler: requireBearer(context, (r) => listTransitiveMembers(context, groups, r)) },
  ];
}
