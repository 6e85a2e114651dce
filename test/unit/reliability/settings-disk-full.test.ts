/**
 * Issue 10: the disk fills up while the settings file is saved. The write goes to a temp file that
 * is renamed over the old one, so a failing write (ENOSPC after half the bytes) must leave the old
 * file byte for byte, no temp file behind, a clear error, and the in-memory settings unchanged.
 */
import { mkdtemp, readdir, readFile, rm, writeFile, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettingsStore } from '../../../src-main/settings/settings-store.js';
import { readState, stateFilePath, writeState, type StateFileIo } from '../../../src-main/settings/state-file.js';
import { settingsSchema } from '../../../src-shared/settings.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'correspondent-enospc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the first half of the data, then fails as a full disk does. */
const fullDisk: StateFileIo = {
  async writeFile(file, data, options) {
    await writeFile(file, data.slice(0, Math.floor(data.length / 2)), options);
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  },
  rename,
  unlink,
};

describe('settings file on a full disk', () => {
  it('keeps the old file intact, leaves nothing half-written and says why', async () => {
    await writeState(dir, { version: 1, mode: 'tenant', settings: settingsSchema.parse({ orgDomains: ['old.example'] }) });
    const before = await readFile(stateFilePath(dir), 'utf8');

    const store = await openSettingsStore(dir, fullDisk);
    await expect(store.update({ orgDomains: ['new.example'] })).rejects.toMatchObject({
      name: 'AppError',
      code: 'internal',
      retryable: true,
      message: expect.stringMatching(/ENOSPC: the disk is full\); the previous settings are unchanged/),
    });

    expect(await readFile(stateFilePath(dir), 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['state.json']); // no temp file left
    expect(store.get().orgDomains).toEqual(['old.example']);
    expect((await readState(dir)).settings.orgDomains).toEqual(['old.example']);
  });

  it('saves normally once space is back', async () => {
    await writeState(dir, { version: 1, mode: 'tenant', settings: settingsSchema.parse({ orgDomains: ['old.example'] }) });
    let full = true;
    const io: StateFileIo = { ...fullDisk, writeFile: (f, d, o) => (full ? fullDisk.writeFile(f, d, o) : writeFile(f, d, o)) };
    const store = await openSettingsStore(dir, io);
    await expect(store.update({ orgDomains: ['new.example'] })).rejects.toThrow(/ENOSPC/);
    full = false;
    await store.update({ orgDomains: ['new.example'] });
    expect((await readState(dir)).settings.orgDomains).toEqual(['new.example']);
  });
});
