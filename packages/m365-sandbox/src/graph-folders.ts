/**
 * Mail folders (graph doc 3.7): the listing is one level (children of msgfolderroot), deeper
 * levels come from childFolders; default page 10 with nextLinks; folders are addressed by id or
 * by case-insensitive well-known name. Folder ids are stable (ImmutableId does not affect them).
 */
import { z } from 'zod';
import { isResponse, parseSelect, parseTop, requireBearer, resolveMailbox, versionBase } from './graph-common.js';
import { graphError, graphJson } from './graph-responses.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import type { FolderRecord, Mailbox } from './mailbox.js';
import type { SandboxContext } from './sandbox-context.js';

const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;
const FOLDER_FIELDS = new Set(['id', 'displayName', 'parentFolderId', 'childFolderCount', 'unreadItemCount', 'totalItemCount', 'isHidden', 'sizeInBytes']);
const DEFAULT_FIELDS = ['id', 'displayName', 'parentFolderId', 'childFolderCount', 'unreadItemCount', 'totalItemCount', 'isHidden'];

const foldersTokenSchema = z.object({
  k: z.literal('folders'),
  u: z.string(),
  p: z.string(),
  o: z.number().int().min(0),
  t: z.number().int(),
  s: z.array(z.string()).nullable(),
});

export function folderResource(mailbox: Mailbox, folder: FolderRecord, select: string[] | null): Record<string, unknown> {
  const counts = mailbox.folderCounts(folder.id);
  const full: Record<string, unknown> = {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId,
    childFolderCount: counts.children,
    unreadItemCount: counts.unread,
    totalItemCount: counts.total,
    isHidden: folder.isHidden,
    sizeInBytes: 0,
  };
  const fields = select ? ['id', ...select.filter((f) => f !== 'id')] : DEFAULT_FIELDS;
  return Object.fromEntries(fields.map((f) => [f, full[f]]));
}

export function folderNotFound(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  return graphError(context, request, 404, 'ErrorFolderNotFound', 'The specified folder could not be found in the store.');
}

function listChildren(context: SandboxContext, request: SandboxRequest, parentRef: string | null): SandboxResponse {
  const target = resolveMailbox(context, request);
  if (isResponse(target)) return target;
  const { user, mailbox } = target;
  const skipToken = request.url.searchParams.get('$skiptoken');
  let parentId: string;
  let offset = 0;
  let top: number;
  let select: string[] | null;
  if (skipToken !== null) {
    const state = context.stateTokens.decode(skipToken, foldersTokenSchema);
    if (!state || state.u !== user.graphId) return graphError(context, request, 400, 'ErrorInvalidUrlQuery', 'The $skiptoken is invalid.');
    ({ p: parentId, o: offset, t: top, s: select } = state);
  } else {
    const parent = parentRef === null ? mailbox.folder(mailbox.rootFolderId) : mailbox.folderByRef(parentRef);
    if (!parent) return folderNotFound(context, request);
    const parsedTop = parseTop(context, request, MAX_PAGE, 'ErrorInvalidUrlQuery');
    if (isResponse(parsedTop)) return parsedTop;
    const parsedSelect = parseSelect(context, request, FOLDER_FIELDS, 'microsoft.graph.mailFolder');
    if (isResponse(parsedSelect)) return parsedSelect;
    parentId = parent.id;
    top = parsedTop ?? DEFAULT_PAGE;
    select = parsedSelect;
  }
  const children = mailbox.childFolders(parentId);
  const body: Record<string, unknown> = { '@odata.context': `${versionBase(context, request)}/$metadata#users('${user.graphId}')/mailFolders` };
  if (offset + top < children.length) {
    const token = context.stateTokens.encode({ k: 'folders', u: user.graphId, p: parentId, o: offset + top, t: top, s: select });
    const path = parentId === mailbox.rootFolderId ? 'mailFolders' : `mailFolders('${parentId}')/childFolders`;
    body['@odata.nextLink'] = `${versionBase(context, request)}/users('${user.graphId}')/${path}?$skiptoken=${token}`;
  }
  body['value'] = children.slice(offset, offset + top).map((f) => folderResource(mailbox, f, select));
  return graphJson(body);
}

function getFolder(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const target = resolveMailbox(context, request);
  if (isResponse(target)) return target;
  const folder = target.mailbox.folderByRef(request.params['folder'] ?? '');
  if (!folder) return folderNotFound(context, request);
  const select = parseSelect(context, request, FOLDER_FIELDS, 'microsoft.graph.mailFolder');
  if (isResponse(select)) return select;
  return graphJson({
    '@odata.context': `${versionBase(context, request)}/$metadata#users('${target.user.graphId}')/mailFolders/$entity`,
    ...folderResource(target.mailbox, folder, select),
  });
}

export function graphFolderRoutes(context: SandboxContext): Route[] {
  const guard = (handler: (r: SandboxRequest) => SandboxResponse) => requireBearer(context, handler);
  return [
    { method: 'GET', path: '/v1.0/users/:user/mailFolders', handler: guard((r) => listChildren(context, r, null)) },
    { method: 'GET', path: '/v1.0/users/:user/mailFolders/:folder', handler: guard((r) => getFolder(context, r)) },
    { method: 'GET', path: '/v1.0/users/:user/mailFolders/:folder/childFolders', handler: guard((r) => listChildren(context, r, r.params['folder'] ?? '')) },
  ];
}
