import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_STATE, readState, writeState } from '../../../src-main/settings/state-file.js';
import { createStateFileTenantStore, type TenantConfig } from '../../../src-main/settings/tenant-config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tenant-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config: TenantConfig = {
  tenant: 'contoso.example',
  tenantId: null,
  clientId: '3d9a6b2e-0f41-4c7e-8a55-6b1c2d3e4f50',
  cloud: 'usgov-high',
  authorityHost: 'login.microsoftonline.us',
  graphBaseUrl: 'https://graph.microsoft.us/v1.0',
  credential: { kind: 'secret', expiresOn: '2026-12-31T00:00:00.000Z' },
  consent: null,
  connectedBy: null,
};

describe('tenant section of the state file', () => {
  it('keeps older state files (no tenant section) readable', async () => {
    await writeState(dir, EMPTY_STATE);
    expect((await readState(dir)).tenant).toBeUndefined();
    expect(await createStateFileTenantStore(dir).read()).toBeNull();
  });

  it('persists the tenant and records consent through the store', async () => {
    await writeState(dir, { ...EMPTY_STATE, mode: 'tenant', tenant: config });
    const store = createStateFileTenantStore(dir);
    await store.update((c) => ({ ...c, tenantId: '7c1f0c4e-6a52-4b8f-9d31-2f5e8a9b0c11', consent: { grantedAt: '2025-03-04T10:11:12.000Z', grantedBy: null, via: 'link' } }));
    const read = await readState(dir);
    expect(read.tenant).toMatchObject({ tenantId: '7c1f0c4e-6a52-4b8f-9d31-2f5e8a9b0c11', consent: { via: 'link' }, cloud: 'usgov-high' });
    expect(read.settings).toEqual(EMPTY_STATE.settings);
  });

  it('refuses a tenant section that carries a secret', async () => {
    const withSecret = { ...config, credential: { kind: 'secret', expiresOn: null, secret: 'x' } } as unknown as TenantConfig;
    await expect(writeState(dir, { ...EMPTY_STATE, tenant: withSecret })).rejects.toThrow();
  });
});
