/**
 * Issue 20: a worker's state reaches `status` and the console's health page (`sync.state`)
 * through its status file - also while the database is down - and a killed worker's leftover
 * file never shows it as alive.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncHandlers } from '../../../src-main/app/handlers/sync-handlers.js';
import type { SyncService } from '../../../src-main/app/sync-service.js';
import { createWorkerStatusWriter, readWorkerStatuses, workersDir, type WorkerStatus } from '../../../src-main/app/worker-status-file.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { settingsSchema } from '../../../src-shared/settings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'worker-status-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const status = (pid: number, state: string): WorkerStatus => ({
  instanceId: `host:${pid}:abc`, host: 'host', pid, startedAt: '2026-01-01T00:00:00.000Z', state, detail: state === 'running' ? null : 'MariaDB became unavailable (ECONNREFUSED)',
  since: '2026-01-01T00:01:00.000Z', consecutiveFailures: 2, nextAttemptAt: '2026-01-01T00:01:04.000Z', lastCycleAt: null, search: null, updatedAt: '2026-01-01T00:01:00.000Z',
});

describe('worker status', () => {
  it('sync.state lists the live workers of the data directory with their state; a dead one is left out', async () => {
    await createWorkerStatusWriter(dir, silentLogger()).write(status(process.pid, 'database-unavailable'));
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    await mkdir(workersDir(dir), { recursive: true });
    await writeFile(path.join(workersDir(dir), `${child.pid}.json`), JSON.stringify(status(child.pid as number, 'running')));
    await writeFile(path.join(workersDir(dir), '99.json'), '{"instanceId": "half a fi');

    const sync = { isPaused: async () => false, running: () => false, instanceId: 'console-1' } as unknown as SyncService;
    const state = await syncHandlers(sync, () => settingsSchema.parse({}), () => readWorkerStatuses(dir))['sync.state']({});
    expect(state.workers).toEqual([expect.objectContaining({ pid: process.pid, state: 'database-unavailable', detail: expect.stringMatching(/ECONNREFUSED/) })]);
  });
});
