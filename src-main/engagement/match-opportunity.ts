/**
 * The documented opportunity rule (docs/engagement.md): among the open opportunities of the
 * email's matched accounts, one whose owner takes part in the email wins; among equals, the close
 * date nearest to the email's sent date wins (opportunities without a close date come last), then
 * the newest (latest created), then the smallest id so that the result never depends on the order
 * the CRM listed them in. "Nearest" is measured from the email, not from today, so deciding again
 * later gives the same answer.
 */
import type { CrmOpportunity } from '@correspondent/contract';

const DAY_MS = 86_400_000;

export type OpportunityCandidate = Pick<CrmOpportunity, 'id' | 'ownerUserId' | 'isClosed' | 'createdAt' | 'closeDate'>;

export function matchOpportunity<T extends OpportunityCandidate>(
  candidates: readonly T[],
  participantUserIds: ReadonlySet<string>,
  sentAt: string,
): T | null {
  const open = candidates.filter((o) => !o.isClosed);
  if (open.length === 0) return null;
  const withOwner = open.filter((o) => participantUserIds.has(o.ownerUserId));
  const pool = withOwner.length > 0 ? withOwner : open;
  const sent = Date.parse(sentAt);
  return [...pool].sort((a, b) => compare(a, b, sent))[0] ?? null;
}

function compare(a: OpportunityCandidate, b: OpportunityCandidate, sent: number): number {
  const da = closeDistance(a, sent);
  const db = closeDistance(b, sent);
  if (da !== db) return da - db;
  const ca = time(a.createdAt);
  const cb = time(b.createdAt);
  if (ca !== cb) return cb - ca;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whole days between the close date and the sent date; Infinity without a (valid) close date. */
function closeDistance(o: OpportunityCandidate, sent: number): number {
  if (o.closeDate === null || Number.isNaN(sent)) return o.closeDate === null ? Infinity : 0;
  const close = Date.parse(`${o.closeDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(close)) return Infinity;
  const sentDay = Math.floor(sent / DAY_MS) * DAY_MS;
  return Math.abs(close - sentDay) / DAY_MS;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
}
