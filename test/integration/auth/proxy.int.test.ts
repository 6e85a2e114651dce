import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantAuth } from '../../../src-main/auth/tenant-auth.js';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';
import { startAuthFixture, type AuthFixture } from './auth-fixture.js';

/** A tiny corporate proxy: HTTPS only through CONNECT, every tunnel recorded. */
async function startConnectProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    sockets.add(client);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

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
