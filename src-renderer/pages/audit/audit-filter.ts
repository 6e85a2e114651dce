/**
 * The audit page's filter, all of it applied by the core (audit.list and audit.export), so a
 * filtered export contains exactly what the page lists.
 */
import type { ApiInput } from '../../../src-shared/api.js';
import { localDayStart } from '../../format.js';

export type AuditFilter = { from: string; to: string; action: string; actor: string; mailbox: string };

export const EMPTY_FILTER: AuditFilter = { from: '', to: '', action: '', actor: '', mailbox: '' };

/** Days (local, the last one included), one action, an actor's text, one mailbox. */
export function coreFilter(filter: AuditFilter): Pick<ApiInput<'audit.list'>, 'from' | 'to' | 'actions' | 'actor' | 'mailbox'> {
  return {
    ...(filter.from ? { from: localDayStart(filter.from) } : {}),
    ...(filter.to ? { to: localDayStart(filter.to, 1) } : {}),
    ...(filter.action.trim() ? { actions: [filter.action.trim()] } : {}),
    ...(filter.actor.trim() ? { actor: filter.actor.trim() } : {}),
    ...(filter.mailbox.trim() ? { mailbox: filter.mailbox.trim() } : {}),
  };
}
