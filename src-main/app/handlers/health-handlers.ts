/**
 * `health.*`: sync health for the console - per mailbox (state, lease, last run, next run), per
 * folder, the cycle history against the schedule's budget, and the "missing from CRM" domains.
 */
import type { ApiHandlers, MailboxHealth } from '../../../src-shared/api.js';
import { cycleSummarySchema, type MailboxStatus } from '../../../src-shared/domain.js';
import { AppError } from '../../../src-shared/errors.js';
import type { Settings } from '../../../src-shared/settings.js';
import type { MailStore } from '../../store/mail-store.js';
import type { MailboxHealthRow } from '../../store/sync-state-store.js';

type HealthMethods = 'health.mailboxes' | 'health.mailbox' | 'health.cycles' | 'health.missingFromCrm';

function combine(status: MailboxStatus, row: MailboxHealthRow | undefined): MailboxHealth {
  return {
    address: status.address,
    displayName: status.displayName,
    optedIn: status.optedIn,
    state: status.state,
    lastSuccessAt: status.lastSuccessAt,
    lastError: status.lastError,
    heldBy: row?.holder ?? null,
    lastRun: {
      startedAt: row?.startedAt ?? null,
      finishedAt: row?.finishedAt ?? null,
      durationMs: row?.durationMs ?? null,
      pages: row?.pages ?? 0,
      read: row?.read ?? 0,
      imported: row?.imported ?? 0,
      alreadyStored: row?.alreadyStored ?? 0,
      unchanged: row?.unchanged ?? 0,
      skipped: row?.skipped ?? {},
      masked: row?.masked ?? 0,
      retries: row?.retries ?? 0,
      throttled: row?.throttled ?? 0,
      errorCode: row?.errorCode ?? null,
    },
    nextRunAt: row?.nextRunAt ?? null,
  };
}

export function healthHandlers(store: MailStore, settings: () => Settings): Pick<ApiHandlers, HealthMethods> {
  return {
    'health.mailboxes': async () => {
      const [statuses, rows, paused] = await Promise.all([store.listMailboxes(), store.syncState.mailboxHealth(), store.syncState.isPaused()]);
      const byAddress = new Map(rows.map((r) => [r.mailbox, r]));
      return { paused, items: statuses.map((s) => combine(s, byAddress.get(s.address))) };
    },
    'health.mailbox': async ({ address }) => {
      const status = (await store.listMailboxes()).find((m) => m.address === address);
      if (!status) throw new AppError('invalid-input', `No mailbox ${address}.`);
      const [row] = await store.syncState.mailboxHealth([address]);
      return { mailbox: combine(status, row), folders: await store.syncState.folderHealth(address) };
    },
    'health.cycles': async ({ limit }) => {
      const budgetMs = settings().scheduleMinutes * 60_000;
      const items = [];
      for (const row of await store.syncState.cycleHistory(limit)) {
        const cycle = cycleSummarySchema.safeParse(row.summaryJson);
        if (cycle.success) items.push({ finishedAt: row.finishedAt, cycle: cycle.data, overBudget: cycle.data.durationMs > budgetMs });
      }
      return { budgetMs, items };
    },
    'health.missingFromCrm': async ({ limit }) => ({ items: await store.syncState.missingFromCrm(limit) }),
  };
}
