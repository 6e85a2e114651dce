/**
 * The redirect listener on real sockets: it names http://localhost:{port}/ (the only host whose port
 * Entra ignores), answers on both loopback addresses a browser may resolve localhost to, never on
 * another interface, and refuses a request for another host (DNS rebinding).
 */
import { createServer } from 'node:net';
import os from 'node:os';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startLoopbackListener, type LoopbackListener } from '../../../src-main/auth/loopback-listener.js';

const STATE = 'state-0123456789';

async function listener(): Promise<LoopbackListener> {
  return startLoopbackListener({ state: STATE, timeoutMs: 20_000, describe: () => ({ ok: true, title: 'Done', message: 'ok' }) });
}

async function get(url: string, host?: string): Promise<{ status: number; text: string }> {
  const response = await request(url, host ? { headers: { host } } : {});
  return { status: response.statusCode, text: await response.body.text() };
}

/** Whether this machine has IPv6 loopback at all (checked independently of the product). */
async function ipv6LoopbackAvailable(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}

const portOf = (l: LoopbackListener) => Number(new URL(l.redirectUri).port);

describe('loopback redirect listener', () => {
  it('redirects to http://localhost:{port}/ and answers on 127.0.0.1 and on ::1 with the same port', async () => {
    const l = await listener();
    try {
      expect(l.redirectUri).toMatch(/^http:\/\/localhost:\d+\/$/);
      const port = portOf(l);
      // A wrong state is refused (and the listener keeps waiting): this proves each address answers.
      expect((await get(`http://127.0.0.1:${port}/?state=wrong`)).status).toBe(400);
      if (await ipv6LoopbackAvailable()) expect((await get(`http://[::1]:${port}/?state=wrong`)).status).toBe(400);
      const done = await get(`http://localhost:${port}/?state=${STATE}&admin_consent=True`);
      expect(done.status).toBe(200);
      expect(await l.outcome).toMatchObject({ kind: 'response' });
    } finally {
      await l.close();
    }
  });

  it('is not reachable on any non-loopback address of this machine', async () => {
    const l = await listener();
    try {
      const port = portOf(l);
      const external = Object.values(os.networkInterfaces())
        .flat()
        .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && !a.internal && a.family === 'IPv4');
      // Loopback answers (the listener is up), and each external address refuses the connection.
      expect((await get(`http://127.0.0.1:${port}/?state=wrong`)).status).toBe(400);
      for (const address of external) await expect(get(`http://${address.address}:${port}/`)).rejects.toThrow();
    } finally {
      await l.close();
    }
  });

  it('refuses a request naming another host (DNS rebinding) and still takes the real answer', async () => {
    const l = await listener();
    try {
      const port = portOf(l);
      const rebound = await get(`http://127.0.0.1:${port}/?state=${STATE}&admin_consent=True`, `attacker.example:${port}`);
      expect(rebound.status).toBe(421);
      expect((await get(`http://127.0.0.1:${port}/?state=${STATE}&admin_consent=True`, `localhost:${port}`)).status).toBe(200);
      const outcome = await l.outcome;
      expect(outcome.kind === 'response' && outcome.params.get('admin_consent')).toBe('True');
    } finally {
      await l.close();
    }
  });
});
