/**
 * Binds the redirect listener to the loopback interface on one port for both address families.
 * The redirect URI names `localhost` (Entra ignores the port only for localhost), and a browser
 * may resolve localhost to ::1 before 127.0.0.1: listening on both means the answer reaches us
 * whichever it tries, and that no other local process can take the same port on the family we
 * left free and receive it instead. Nothing listens beyond loopback. Where IPv6 is unavailable
 * (no ::1: nobody can bind it), 127.0.0.1 alone is enough; a port already taken on ::1 by
 * someone else makes us pick another port.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LoopbackBinding = { port: number; servers: Server[] };

const ATTEMPTS = 5;
/** ::1 cannot exist on this machine: IPv4 alone is then safe. */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL']);

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, ipv6Only: host === '::1' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export async function bindLoopback(handler: RequestListener): Promise<LoopbackBinding> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const v4 = createServer(handler);
    await listen(v4, 0, '127.0.0.1');
    const port = (v4.address() as AddressInfo).port;
    const v6 = createServer(handler);
    try {
      await listen(v6, port, '::1');
      return { port, servers: [v4, v6] };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (NO_IPV6.has(code)) return { port, servers: [v4] };
      lastError = error;
      await closed(v4);
    }
  }
  throw new Error(`Could not listen on a free loopback port for both 127.0.0.1 and ::1 (${String((lastError as Error | null)?.message ?? lastError)}).`);
}
