import { MAX_CRM_UPLOAD_BYTES } from '../../../src-shared/crm-import.js';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_API_PAYLOAD_BYTES, type ApiEvent, type ApiHandlers } from '../../../src-shared/api.js';
import { AppError } from '../../../src-shared/errors.js';
import { startConsoleServer, type ConsoleServer } from '../../../src-main/server/console-server.js';
import { currentSource } from '../../../src-main/app/caller.js';
import { stubHandlers } from '../../support/api-handler-stubs.js';

type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function rawRequest(
  server: ConsoleServer,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const listeners = new Set<(event: ApiEvent) => void>();
const calls: { method: string; input: unknown; source?: string | null }[] = [];

const handlers: ApiHandlers = {
  ...stubHandlers(),
  'app.status': async () => ({
    version: '0.1.0-test',
    shell: 'headless',
    database: { connected: true, serverVersion: '11.4.0-MariaDB' },
    tenant: { configured: true, sandbox: true, tenantId: 'tenant-1' },
    search: { configured: false, backlog: null },
    caller: { actor: 'jane', source: 'desktop', signedIn: false },
  }),
  'emails.list': async (input) => {
    calls.push({ method: 'emails.list', input, source: currentSource() ?? null });
    return { items: [], total: 0 };
  },
  'mailboxes.list': async () => {
    throw new Error('secret detail that must not leak');
  },
  'sync.runNow': async () => {
    throw new AppError('not-configured', 'Connect a tenant first.');
  },
  'sync.lastCycle': async () => ({ cycle: null, finishedAt: null }),
  'audit.list': async () => ({ items: [], nextBeforeSeq: null, total: 0 }),
  'audit.export': async (input) => ({ location: 'memory:', format: input.format, entries: 0 }),
};

let staticDir: string;
let server: ConsoleServer;
let host: string;
let auth: Record<string, string>;

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'console-server-'));
  staticDir = path.join(base, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Correspondent</title>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.txt'), 'outside the root');
  await symlink(path.join(base, 'secret.txt'), path.join(staticDir, 'escape.txt'));
  server = await startConsoleServer({
    handlers,
    staticDir,
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  });
  host = new URL(server.origin).host;
  auth = { Host: host, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
  return async () => {
    await rm(base, { recursive: true, force: true });
  };
});

afterAll(async () => {
  await server.close();
});

function post(method: string, body: string, headers: Record<string, string> = auth) {
  return rawRequest(server, { method: 'POST', path: `/api/${method}`, headers, body });
}

describe('startConsoleServer', () => {
  it('listens on loopback and hands out a URL carrying a 32-byte token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('answers an authorised call with the Result envelope from the handlers', async () => {
    const res = await post('app.status', '{}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { shell: 'headless', tenant: { tenantId: 'tenant-1' } } });
  });

  it('passes the parsed input (defaults applied) to the handler', async () => {
    calls.length = 0;
    const res = await post('emails.list', JSON.stringify({ mailbox: 'anna@contoso.example' }));
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { items: [], total: 0 } });
    // Run as a web-console call: what the handler records in the audit log says so (app/caller.ts).
    expect(calls).toEqual([{ method: 'emails.list', input: { mailbox: 'anna@contoso.example', limit: 100, offset: 0 }, source: 'web-console' }]);
  });

  it('treats an empty body as empty input', async () => {
    const res = await post('sync.lastCycle', '');
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { cycle: null, finishedAt: null } });
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'Bearer not-the-token'],
    ['not a bearer', 'Basic abc'],
  ])('refuses a %s token with 401 unauthorized', async (_label, authorization) => {
    const headers: Record<string, string> = { Host: host, 'Content-Type': 'application/json' };
    if (authorization) headers.Authorization = authorization;
    const res = await post('app.status', '{}', headers);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it.each(['evil.example', `evil.example:${'1'}`, '127.0.0.2:80', 'localhost'])('refuses Host %s with 403 (DNS rebinding)', async (badHost) => {
    const res = await post('app.status', '{}', { ...auth, Host: badHost });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('accepts localhost:PORT as Host', async () => {
    const res = await post('app.status', '{}', { ...auth, Host: `localhost:${new URL(server.origin).port}` });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Origin with 403 and accepts its own', async () => {
    const foreign = await post('app.status', '{}', { ...auth, Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ error: { code: 'forbidden' } });
    const own = await post('app.status', '{}', { ...auth, Origin: server.origin });
    expect(own.status).toBe(200);
  });

  it('refuses a body over MAX_API_PAYLOAD_BYTES with 413 payload-too-large', async () => {
    const big = JSON.stringify({ mailbox: 'x'.repeat(MAX_API_PAYLOAD_BYTES) });
    const res = await post('emails.list', big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'payload-too-large' } });
  });

  it('lets the CRM upload (crm.import) through above 1 MB, up to its own limit', async () => {
    const crm = (size: number) => JSON.stringify({ files: [{ name: 'contacts.csv', text: 'x'.repeat(size) }] });
    const upload = await post('crm.import', crm(2 * MAX_API_PAYLOAD_BYTES));
    expect(upload.status).toBe(200);
    expect(JSON.parse(upload.body)).toMatchObject({ ok: false, error: { code: 'not-available' } }); // reached the (stub) handler
    const tooLarge = await post('crm.import', crm(MAX_CRM_UPLOAD_BYTES + 10));
    expect(tooLarge.status).toBe(413);
  });

  it('refuses an oversized chunked body (no Content-Length) with 413', async () => {
    const res = await post('emails.list', 'x'.repeat(MAX_API_PAYLOAD_BYTES + 10), { ...auth, 'Transfer-Encoding': 'chunked' });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'payload-too-large' } });
  });

  it('answers malformed JSON with a typed invalid-input error', async () => {
    const res = await post('emails.list', '{"limit": ');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('answers schema-invalid input with invalid-input and the issues, without calling the handler', async () => {
    calls.length = 0;
    const res = await post('emails.list', JSON.stringify({ limit: 9999, extra: true }));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { ok: false; error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid-input');
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(['(root)', 'limit']);
    expect(calls).toEqual([]);
  });

  it('answers an unknown method with unknown-method', async () => {
    const res = await post('mail.deleteEverything', '{}');
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('carries AppErrors through and hides unexpected handler errors', async () => {
    expect(JSON.parse((await post('sync.runNow', '{}')).body)).toEqual({
      ok: false,
      error: { code: 'not-configured', message: 'Connect a tenant first.', retryable: false },
    });
    const hidden = await post('mailboxes.list', '{}');
    expect(hidden.status).toBe(200);
    expect(hidden.body).not.toContain('secret detail');
    expect(JSON.parse(hidden.body)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('refuses non-POST on /api with 405', async () => {
    const res = await rawRequest(server, { method: 'GET', path: '/api/app.status', headers: auth });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('serves index.html for / without a token, with the CSP and hardening headers', async () => {
    const res = await rawRequest(server, { path: `/?token=${server.token}`, headers: { Host: host } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<title>Correspondent</title>');
    const csp = String(res.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content type', async () => {
    const res = await rawRequest(server, { path: '/assets/app.js', headers: { Host: host } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.body).toBe('console.log(1)');
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets%2f..%2f..%2fsecret.txt', '/escape.txt', '/assets'])(
    'refuses %s (traversal, symlink escape, directory)',
    async (p) => {
      const res = await rawRequest(server, { path: p, headers: { Host: host } });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('outside the root');
    },
  );

  it('refuses static files to a foreign Host too', async () => {
    const res = await rawRequest(server, { path: '/', headers: { Host: 'evil.example' } });
    expect(res.status).toBe(403);
  });

  it('streams events as Server-Sent Events to a token holder only', async () => {
    const denied = await rawRequest(server, { path: '/api/events', headers: { Host: host } });
    expect(denied.status).toBe(401);

    const response = await fetch(`${server.origin}/api/events`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = (await reader.read()).value ?? '';
    expect(text).toContain(': connected');
    const event: ApiEvent = { type: 'sync.progress', mailbox: 'anna@contoso.example', read: 3, imported: 1 };
    for (const listener of listeners) listener(event);
    while (!text.includes('data: ')) text += (await reader.read()).value ?? '';
    expect(text).toContain(`data: ${JSON.stringify(event)}\n\n`);
    await reader.cancel();
    await expect.poll(() => listeners.size).toBe(0);
  });
});
