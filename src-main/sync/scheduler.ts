/**
 * The cycle schedule: a sync cycle every N minutes (croner), never overlapping itself (`protect`),
 * never keeping the process alive on its own (`unref`), and never letting one failed cycle stop
 * the next. `runCycle` answers null when it skipped the cycle (sync paused).
 */
import { Cron } from 'croner';
import type { CycleSummary } from '../../src-shared/domain.js';
import type { Logger } from '../logging/logger.js';

export type SyncSchedule = { stop(): void; nextRunAt(): Date | null };

export function startSyncSchedule(options: {
  minutes: number;
  runCycle: () => Promise<CycleSummary | null>;
  onCycle?: (summary: CycleSummary) => void;
  logger: Logger;
}): SyncSchedule {
  const job = new Cron('* * * * *', { protect: true, unref: true, interval: options.minutes * 60 }, async () => {
    try {
      const summary = await options.runCycle();
      if (summary) options.onCycle?.(summary);
    } catch (error) {
      options.logger.error({ err: error }, 'scheduled sync cycle failed');
    }
  });
  return { stop: () => job.stop(), nextRunAt: () => job.nextRun() };
}
