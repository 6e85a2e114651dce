/**
 * Issue 20, point 5: one wrongly typed setting (`"scheduleMinutes": "fifteen"`) used to fail the
 * whole state file, which was moved aside: the next run said no tenant was connected and every
 * other setting was gone. Now the file is never moved aside nor rewritten; the parts that need
 * the bad field refuse to start with a message naming each field, its value and what is
 * allowed; everything else - the tenant connection first - keeps working.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTenantRuntime } from '../../../src-main/app/tenant-runtime.js';
import { openSettingsStore } from '../../../src-main/settings/settings-store.js';
import { stateFilePath } from '../../../src-main/settings/state-file.js';
import { createStateFileTenantStore } from '../../../src-main/settings/tenant-config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'invalid-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tenant = {
  tenant: 'contoso.onmicrosoft.com',
  tenantId: '11111111-2222-3333-4444-555555555555',
  clientId: '3d9a6b2e-0f41-4c7e-8a55-6b1c2d3e4f50',
  cloud: 'global',
  authorityHost: 'login.microsoftonline.com',
  graphBaseUrl: 'https://graph.microsoft.com/v1.0',
  credential: { kind: 'secret', expiresOn: null },
  consent: null,
  connectedBy: null,
};

/** The file as an admin left it: a tenant, good settings, one bad value and one unknown key. */
const written = `${JSON.stringify(
  { version: 1, mode: 'tenant', tenant, settings: { orgDomains: ['contoso.example'], blockedDomains: ['spam.example'], scheduleMinutes: 'fifteen', retentionDays: 0, colour: 'blue' } },
  null,
  2,
)}\n`;

describe('a state file with invalid fields', () => {
  it('is neither moved nor rewritten; the sync refuses by field, value and rule; the valid settings and the tenant stay', async () => {
    await writeFile(stateFilePath(dir), written);
    const store = await openSettingsStore(dir);
    // The valid fields are the admin's; invalid ones are not guessed for the parts that refuse.
    expect(store.get()).toMatchObject({ orgDomains: ['contoso.example'], blockedDomains: ['spam.example'] });
    expect(store.problems().map((p) => [p.path, p.value])).toEqual([
      ['settings.scheduleMinutes', 'fifteen'],
      ['settings.retentionDays', 0],
      ['settings.colour', 'blue'],
    ]);
    let refusal: Error | null = null;
    try {
      store.require('The sync');
    } catch (error) {
      refusal = error as Error;
    }
    expect(refusal).toMatchObject({ code: 'invalid-input' });
    expect(refusal?.message).toMatch(/^The sync does not start: the settings in .*state\.json have invalid fields/);
    expect(refusal?.message).toMatch(/settings\.scheduleMinutes is "fifteen" \([^)]*expected number[^)]*allowed: a whole number from 5 to 1440\)/);
    expect(refusal?.message).toMatch(/settings\.retentionDays is 0 \([^)]*>=\s?1[^)]*\)/);
    expect(refusal?.message).toMatch(/settings\.colour is "blue" \(not a known setting/);
    // The tenant stays connected.
    const loaded = await loadTenantRuntime(dir, { CORRESPONDENT_SECRET_KEY: randomBytes(32).toString('hex') });
    expect(loaded.tenant?.config.tenantId).toBe(tenant.tenantId);
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(await readFile(stateFilePath(dir), 'utf8')).toBe(written);
  });

  it('a tenant update (consent recorded) keeps the invalid settings exactly as written; a settings change is refused and saves nothing', async () => {
    await writeFile(stateFilePath(dir), written);
    await createStateFileTenantStore(dir).update((current) => ({ ...current, consent: { grantedAt: '2026-03-01T10:00:00.000Z', grantedBy: null, via: 'link' } }));
    const after = JSON.parse(await readFile(stateFilePath(dir), 'utf8')) as { tenant: { consent: unknown }; settings: unknown };
    expect(after.tenant.consent).toMatchObject({ via: 'link' });
    expect(after.settings).toEqual(JSON.parse(written).settings);

    const before = await readFile(stateFilePath(dir), 'utf8');
    const store = await openSettingsStore(dir);
    await expect(store.update({ blockedDomains: ['other.example'] })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/settings\.scheduleMinutes is "fifteen".*nothing was saved/),
    });
    expect(await readFile(stateFilePath(dir), 'utf8')).toBe(before);
  });

  it('an invalid tenant section is named (never "no tenant is connected"), and the file is left alone', async () => {
    const broken = `${JSON.stringify({ version: 1, mode: 'tenant', tenant: { ...tenant, cloud: 'mars' }, settings: {} })}\n`;
    await writeFile(stateFilePath(dir), broken);
    await expect(loadTenantRuntime(dir, {})).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/tenant\.cloud is "mars"/) });
    expect((await openSettingsStore(dir)).problems()).toEqual([]);
    expect(await readFile(stateFilePath(dir), 'utf8')).toBe(broken);
  });
});
