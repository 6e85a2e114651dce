/**
 * GET /users/{id}/mailFolders/{id}/messages (graph doc 3.6): a folder's messages as a plain list,
 * as clients use it to read a bounded window that delta cannot (the older part of a filtered round
 * cut off at 5,000 items, or a window re-read after the CRM gained a match). Supports $select,
 * $top (1-1000, default 10), a $filter on receivedDateTime (ge/gt/lt/le, joined by `and`),
 * $orderby receivedDateTime desc|asc, and nextLinks that carry a $skip.
 */
import { isResponse, parsePrefer, parseSelect, parseTop, requireBearer, resolveMailbox, versionBase } from './graph-common.js';
import { graphError, graphJson } from './graph-responses.js';
import { folderNotFound } from './graph-folders.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import type { MessageRecord } from './mailbox.js';
import { MESSAGE_FIELDS, projectMessage } from './message-projection.js';
import type { SandboxContext } from './sandbox-context.js';

const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

type Bound = { op: 'ge' | 'gt' | 'lt' | 'le'; at: number };

function parseWindow(raw: string | null): Bound[] | 'invalid' {
  if (raw === null || raw.trim() === '') return [];
  const bounds: Bound[] = [];
  for (const clause of raw.split(/\s+and\s+/i)) {
    const match = clause.match(/^\s*receivedDateTime\s+(ge|gt|lt|le)\s+(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))\s*$/i);
    if (!match?.[1] || !match[2] || Number.isNaN(Date.parse(match[2]))) return 'invalid';
    bounds.push({ op: match[1].toLowerCase() as Bound['op'], at: Date.parse(match[2]) });
  }
  return bounds;
}

function within(record: MessageRecord, bounds: Bound[]): boolean {
  const raw = record.data['receivedDateTime'];
  const received = typeof raw === 'string' ? Date.parse(raw) : NaN;
  if (bounds.length > 0 && Number.isNaN(received)) return false;
  return bounds.every((b) => (b.op === 'ge' ? received >= b.at : b.op === 'gt' ? received > b.at : b.op === 'lt' ? received < b.at : received <= b.at));
}

function listMessages(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const target = resolveMailbox(context, request);
  if (isResponse(target)) return target;
  const { user, mailbox } = target;
  const folderRef = request.params['folder'] ?? '';
  const folder = mailbox.folderByRef(folderRef);
  if (!folder) return folderNotFound(context, request);
  const params = request.url.searchParams;
  const window = parseWindow(params.get('$filter'));
  if (window === 'invalid') return graphError(context, request, 400, 'ErrorInvalidUrlQueryFilter', 'The sandbox supports only receivedDateTime comparisons joined by and in $filter.');
  const orderBy = params.get('$orderby');
  const order = orderBy === null ? null : /^\s*receivedDateTime(\s+(asc|desc))?\s*$/i.exec(orderBy);
  if (orderBy !== null && !order) return graphError(context, request, 400, 'ErrorInvalidUrlQuery', 'The sandbox orders messages only by receivedDateTime.');
  const top = parseTop(context, request, MAX_PAGE, 'ErrorInvalidUrlQuery');
  if (isResponse(top)) return top;
  const tooLarge = context.behaviours.largePageTimeoutAbove;
  if (tooLarge !== null && (top ?? DEFAULT_PAGE) > tooLarge) return graphError(context, request, 504, 'UnknownError', 'The gateway timed out waiting for the mailbox server.');
  const select = parseSelect(context, request, MESSAGE_FIELDS, 'microsoft.graph.message');
  if (isResponse(select)) return select;
  const skip = Number(params.get('$skip') ?? '0');
  if (!Number.isInteger(skip) || skip < 0) return graphError(context, request, 400, 'ErrorInvalidUrlQuery', "The query parameter '$skip' is invalid.");
  const ascending = order?.[2]?.toLowerCase() === 'asc';
  const key = (m: MessageRecord) => {
    const raw = m.data['receivedDateTime'];
    return typeof raw === 'string' ? new Date(raw).toISOString() : '';
  };
  const sorted = mailbox
    .messagesIn(folder.id)
    .filter((m) => within(m, window))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === kb) return a.immutableId.localeCompare(b.immutableId);
      return (ka < kb ? -1 : 1) * (ascending ? 1 : -1);
    });
  const pageSize = top ?? DEFAULT_PAGE;
  const prefs = parsePrefer(request);
  const page = sorted.slice(skip, skip + pageSize);
  const body: Record<string, unknown> = { '@odata.context': `${versionBase(context, request)}/$metadata#users('${user.graphId}')/mailFolders('${folder.id}')/messages` };
  body['value'] = page.map((m) => projectMessage(m, { select, bodyType: prefs.bodyType, immutableIds: prefs.immutableIds }));
  if (skip + pageSize < sorted.length) {
    const next = new URL(request.url.toString());
    next.searchParams.set('$skip', String(skip + pageSize));
    next.searchParams.set('$top', String(pageSize));
    body['@odata.nextLink'] = `${versionBase(context, request)}/users/${user.graphId}/mailFolders/${folder.id}/messages?${next.searchParams.toString()}`;
  }
  return graphJson(body);
}

export function graphListMessageRoutes(context: SandboxContext): Route[] {
  return [{ method: 'GET', path: '/v1.0/users/:user/mailFolders/:folder/messages', handler: requireBearer(context, (r) => listMessages(context, r)) }];
}
