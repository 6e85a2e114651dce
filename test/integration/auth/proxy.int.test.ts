import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantAuth } from '../../../src-main/auth/tenant-auth.js';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';
import { startAuthFixture, type AuthFixture } from './auth-fixture.js';
import { startConnectProxy } from '../../support/connect-proxy.js';

let fx: AuthFixture;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

beforeAll(async () => {
  fx = await startAuthFixture({ consent: 'granted' });
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy.close();
  await fx.close();
});

describe('corporate HTTPS proxy', () => {
  it('carries MSAL token requests and Graph calls through CONNECT, with the extra CA trusted inside the tunnel', async () => {
    const dispatcher = createHttpDispatcher({ extraCaPem: [fx.sandbox.caPem], proxyUrl: proxy.url });
    try {
      const config = await fx.store.read();
      if (!config) throw new Error('no config');
      const auth = await createTenantAuth(config, fx.vault, dispatcher, fx.log.logger);
      const before = fx.sandbox.requestLog().length;
      expect(await auth.consent.probeConsent()).toMatchObject({ state: 'granted' });
      expect((await auth.readOrganisationIdentity()).verifiedDomains.length).toBeGreaterThan(0);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([fx.sandbox.authorityHost]));
      const served = fx.sandbox.requestLog().slice(before).map((e) => e.path.split('?')[0]);
      expect(served).toEqual(expect.arrayContaining([`/${config.tenantId ?? config.tenant}/oauth2/v2.0/token`, '/v1.0/users', '/v1.0/domains']));
    } finally {
      await dispatcher.close();
    }
  });

  it('bypasses the proxy for NO_PROXY hosts', async () => {
    const dispatcher = createHttpDispatcher({ extraCaPem: [fx.sandbox.caPem], proxyUrl: proxy.url, noProxy: '127.0.0.1' });
    try {
      const config = await fx.store.read();
      if (!config) throw new Error('no config');
      const auth = await createTenantAuth(config, fx.vault, dispatcher, fx.log.logger);
      const tunnels = proxy.tunnels.length;
      expect(await auth.consent.probeConsent()).toMatchObject({ state: 'granted' });
      expect(proxy.tunnels.length).toBe(tunnels);
    } finally {
      await dispatcher.close();
    }
  });
});
