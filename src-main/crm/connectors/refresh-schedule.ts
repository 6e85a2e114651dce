/**
 * When a refresh must read everything rather than what changed: there is no cursor yet, the
 * connector says its cursor expired, or the nightly full refresh is due - the last full one is
 * older than the most recent nightly hour (02:00 UTC by default). The nightly read also removes
 * rows an incremental read cannot see go (a Salesforce record purged from the recycle bin, a
 * HubSpot record deleted for good), so the copy never drifts for more than a day.
 */
export const NIGHTLY_FULL_REFRESH_HOUR_UTC = 2;

/** The most recent moment at `hourUtc` o'clock UTC at or before `now`. */
export function lastNightlyMoment(now: Date, hourUtc = NIGHTLY_FULL_REFRESH_HOUR_UTC): Date {
  const moment = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (moment.getTime() > now.getTime()) moment.setUTCDate(moment.getUTCDate() - 1);
  return moment;
}

export function fullRefreshDue(state: { cursor: string | null; lastFullAt: string | null }, now: Date, hourUtc = NIGHTLY_FULL_REFRESH_HOUR_UTC): boolean {
  if (state.cursor === null || state.lastFullAt === null) return true;
  return Date.parse(state.lastFullAt) < lastNightlyMoment(now, hourUtc).getTime();
}
