import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_STATE, readState, stateFilePath, writeState } from '../../../src-main/settings/state-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('state file', () => {
  it('answers the empty state when there is no file, and round-trips a written one', async () => {
    expect(await readState(dir)).toEqual(EMPTY_STATE);
    const state = { ...EMPTY_STATE, mode: 'demo' as const, settings: { ...EMPTY_STATE.settings, orgDomains: ['contoso.example'] } };
    await writeState(dir, state);
    expect(await readState(dir)).toEqual(state);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  // Issue 20: a file is never moved aside or rewritten (before, this test asserted it was moved to *.corrupt-*).
  it('refuses a file that is not JSON with the reason, and leaves it exactly where it was', async () => {
    await writeFile(stateFilePath(dir), '{"version": 1, "mode": "dem');
    await expect(readState(dir)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/is not valid JSON .*left as it is/) });
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(await readFile(stateFilePath(dir), 'utf8')).toBe('{"version": 1, "mode": "dem');
  });

  it('refuses to write an invalid state and leaves the old file intact', async () => {
    await writeState(dir, EMPTY_STATE);
    const bad = { ...EMPTY_STATE, settings: { ...EMPTY_STATE.settings, scheduleMinutes: 0 } };
    await expect(writeState(dir, bad)).rejects.toThrow();
    expect(await readState(dir)).toEqual(EMPTY_STATE);
  });
});
