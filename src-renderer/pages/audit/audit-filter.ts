/**
 * The audit page's filter. Time and action go to the core (audit.list and audit.export filter
 * them); actor and mailbox are matched on the entries listed, because the Api filters neither -
 * so they narrow what is shown, not what an export contains.
 */
import type { ApiInput } from '../../../src-shared/api.js';
import { localDayStart } from '../../format.js';

export type AuditFilter = { from: string; to: string; action: string; actor: string; mailbox: string };

export const EMPTY_FILTER: AuditFilter = { from: '', to: '', action: '', actor: '', mailbox: '' };

type Entry = { actor: string; payload: unknown };

/** The core's part of the filter: days (local, the last one included) and one action. */
export function coreFilter(filter: AuditFilter): Pick<ApiInput<'audit.list'>, 'from' | 'to' | 'actions'> {
  return {
    ...(filter.from ? { from: localDayStart(filter.from) } : {}),
    ...(filter.to ? { to: localDayStart(filter.to, 1) } : {}),
    ...(filter.action.trim() ? { actions: [filter.action.trim()] } : {}),
  };
}

/** The page's part: actor contains the text; the mailbox appears anywhere in the payload. */
export function matchesLocally(filter: AuditFilter, entry: Entry): boolean {
  const actor = filter.actor.trim().toLowerCase();
  const mailbox = filter.mailbox.trim().toLowerCase();
  if (actor && !entry.actor.toLowerCase().includes(actor)) return false;
  if (mailbox && !JSON.stringify(entry.payload ?? null).toLowerCase().includes(mailbox)) return false;
  return true;
}
