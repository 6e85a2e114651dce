import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../../src-shared/api-dispatch.js';
import { settingsSchema, type Settings } from '../../../src-shared/settings.js';
import { settingsHandlers } from '../../../src-main/app/handlers/settings-handlers.js';
import { applySettingsPatch, createMemorySettingsStore, openSettingsStore } from '../../../src-main/settings/settings-store.js';
import { readState, stateFilePath } from '../../../src-main/settings/state-file.js';
import type { ApiHandlers } from '../../../src-shared/api.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const defaults = settingsSchema.parse({});

describe('settings store', () => {
  it('applies a patch field by field, keeping the fields it does not name', () => {
    const base = settingsSchema.parse({ orgDomains: ['contoso.example'], scheduleMinutes: 30 });
    const next = applySettingsPatch(base, { blockedDomains: ['Spam.Example'], network: { proxyUrl: 'http://proxy.corp.example:8080', noProxy: 'localhost,.corp.example' } });
    expect(next).toMatchObject({ orgDomains: ['contoso.example'], scheduleMinutes: 30, blockedDomains: ['spam.example'] });
    expect(next.network).toEqual({ proxyUrl: 'http://proxy.corp.example:8080', noProxy: 'localhost,.corp.example', extraCaFile: null });
  });

  it('refuses invalid values with one issue per field, and changes nothing', async () => {
    const store = createMemorySettingsStore(defaults);
    const seen: Settings[] = [];
    store.subscribe((next) => seen.push(next));
    const failure = store.update({
      orgDomains: ['ok.example', 'not a domain'],
      scheduleMinutes: 1,
      network: { proxyUrl: 'socks5://proxy:1080', noProxy: null, extraCaFile: 'relative/ca.pem' },
    });
    await expect(failure).rejects.toMatchObject({ code: 'invalid-input' });
    const issues = ((await failure.catch((e: unknown) => e)) as { issues: { path: string; message: string }[] }).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['network.extraCaFile', 'network.proxyUrl', 'orgDomains.1', 'scheduleMinutes']);
    expect(issues.find((i) => i.path === 'orgDomains.1')?.message).toMatch(/domain name/);
    expect(issues.find((i) => i.path === 'network.proxyUrl')?.message).toMatch(/proxy URL/);
    expect(store.get()).toEqual(defaults);
    expect(seen).toEqual([]);
  });

  it('returns per-field issues through the Api too, for unknown fields as well', async () => {
    const applied: [number | null, number | null][] = [];
    const handlers = settingsHandlers(createMemorySettingsStore(defaults), async (before, after) => {
      applied.push([before.retentionDays, after.retentionDays]);
    }) as Partial<ApiHandlers> as ApiHandlers;
    const result = await dispatchApiCall(handlers, 'settings.update', { retentionDays: 0, colour: 'blue' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const paths = result.ok ? [] : (result.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['retentionDays']));
    expect(result.ok ? '' : JSON.stringify(result.error.issues)).toMatch(/colour/);
    expect(await dispatchApiCall(handlers, 'settings.update', { retentionDays: 365 })).toMatchObject({ ok: true, value: { retentionDays: 365 } });
    // Only the valid update took effect (and was handed on to be applied and audited).
    expect(applied).toEqual([[defaults.retentionDays, 365]]);
  });

  it('writes the state file atomically, notifies subscribers, and a reopened store reads the change', async () => {
    const store = await openSettingsStore(dir);
    const seen: [number, number][] = [];
    store.subscribe((next, previous) => seen.push([previous.scheduleMinutes, next.scheduleMinutes]));
    await store.update({ scheduleMinutes: 60 });
    expect(store.get().scheduleMinutes).toBe(60);
    expect(seen).toEqual([[15, 60]]);
    expect((await readState(dir)).settings.scheduleMinutes).toBe(60);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await openSettingsStore(dir)).get().scheduleMinutes).toBe(60);
    expect(JSON.parse(await readFile(stateFilePath(dir), 'utf8'))).toMatchObject({ settings: { scheduleMinutes: 60 } });
  });

  it('serialises concurrent updates: none is lost', async () => {
    const store = await openSettingsStore(dir);
    await Promise.all([store.update({ orgDomains: ['a.example'] }), store.update({ blockedDomains: ['b.example'] }), store.update({ retentionDays: 30 })]);
    expect((await readState(dir)).settings).toMatchObject({ orgDomains: ['a.example'], blockedDomains: ['b.example'], retentionDays: 30 });
  });
});
