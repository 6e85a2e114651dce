/**
 * The audit page's filter: kept in the URL (a filtered view is a link that can be shared, and
 * back/forward step through filters), checked before it is sent (a From day after the To day is
 * refused with a sentence, never turned into "0 entries"), and applied by the core alike for the
 * list and the export (audit.list, audit.export), so an export holds exactly what the page lists.
 */
import type { ApiInput } from '../../../src-shared/api.js';
import { AUDIT_ACTION_NAMES } from '../../../src-shared/audit-actions.js';
import { localDayStart } from '../../format.js';

export type AuditFilter = { from: string; to: string; actions: string[]; actor: string; mailbox: string };

export const EMPTY_FILTER: AuditFilter = { from: '', to: '', actions: [], actor: '', mailbox: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filter a URL's query names; unknown actions and malformed days are left out. */
export function filterOfParams(params: URLSearchParams): AuditFilter {
  const day = (key: string) => {
    const value = params.get(key) ?? '';
    return DAY.test(value) ? value : '';
  };
  const known = new Set<string>(AUDIT_ACTION_NAMES);
  return {
    from: day('from'),
    to: day('to'),
    actions: (params.get('actions') ?? '').split(',').filter((a) => known.has(a)),
    actor: params.get('actor') ?? '',
    mailbox: params.get('mailbox') ?? '',
  };
}

export function paramsOfFilter(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.actions.length > 0) params.set('actions', filter.actions.join(','));
  if (filter.actor.trim()) params.set('actor', filter.actor.trim());
  if (filter.mailbox.trim()) params.set('mailbox', filter.mailbox.trim());
  return params;
}

/** Per field, what is wrong with the filter (empty: it can be applied). */
export function filterProblems(filter: AuditFilter): Partial<Record<'from' | 'to', string>> {
  if (filter.from && filter.to && filter.from > filter.to) return { to: 'The To day is before the From day. Choose a To day on or after the From day.' };
  return {};
}

/** Days (local, the last one included), the chosen actions, an actor's text, one mailbox. */
export function coreFilter(filter: AuditFilter): Pick<ApiInput<'audit.list'>, 'from' | 'to' | 'actions' | 'actor' | 'mailbox'> {
  return {
    ...(filter.from ? { from: localDayStart(filter.from) } : {}),
    ...(filter.to ? { to: localDayStart(filter.to, 1) } : {}),
    ...(filter.actions.length > 0 ? { actions: filter.actions } : {}),
    ...(filter.actor.trim() ? { actor: filter.actor.trim() } : {}),
    ...(filter.mailbox.trim() ? { mailbox: filter.mailbox.trim() } : {}),
  };
}
