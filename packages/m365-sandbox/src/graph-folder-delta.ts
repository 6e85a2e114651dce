/**
 * GET /users/{id}/mailFolders/delta (Graph docs, mailfolder-delta.md): the mailbox's folders as a
 * round of pages (`Prefer: odata.maxpagesize`, default 10) that ends in a deltaLink; the next
 * round returns only folders added or changed since (in full) and removed ones as
 * `{ id, "@removed": { "reason": "deleted" } }`. The state tokens carry the folder tree as the
 * previous round saw it (id + a digest of name and parent), HMAC-signed like every sandbox token,
 * so the server keeps no round state. Query options ($select) are frozen into the tokens.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isResponse, parsePrefer, parseSelect, requireBearer, resolveMailbox, versionBase } from './graph-common.js';
import { folderResource } from './graph-folders.js';
import { graphError, graphJson } from './graph-responses.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import type { FolderRecord, Mailbox } from './mailbox.js';
import type { SandboxContext } from './sandbox-context.js';

const DEFAULT_PAGE = 10;
const FOLDER_FIELDS = new Set(['id', 'displayName', 'parentFolderId', 'childFolderCount', 'unreadItemCount', 'totalItemCount', 'isHidden', 'sizeInBytes']);

/** Folder id -> digest of what a round reported about it. */
const snapshotSchema = z.record(z.string(), z.string());
const tokenSchema = z.object({
  k: z.enum(['fskip', 'fdelta']),
  u: z.string(),
  s: z.array(z.string()).nullable(),
  /** The tree the previous round ended with (null: initial round). */
  prev: snapshotSchema.nullable(),
  /** fskip only: items of this round already served. */
  o: z.number().int().min(0),
});
type FolderDeltaToken = z.infer<typeof tokenSchema>;

const digest = (f: FolderRecord) => createHash('sha256').update(`${f.displayName}\u0000${f.parentFolderId}`).digest('base64url').slice(0, 12);

/** Every folder under the root, parents before children. */
function allFolders(mailbox: Mailbox): FolderRecord[] {
  const out: FolderRecord[] = [];
  const walk = (parentId: string) => {
    for (const folder of mailbox.childFolders(parentId)) {
      out.push(folder);
      walk(folder.id);
    }
  };
  walk(mailbox.rootFolderId);
  return out;
}

type Item = { removed: string } | { folder: FolderRecord };

function changes(mailbox: Mailbox, prev: Record<string, string> | null): { items: Item[]; snapshot: Record<string, string> } {
  const folders = allFolders(mailbox);
  const snapshot = Object.fromEntries(folders.map((f) => [f.id, digest(f)]));
  const items: Item[] = folders.filter((f) => prev === null || prev[f.id] !== snapshot[f.id]).map((folder) => ({ folder }));
  for (const id of Object.keys(prev ?? {})) if (!(id in snapshot)) items.push({ removed: id });
  return { items, snapshot };
}

function folderDelta(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const target = resolveMailbox(context, request);
  if (isResponse(target)) return target;
  const { user, mailbox } = target;
  const params = request.url.searchParams;
  const raw = params.get('$skiptoken') ?? params.get('$deltatoken');
  let token: FolderDeltaToken;
  if (raw !== null) {
    const decoded = context.stateTokens.decode(raw, tokenSchema);
    if (!decoded || decoded.u !== user.graphId || (decoded.k === 'fskip') !== params.has('$skiptoken')) {
      return graphError(context, request, 410, 'SyncStateNotFound', 'The sync state generation is not found.');
    }
    token = decoded.k === 'fdelta' ? { ...decoded, k: 'fskip', o: 0 } : decoded;
  } else {
    const select = parseSelect(context, request, FOLDER_FIELDS, 'microsoft.graph.mailFolder');
    if (isResponse(select)) return select;
    token = { k: 'fskip', u: user.graphId, s: select, prev: null, o: 0 };
  }
  const pageSize = parsePrefer(request).maxPageSize ?? DEFAULT_PAGE;
  const { items, snapshot } = changes(mailbox, token.prev);
  const page = items.slice(token.o, token.o + pageSize);
  const base = `${versionBase(context, request)}/users('${user.graphId}')/mailFolders/delta`;
  const body: Record<string, unknown> = { '@odata.context': `${versionBase(context, request)}/$metadata#Collection(mailFolder)` };
  if (token.o + pageSize < items.length) {
    body['@odata.nextLink'] = `${base}?$skiptoken=${context.stateTokens.encode({ ...token, o: token.o + pageSize })}`;
  } else {
    body['@odata.deltaLink'] = `${base}?$deltatoken=${context.stateTokens.encode({ k: 'fdelta', u: user.graphId, s: token.s, prev: snapshot, o: 0 })}`;
  }
  body['value'] = page.map((item) =>
    'removed' in item
      ? { '@odata.type': '#microsoft.graph.mailFolder', id: item.removed, '@removed': { reason: 'deleted' } }
      : { '@odata.type': '#microsoft.graph.mailFolder', ...folderResource(mailbox, item.folder, token.s) },
  );
  return graphJson(body, parsePrefer(request).maxPageSize === null ? {} : { 'preference-applied': `odata.maxpagesize=${pageSize}` });
}

export function graphFolderDeltaRoutes(context: SandboxContext): Route[] {
  return [{ method: 'GET', path: '/v1.0/users/:user/mailFolders/delta', handler: requireBearer(context, (r) => folderDelta(context, r)) }];
}
