/**
 * Message delta per folder (graph doc 3.1-3.5): rounds of pages that end in a deltaLink, later
 * rounds that return only what changed (new messages in full, updated ones with only the changed
 * properties, moved-out or deleted ones as `@removed`), query options frozen into opaque
 * HMAC-signed tokens, and 410 SyncStateNotFound for tokens the sandbox did not mint, has expired,
 * or whose generation it no longer retains (delta-streams.ts). Each round covers the mailbox up to
 * the sequence number at its first page, so pages stay consistent while the mailbox changes.
 * An initial round with a receivedDateTime filter stops after 5,000 items (graph doc 3.2): Graph
 * documents only the cap, not which items survive it; the sandbox serves the newest first (the only
 * order Graph supports) and ends the round with a deltaLink that reports only later changes, so the
 * older items of the window are never reported by that stream. Empty pages with a nextLink and
 * items repeated across pages are served at the seeded rates of graph-fidelity.ts.
 */
import { z } from 'zod';
import { isResponse, parsePrefer, parseSelect, requireBearer, resolveMailbox, type Preferences, versionBase } from './graph-common.js';
import { graphError, graphJson } from './graph-responses.js';
import { folderNotFound } from './graph-folders.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import type { FolderRecord, Mailbox, MessageRecord } from './mailbox.js';
import { quirkRoll } from './graph-fidelity.js';
import { MESSAGE_FIELDS, projectMessage, projectUpdate } from './message-projection.js';
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
  /** `$orderby=receivedDateTime desc` was asked for (else the order is unspecified). */
  o: z.boolean(),
  /** Stream id and generation (delta-streams.ts). */
  sid: z.string(),
  g: z.number().int(),
});
const initialCursor = z.object({ r: z.string(), i: z.string() });
const stateTokenSchema = z.discriminatedUnion('k', [
  querySchema.extend({ k: z.literal('skip'), b: z.number().int().nullable(), pb: z.number().int().nullable(), n: z.number().int(), c: z.union([initialCursor, z.number().int()]).nullable(), ep: z.boolean() }),
  querySchema.extend({ k: z.literal('delta'), b: z.number().int(), pb: z.number().int().nullable() }),
]);

type Query = Omit<z.infer<typeof querySchema>, 'g'>;
type Cursor = z.infer<typeof initialCursor> | number | null;
type Round = { query: Query; base: number | null; previousBase: number | null; snapshot: number; cursor: Cursor; previousEmpty: boolean; generation: number };
type Entry = { cursor: Cursor; project: () => Record<string, unknown> };

function syncStateNotFound(context: SandboxContext, request: SandboxRequest, message = 'The sync state generation is not found.'): SandboxResponse {
  return graphError(context, request, 410, 'SyncStateNotFound', message);
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
    const generation = context.deltaStreams.check(state.sid, state.g);
    if (!generation.ok) return syncStateNotFound(context, request, generation.message);
    const query: Query = { u: state.u, f: state.f, e: state.e, s: state.s, flt: state.flt, o: state.o, sid: state.sid };
    if (state.k === 'delta') {
      // A replay reports the previous round's changes again: the round starts from its base.
      const replayFrom = context.behaviours.replayPreviousRound ? state.pb : null;
      return { query, base: replayFrom ?? state.b, previousBase: state.b, snapshot: mailbox.sequence, cursor: null, previousEmpty: false, generation: state.g };
    }
    return { query, base: state.b, previousBase: state.pb, snapshot: state.n, cursor: state.c, previousEmpty: state.ep, generation: state.g };
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
  if (filter !== null && context.behaviours.rejectDateFilter) {
    return graphError(context, request, 400, 'ErrorInvalidUrlQuery', "The query filter 'receivedDateTime ge' is not valid for this operation.");
  }
  const select = parseSelect(context, request, MESSAGE_FIELDS, 'microsoft.graph.message');
  if (isResponse(select)) return select;
  const query: Query = { u: userId, f: folder.id, e: mailbox.epoch, s: select, flt: filter, o: orderBy !== null, sid: context.deltaStreams.open() };
  return { query, base: null, previousBase: null, snapshot: mailbox.sequence, cursor: null, previousEmpty: false, generation: 0 };
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

/** Without $orderby the order is unspecified: a seeded scramble stands for it, stable per round. */
function sortKey(context: SandboxContext, record: MessageRecord, ordered: boolean): string {
  if (ordered) return receivedKey(record);
  return quirkRoll(context.fidelity.seed, `order:${record.immutableId}`).toFixed(12);
}

type Sorted = { r: string; i: string; m: MessageRecord }[];

/**
 * The last initial round's ordered items per mailbox and folder. Every page of a round used to
 * scan and sort the whole mailbox again: O(pages x messages log messages), minutes of sandbox CPU
 * for the 100,000-message benchmark mailbox. The key holds everything the list depends on - the
 * round's snapshot and filter, and the mailbox's sequence, which every mutation bumps - so a
 * cached list is exactly the one a fresh scan would build.
 */
const sortedRounds = new WeakMap<Mailbox, Map<string, { key: string; sorted: Sorted }>>();

function sortedRound(context: SandboxContext, mailbox: Mailbox, folder: FolderRecord, round: Round): Sorted {
  const { behaviours } = context;
  const ordered = round.query.o ? !behaviours.ignoreOrderBy : !behaviours.unorderedWithoutOrderBy;
  const key = `${round.snapshot}|${mailbox.sequence}|${mailbox.epoch}|${ordered}|${round.query.flt ? `${round.query.flt.op} ${round.query.flt.at}` : ''}`;
  let perFolder = sortedRounds.get(mailbox);
  if (!perFolder) {
    perFolder = new Map();
    sortedRounds.set(mailbox, perFolder);
  }
  const cached = perFolder.get(folder.id);
  if (cached?.key === key) return cached.sorted;
  const sorted = mailbox
    .messagesIn(folder.id)
    .filter((m) => m.entrySeq <= round.snapshot && passes(m, round.query.flt))
    .map((m) => ({ r: sortKey(context, m, ordered), i: m.immutableId, m }))
    .sort((a, b) => (a.r === b.r ? a.i.localeCompare(b.i) : b.r.localeCompare(a.r)));
  perFolder.set(folder.id, { key, sorted });
  return sorted;
}

/** Every item of the round in order (projected lazily) and the index of the first one after the cursor. */
function entries(context: SandboxContext, mailbox: Mailbox, folder: FolderRecord, round: Round, prefs: Preferences): { list: Entry[]; start: number } {
  const options = { select: round.query.s, bodyType: prefs.bodyType, immutableIds: prefs.immutableIds };
  if (round.base === null) {
    const sorted = sortedRound(context, mailbox, folder, round);
    const capped = round.query.flt ? sorted.slice(0, context.fidelity.filteredRoundCap) : sorted;
    const after = typeof round.cursor === 'object' ? round.cursor : null;
    const start = after ? capped.findIndex(({ r, i }) => r < after.r || (r === after.r && i > after.i)) : 0;
    const list = capped.map(({ r, i, m }) => ({ cursor: { r, i }, project: () => projectMessage(m, options) }));
    return { list, start: start < 0 ? list.length : start };
  }
  const afterSeq = typeof round.cursor === 'number' ? round.cursor : round.base;
  const list: Entry[] = [];
  const { behaviours } = context;
  for (const change of mailbox.changesIn(folder.id, round.base, round.snapshot)) {
    // ImmutableId and a move out and back within the window: reported as removed (and never again).
    const lostMove = change.kind === 'upsert' && change.reentered && prefs.immutableIds && behaviours.moveBackReportedAsRemoved;
    if (change.kind === 'removed' || lostMove) {
      const id = prefs.immutableIds ? change.immutableId : change.restId;
      list.push({ cursor: change.seq, project: () => ({ '@odata.type': '#microsoft.graph.message', id, '@removed': { reason: 'deleted' } }) });
      continue;
    }
    // ImmutableId and a move between folders: the destination's stream does not report it.
    if (change.kind === 'upsert' && change.movedIn && prefs.immutableIds && behaviours.moveNotReportedInDestination) continue;
    const record = mailbox.findMessage(change.immutableId);
    if (!record || record.folderId !== folder.id || !passes(record, round.query.flt)) continue;
    const fields = change.fields;
    const partial = change.kind === 'updated' && !behaviours.fullUpdates;
    list.push({ cursor: change.seq, project: () => (partial ? projectUpdate(record, fields, options) : projectMessage(record, options)) });
  }
  const start = list.findIndex((e) => typeof e.cursor === 'number' && e.cursor > afterSeq);
  return { list, start: start < 0 ? list.length : start };
}

/** The page to serve: maybe empty (with more to come), maybe repeating the previous page's last item. */
function pageOf(context: SandboxContext, round: Round, list: Entry[], start: number, pageSize: number): { page: Entry[]; last: Entry | undefined; empty: boolean; more: boolean } {
  const remaining = list.length - start;
  const key = `${round.query.sid}:${round.generation}`;
  const { fidelity } = context;
  if (remaining > 0 && !round.previousEmpty && fidelity.emptyPageRate > 0 && quirkRoll(fidelity.seed, `${key}:empty`) < fidelity.emptyPageRate) {
    return { page: [], last: undefined, empty: true, more: true };
  }
  const fresh = list.slice(start, start + pageSize);
  const repeat = start > 0 && round.cursor !== null && pageSize > 1 && fidelity.duplicateRate > 0 && quirkRoll(fidelity.seed, `${key}:dup`) < fidelity.duplicateRate;
  const page = repeat ? [list[start - 1] as Entry, ...fresh.slice(0, pageSize - 1)] : fresh;
  const served = repeat ? Math.min(fresh.length, pageSize - 1) : fresh.length;
  return { page, last: list[start + served - 1], empty: false, more: start + served < list.length };
}

function delta(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const target = resolveMailbox(context, request);
  if (isResponse(target)) return target;
  const { user, mailbox } = target;
  const folderRef = request.params['folder'] ?? '';
  const folder = mailbox.folderByRef(folderRef);
  if (!folder) {
    // A folder deleted while its stream was followed: Exchange names the sync folder.
    if (mailbox.wasDeleted(folderRef)) return graphError(context, request, 404, 'ErrorSyncFolderNotFound', 'The sync folder was not found.');
    return folderNotFound(context, request);
  }
  const prefs = parsePrefer(request);
  const tooLarge = context.behaviours.largePageTimeoutAbove;
  if (tooLarge !== null && (prefs.maxPageSize ?? DEFAULT_PAGE) > tooLarge) {
    return graphError(context, request, 504, 'UnknownError', 'The gateway timed out waiting for the mailbox server.');
  }
  const round = roundOf(context, request, user.graphId, folder, mailbox);
  if (isResponse(round)) return round;
  const pageSize = Math.min(prefs.maxPageSize ?? DEFAULT_PAGE, MAX_PAGE);
  const { list, start } = entries(context, mailbox, folder, round, prefs);
  const { page, last, empty, more } = pageOf(context, round, list, start, pageSize);
  const link = `${versionBase(context, request)}/users('${user.graphId}')/mailFolders('${folderRef}')/messages/delta`;
  const body: Record<string, unknown> = { '@odata.context': `${versionBase(context, request)}/$metadata#Collection(message)` };
  const g = context.deltaStreams.advance(round.query.sid);
  if (more) {
    const cursor = empty ? round.cursor : (last?.cursor ?? round.cursor);
    const token = context.stateTokens.encode({ k: 'skip', ...round.query, g, b: round.base, pb: round.previousBase, n: round.snapshot, c: cursor, ep: empty });
    body['@odata.nextLink'] = `${link}?$skiptoken=${token}`;
  } else {
    body['@odata.deltaLink'] = `${link}?$deltatoken=${context.stateTokens.encode({ k: 'delta', ...round.query, g, b: round.snapshot, pb: round.previousBase })}`;
  }
  body['value'] = page.map((entry) => entry.project());
  const applied: string[] = [];
  if (prefs.maxPageSize !== null) applied.push(`odata.maxpagesize=${pageSize}`);
  if (prefs.bodyType !== null) applied.push(`outlook.body-content-type="${prefs.bodyType}"`);
  return graphJson(body, applied.length > 0 ? { 'preference-applied': applied.join(', ') } : {});
}

export function graphDeltaRoutes(context: SandboxContext): Route[] {
  return [{ method: 'GET', path: '/v1.0/users/:user/mailFolders/:folder/messages/delta', handler: requireBearer(context, (r) => delta(context, r)) }];
}
