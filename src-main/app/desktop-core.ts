/**
 * The core behind the desktop window: until the guided setup and org consent land, the desktop
 * app runs on the sandbox tenant (the "Try with the sandbox tenant" path), syncing on the
 * schedule in the background while the window is closed to the tray.
 */
import type { ApiHandlers } from '../../src-shared/api.js';
import { startSyncSchedule } from '../sync/scheduler.js';
import { startDemo } from './demo-runtime.js';
import type { EventHub } from './event-hub.js';
import type { Logger } from './logger.js';

export type DesktopCoreConfig = {
  dataDir: string;
  mariadbUrl: string | null;
  mariadbCaFile: string | null;
  logger: Logger;
};

export type DesktopCore = { handlers: ApiHandlers; events: EventHub; close(): Promise<void> };

export async function startDesktopCore(config: DesktopCoreConfig): Promise<DesktopCore> {
  const demo = await startDemo({ ...config, shell: 'electron' });
  const schedule = startSyncSchedule({ minutes: demo.settings.scheduleMinutes, runCycle: () => demo.app.runScheduledCycle(), logger: config.logger });
  // The first cycle runs at once; its failure is shown in the console, not fatal to the window.
  void demo.app.syncNow().catch((error: unknown) => config.logger.error({ err: error }, 'first sync cycle failed'));
  return {
    handlers: demo.app.handlers,
    events: demo.app.events,
    async close() {
      schedule.stop();
      await demo.close();
    },
  };
}
