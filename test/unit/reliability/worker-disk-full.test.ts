/**
 * Issue 20, point 1 - disk full on the data directory under a running worker. What the worker
 * writes there must never stop it: its status file (a write that fails is reported once per
 * kind and the next write tries again) and the app-only token cache in the vault (the token is
 * used from memory). MariaDB's own "disk full" is named, so the worker reports `disk-full`.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenCacheContext } from '@azure/msal-node';
import { createWorkerStatusWriter, workersDir, type WorkerStatus, type WorkerStatusIo } from '../../../src-main/app/worker-status-file.js';
import { createVaultCachePlugin, warnOncePerCode } from '../../../src-main/auth/token-cache-plugin.js';
import type { Logger } from '../../../src-main/logging/logger.js';
import type { SecretStore } from '../../../src-main/settings/secret-store.js';
import { asConnectionLoss } from '../../../src-main/store/connection-errors.js';
import { faultOf, verdictOfCycle } from '../../../src-main/sync/worker-health.js';
import { emptyCycleSummary } from '../../../src-shared/domain.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'worker-disk-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

function warnings() {
  const lines: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (_o, msg) => void lines.push(msg ?? ''), error: () => undefined, child: () => logger };
  return { logger, lines };
}

const status = (state: string): WorkerStatus => ({
  instanceId: 'host:1:abc', host: 'host', pid: process.pid, startedAt: '2026-01-01T00:00:00.000Z', state, detail: null, since: '2026-01-01T00:00:00.000Z',
  consecutiveFailures: 0, nextAttemptAt: null, lastCycleAt: null, search: null, updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('a full disk under the worker', () => {
  it('the status file: failed writes never throw, are reported once, leave no temp file, and the next write after space returns succeeds', async () => {
    let full = true;
    const io: WorkerStatusIo = {
      writeFile: async (file, data) => {
        if (full) {
          await writeFile(file, data.slice(0, 5)); // half a file, as a full disk leaves it
          throw enospc();
        }
        await writeFile(file, data);
      },
      rename,
      unlink,
      mkdir: async (d) => void (await mkdir(d, { recursive: true })),
    };
    const { logger, lines } = warnings();
    const writer = createWorkerStatusWriter(dir, logger, io);
    for (const state of ['running', 'database-unavailable', 'disk-full']) await expect(writer.write(status(state))).resolves.toBeUndefined();
    expect(lines).toEqual([expect.stringMatching(/cannot write the worker status file \(ENOSPC: the disk is full\); the worker carries on/)]);
    expect(await readdir(workersDir(dir))).toEqual([]);
    full = false;
    await writer.write(status('running'));
    expect(JSON.parse(await readFile(path.join(workersDir(dir), `${process.pid}.json`), 'utf8'))).toMatchObject({ state: 'running' });
    expect(lines).toHaveLength(2);
  });

  it('the app-only token cache: a vault write that fails hands the error on instead of failing the token request', async () => {
    const vault: SecretStore = { get: async () => null, set: async () => Promise.reject(enospc()), delete: async () => undefined, reencrypt: async () => 0 };
    const context = { cacheHasChanged: true, tokenCache: { serialize: () => '{"AccessToken":{}}', deserialize: () => undefined } } as unknown as TokenCacheContext;
    const codes: string[] = [];
    const tolerant = createVaultCachePlugin(vault, 'msal.app-cache', { onWriteError: warnOncePerCode((code) => codes.push(code)) });
    for (let i = 0; i < 3; i += 1) await expect(tolerant.afterCacheAccess(context)).resolves.toBeUndefined();
    expect(codes).toEqual(['ENOSPC']); // once, not per token
    // The admin's delegated cache (its refresh token) is not silently dropped: the failure surfaces.
    await expect(createVaultCachePlugin(vault, 'msal.user-cache').afterCacheAccess(context)).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it("MariaDB's full disk is named, and a worker whose mailboxes all failed on it reports disk-full", () => {
    const raw = Object.assign(new Error("The table 'emails' is full"), { code: 'ER_RECORD_FILE_FULL', errno: 1114 });
    const named = asConnectionLoss(raw) as { code: string; message: string };
    expect(named).toMatchObject({ code: 'database-unavailable', message: expect.stringMatching(/disk is full/) });
    expect(faultOf(raw)).toBe('disk-full');
    expect(faultOf(enospc())).toBe('disk-full');
    const summary = { ...emptyCycleSummary(), failed: [{ mailbox: 'a@ours.example', state: 'error' as const, code: named.code, reason: named.message }] };
    expect(verdictOfCycle(summary)).toMatchObject({ state: 'disk-full', fault: true });
  });
});
