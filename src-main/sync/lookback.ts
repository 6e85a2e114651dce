/**
 * Where a mailbox's first sync starts (architecture.md Lookback): the creation date of the oldest
 * open opportunity its user owns in the CRM, else one week back; optionally capped by settings.
 */
import type { CrmSnapshot } from '@correspondent/contract';

const DAY_MS = 86_400_000;

export function lookbackStart(options: {
  mailbox: string;
  crm: Pick<CrmSnapshot, 'users' | 'opportunities'>;
  now: Date;
  lookbackMaxDays: number | null;
}): Date {
  const address = options.mailbox.toLowerCase();
  const userIds = new Set(options.crm.users.filter((u) => u.email.toLowerCase() === address).map((u) => u.id));
  let oldest: number | null = null;
  for (const opportunity of options.crm.opportunities) {
    if (opportunity.isClosed || !userIds.has(opportunity.ownerUserId)) continue;
    const created = Date.parse(opportunity.createdAt);
    if (!Number.isNaN(created) && (oldest === null || created < oldest)) oldest = created;
  }
  const weekAgo = options.now.getTime() - 7 * DAY_MS;
  let start = oldest === null ? weekAgo : Math.min(oldest, options.now.getTime());
  if (options.lookbackMaxDays !== null) start = Math.max(start, options.now.getTime() - options.lookbackMaxDays * DAY_MS);
  return new Date(start);
}
