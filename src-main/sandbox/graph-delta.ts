/**
 * Message delta per folder (graph doc 3.1-3.5): rounds of pages that end in a deltaLink, later
 * rounds that return only what changed (new messages in full, moved-out or deleted ones as
 * `@removed`), query options frozen into opaque HMAC-signed tokens, and 410 SyncStateNotFound for
 * tokens the sandbox did not mint or has expired. Each round covers the mailbox up to the
 * sequence number at its first page, so pages stay consistent while the mailbox changes.
 */
import { z } from 'zod';
import { graphError, graphJson, isResponse, parsePrefer, parseSelect, requireBearer, resolveMailbox, type Preferences } from './graph-common.js';
import { folderNotFound } from './graph-folders.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import type { FolderRecord, Mailbox, MessageRecord } from './mailbox.js';
import { MESSAGE_FIELDS, projectMessage } from './message-projection.js';
import type { SandboxContext } from './sandbox-context.js';

const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

const filterSchema = z.object({ op: z.enum(['ge', 'gt']), at: z.string() });
const querySchema = z.object({
  u: z.string(),
  f: z.string(),
  e: z.number().int(),
  s: z.array(z.string()).nullable(),
  flt: filterSchema.nullable(),
});
const initialCursor = z.object({ r: z.string(), i: z.string() });
const stateTokenSchema = z.discriminatedUnion('k', [
  querySchema.extend({ k: z.literal('skip'), b: z.number().int().nullable(), n: z.number().int(), c: z.union([initialCursor, z.number().int()]) }),
  querySchema.extend({ k: z.literal('delta'), b: z.number().int() }),
]);

type Query = z.infer<typeof querySchema>;
type Cursor = z.infer<typeof initialCursor> | number | null;
type Round = { query: Query; base: number | null; snapshot: number; cursor: Cursor };
type Item = { cursor: Cursor; json: Record<string, unknown> };

function syncStateNotFound(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  return graphError(context, request, 410, 'SyncStateNotFound', 'The sync state generation is not found.');
}

function parseFilter(raw: string | null): z.infer<typeof filterSchema> | null | 'invalid' {
  if (raw === null || raw.trim() === '') return null;
  const match = raw.match(/^\s*receivedDateTime\s+(ge|gt)\s+(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))\s*$/i);
  if (!match?.[1] || !match[2] || Number.isNaN(Date.parse(match[2]))) return 'invalid';
  return { op: match[1].toLowerCase() as 'ge' | 'gt', at: new Date(match[2]).toISOString() };
}

/** The round this request continues, or starts; a response when the request is refused. */
function roundOf(context: SandboxContext, request: SandboxRequest, userId: string, folder: FolderRecord, mailbox: Mailbox): Round | SandboxResponse {
  const params = request.url.searchParams;
  const token = params.get('$skiptoken') ?? params.get('$deltatoken') ?? params.get('$deltaToken');
  if (token !== null) {
    const state = context.stateTokens.decode(token, stateTokenSchema);
    if (!state || state.u !== userId || state.f !== folder.id || state.e !== mailbox.epoch) return syncStateNotFound(context, request);
    const query: Query = { u: state.u, f: state.f, e: state.e, s: state.s, flt: state.flt };
    return state.k === 'delta'
      ? { query, base: state.b, snapshot: mailbox.sequence, cursor: null }
      : { query, base: state.b, snapshot: state.n, cursor: state.c };
  }
  for (const unsupported of ['$skip', '$search', '$count']) {
    if (params.has(unsupported)) return graphError(context, request, 400, 'ErrorInvalidUrlQuery', `The query parameter '${unsupported}' is not supported with change tracking.`);
  }
  const orderBy = params.get('$orderby');
  if (orderBy !== null && !/^\s*receivedDateTime\s+desc\s*$/i.test(orderBy)) {
    return graphError(context, request, 400, 'ErrorInvalidUrlQuery', 'The $orderby is not supported with change tracking; only receivedDateTime desc is.');
  }
  const filter = parseFilter(params.get('$filter'));
  if (filter === 'invalid') {
    return graphError(context, request, 400, 'ErrorInvalidUrlQueryFilter', 'Change tracking supports only receivedDateTime ge or gt a DateTimeOffset in $filter.');
  }
  const select = parseSelect(context, request, MESSAGE_FIELDS, 'microsoft.graph.message');
  if (isResponse(select)) return select;
  return { query: { u: userId, f: folder.id, e: mailbox.epoch, s: select, flt: filter }, base: null, snapshot: mailbox.sequence, cursor: null };
}

function passes(record: MessageRecord, filter: Query['flt']): boolean {
  if (!filter) return true;
  const received = typeof record.data['receivedDateTime'] === 'string' ? Date.parse(record.data['receivedDateTime']) : NaN;
  const at = Date.parse(filter.at);
  return filter.op === 'ge' ? received >= at : received > at;
}

function receivedKey(record: MessageRecord): string {
  const value = record.data['receivedDateTime'];
  return typeof value === 'string' ? new Date(value).toISOString() : '';
}

function items(mailbox: Mailbox, folder: FolderRecord, round: Round, prefs: Preferences): Item[] {
  const options = { select: round.query.s, bodyType: prefs.bodyType, immutableIds: prefs.immutableIds };
  if (round.base === null) {
    const after = typeof round.cursor === 'object' ? round.cursor : null;
    return mailbox
      .messagesIn(folder.id)
      .filter((m) => m.entrySeq <= round.snapshot && passes(m, round.query.flt))
      .map((m) => ({ r: receivedKey(m), i: m.immutableId, m }))
      .sort((a, b) => (a.r === b.r ? a.i.localeCompare(b.i) : b.r.localeCompare(a.r)))
      .filter(({ r, i }) => !after || r < after.r || (r === after.r && i > after.i))
      .map(({ r, i, m }) => ({ cursor: { r, i }, json: projectMessage(m, options) }));
  }
  const afterSeq = typeof round.cursor === 'number' ? round.cursor : round.base;
  const out: Item[] = [];
  for (const change of mailbox.changesIn(folder.id, afterSeq, round.snapshot)) {
    if (change.kind === 'removed') {
      out.push({ cursor: change.seq, json: { '@odata.type': '#microsoft.graph.message', id: prefs.immutableIds ? change.immutableId : change.restId, '@removed': { reason: 'deleted' } } });
      continue;
    }
    const record = mailbox.findMessage(change.immutableId);
    if (record && record.folderId === folder.id && passes(record, round.query.flt)) out.push({ cursor: change.seq, json: projectMessage(record, options) });
  }
  return out;
}

function delta(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const target = resolveMailbox(context, request);
  if (isResponse(target)) return target;
  const { user, mailbox } = target;
  const folderRef = request.params['folder'] ?? '';
  const folder = mailbox.folderByRef(folderRef);
  if (!folder) return folderNotFound(context, request);
  const round = roundOf(context, request, user.graphId, folder, mailbox);
  if (isResponse(round)) return round;
  const prefs = parsePrefer(request);
  const pageSize = Math.min(prefs.maxPageSize ?? DEFAULT_PAGE, MAX_PAGE);
  const all = items(mailbox, folder, round, prefs);
  const page = all.slice(0, pageSize);
  const link = `${context.graphBaseUrl}/users('${user.graphId}')/mailFolders('${folderRef}')/messages/delta`;
  const body: Record<string, unknown> = { '@odata.context': `${context.graphBaseUrl}/$metadata#Collection(message)` };
  if (all.length > pageSize) {
    const token = context.stateTokens.encode({ k: 'skip', ...round.query, b: round.base, n: round.snapshot, c: page.at(-1)?.cursor ?? 0 });
    body['@odata.nextLink'] = `${link}?$skiptoken=${token}`;
  } else {
    body['@odata.deltaLink'] = `${link}?$deltatoken=${context.stateTokens.encode({ k: 'delta', ...round.query, b: round.snapshot })}`;
  }
  body['value'] = page.map((item) => item.json);
  const applied: string[] = [];
  if (prefs.maxPageSize !== null) applied.push(`odata.maxpagesize=${pageSize}`);
  if (prefs.bodyType !== null) applied.push(`outlook.body-content-type="${prefs.bodyType}"`);
  return graphJson(body, applied.length > 0 ? { 'preference-applied': applied.join(', ') } : {});
}

export function graphDeltaRoutes(context: SandboxContext): Route[] {
  return [{ method: 'GET', path: '/v1.0/users/:user/mailFolders/:folder/messages/delta', handler: requireBearer(context, (r) => delta(context, r)) }];
}
