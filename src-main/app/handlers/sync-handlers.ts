/** `sync.*`: run a cycle now, read the last one, pause and resume the schedule on every instance. */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { Settings } from '../../../src-shared/settings.js';
import type { WorkerStatus } from '../../../src-shared/worker-status.js';
import type { SyncService } from '../sync-service.js';

type SyncMethods = 'sync.runNow' | 'sync.lastCycle' | 'sync.pause' | 'sync.resume' | 'sync.state';

export function syncHandlers(sync: SyncService, settings: () => Settings, workers: () => Promise<WorkerStatus[]> = async () => [], actor: () => string = () => 'console'): Pick<ApiHandlers, SyncMethods> {
  return {
    'sync.runNow': async (input) => sync.syncNow(input.mailbox),
    'sync.lastCycle': async () => {
      const last = sync.lastCycle();
      return { cycle: last?.cycle ?? null, finishedAt: last?.finishedAt ?? null };
    },
    'sync.pause': async () => {
      await sync.setPaused(true, actor());
      return { paused: true };
    },
    'sync.resume': async () => {
      await sync.setPaused(false, actor());
      return { paused: false };
    },
    'sync.state': async () => ({
      paused: await sync.isPaused(),
      running: sync.running(),
      instanceId: sync.instanceId,
      scheduleMinutes: settings().scheduleMinutes,
      workers: await workers(),
    }),
  };
}
