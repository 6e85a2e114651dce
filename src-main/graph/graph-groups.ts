/**
 * A group's members, for `correspondent mailboxes opt-in --group NAME` (issue 20): the group is
 * found by display name (or mail address) with `GET /groups?$filter=...`, and its members -
 * nested groups expanded - with `GET /groups/{id}/transitiveMembers` (Graph's own flattening,
 * so no recursion of ours), paged through @odata.nextLink. Only users are kept (devices and
 * contacts can be members too; `@odata.type` tells). Both calls need GroupMember.Read.All
 * (application), which the sync itself does not: without it Graph answers 403, reported as such.
 * Requests go through graph-request.ts like every other Graph call (retries, Retry-After, 401).
 * A token's roles are fixed when it is issued, so a 403 is asked once more with a fresh token:
 * a permission granted since the last token is then used at once instead of an hour later.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError, isAppError } from '../../src-shared/errors.js';
import type { AccessTokenProvider } from '../auth/app-token-provider.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_GRAPH_REQUEST_TIMEOUT_MS } from './graph-client.js';
import { createGraphRequester, type GraphRequester } from './graph-request.js';
import { MailboxGate } from './mailbox-gate.js';

export type GraphGroup = { id: string; displayName: string; mail: string | null };
export type GroupMember = { id: string; displayName: string; mail: string | null; userPrincipalName: string };

export interface GraphGroupReader {
  /** The one group with this display name or mail address; refuses none or several by name. */
  findGroup(name: string): Promise<GraphGroup>;
  /** Its user members, nested groups included. */
  transitiveUsers(groupId: string): Promise<GroupMember[]>;
}

type Page<T> = { value?: T[]; '@odata.nextLink'?: string };
type RawMember = { '@odata.type'?: string; id?: string; displayName?: string | null; mail?: string | null; userPrincipalName?: string | null };
type RawGroup = { id?: string; displayName?: string | null; mail?: string | null };

/** OData string literal: single quotes doubled. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const PERMISSION = 'GroupMember.Read.All';

function explainDenied(error: unknown): unknown {
  if (isAppError(error) && error.code === 'consent-missing') {
    return new AppError('consent-missing', `Graph denied reading groups: grant the app the ${PERMISSION} application permission (and admin consent) to use --group.`, { cause: error });
  }
  return error;
}

export function createGraphGroupReader(requester: GraphRequester, refreshToken: () => Promise<void> = async () => undefined): GraphGroupReader {
  let refreshed = false;
  const get = async <T>(url: string, what: string): Promise<T | null> => {
    try {
      return await requester.get<T>(url, what);
    } catch (error) {
      if (refreshed || !isAppError(error) || error.code !== 'consent-missing') throw explainDenied(error);
      refreshed = true;
      await refreshToken();
      return requester.get<T>(url, what).catch((again: unknown) => Promise.reject(explainDenied(again)));
    }
  };
  async function listAll<T>(url: string, what: string): Promise<T[]> {
    const items: T[] = [];
    for (let next: string | null = url; next; ) {
      const page: Page<T> = (await get<Page<T>>(next, what)) ?? {};
      items.push(...(page.value ?? []));
      next = page['@odata.nextLink'] ?? null;
    }
    return items;
  }
  return {
    async findGroup(name) {
      const wanted = name.trim();
      if (wanted.length === 0) throw new AppError('invalid-input', 'The group name is empty.');
      const filter = `displayName eq ${literal(wanted)} or mail eq ${literal(wanted)}`;
      const groups = await listAll<RawGroup>(`/groups?$filter=${encodeURIComponent(filter)}&$select=id,displayName,mail`, `the group "${wanted}"`);
      const found = groups.filter((g): g is RawGroup & { id: string } => typeof g.id === 'string');
      if (found.length === 0) throw new AppError('invalid-input', `No group named "${wanted}" in the tenant (display name or mail address).`);
      if (found.length > 1) {
        throw new AppError('invalid-input', `${found.length} groups are named "${wanted}" (${found.map((g) => g.mail ?? g.id).join(', ')}): name the one you mean by its mail address.`);
      }
      const group = found[0] as RawGroup & { id: string };
      return { id: group.id, displayName: group.displayName ?? wanted, mail: group.mail ?? null };
    },
    async transitiveUsers(groupId) {
      const members = await listAll<RawMember>(
        `/groups/${encodeURIComponent(groupId)}/transitiveMembers?$select=id,displayName,mail,userPrincipalName&$top=999`,
        `the members of group ${groupId}`,
      );
      return members
        .filter((m) => m['@odata.type'] === '#microsoft.graph.user' && typeof m.id === 'string')
        .map((m) => ({ id: m.id as string, displayName: m.displayName ?? '', mail: m.mail ?? null, userPrincipalName: m.userPrincipalName ?? '' }));
    },
  };
}

/** The reader on a tenant's Graph client, with the usual retries. */
export function graphGroupReaderOf(client: Client, tokens: AccessTokenProvider, logger: Logger): GraphGroupReader {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  return createGraphGroupReader(
    createGraphRequester({ client, tokens, logger, pageSize: 999, maxAttempts: 6, gate: new MailboxGate({ sleep }), sleep, now: Date.now, requestTimeoutMs: DEFAULT_GRAPH_REQUEST_TIMEOUT_MS }),
    async () => {
      await tokens.getAccessToken({ forceRefresh: true });
    },
  );
}
