/** `sync.*`: run a cycle now and read the last one. */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { SyncService } from '../sync-service.js';

export function syncHandlers(sync: SyncService): Pick<ApiHandlers, 'sync.runNow' | 'sync.lastCycle'> {
  return {
    'sync.runNow': async (input) => sync.syncNow(input.mailbox),
    'sync.lastCycle': async () => {
      const last = sync.lastCycle();
      return { cycle: last?.cycle ?? null, finishedAt: last?.finishedAt ?? null };
    },
  };
}
