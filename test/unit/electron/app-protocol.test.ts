import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, createAppProtocolHandler } from '../../../src-main/electron/app-protocol.js';
import { CONSOLE_CSP } from '../../../src-main/server/security-headers.js';

let base: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'app-protocol-'));
  await mkdir(path.join(base, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(base, 'renderer', 'index.html'), '<!doctype html><title>Correspondent</title>');
  await writeFile(path.join(base, 'renderer', 'assets', 'app.js'), 'export {}');
  await writeFile(path.join(base, 'secret.txt'), 'outside');
  handler = createAppProtocolHandler(path.join(base, 'renderer'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('createAppProtocolHandler', () => {
  it('serves the renderer with the CSP', async () => {
    const response = await handler(new Request(`${APP_ORIGIN}/index.html`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('Correspondent');
    const script = await handler(new Request(`${APP_ORIGIN}/assets/app.js`));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it.each([`${APP_ORIGIN}/%2e%2e/secret.txt`, `${APP_ORIGIN}/assets%2f..%2f..%2fsecret.txt`, 'app://other-host/index.html'])(
    'refuses %s',
    async (url) => {
      const response = await handler(new Request(url));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('outside');
    },
  );
});
