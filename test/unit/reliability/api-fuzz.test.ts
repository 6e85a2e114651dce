/**
 * Issue 10, malformed Api calls over HTTP and IPC, fuzzed: random bodies (JSON of every shape, broken JSON,
 * binary) to every method of the contract and to unknown names. The console answers each with the
 * Result envelope - a handler's value only when the input parsed, else a whitelisted error shape
 * (invalid-input, unknown-method) - never a 500, a stack or a dropped connection. The stub
 * handlers answer "not-available", so an ok:false with that code means the input was accepted.
 */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, apiContract, type ApiHandlers } from '../../../src-shared/api.js';
import { APP_ERROR_CODES, AppError } from '../../../src-shared/errors.js';
import { handleApiInvoke, type ApiInvokeEvent } from '../../../src-main/electron/ipc.js';
import { startConsoleServer, type ConsoleServer } from '../../../src-main/server/console-server.js';
import { stubHandlers } from '../../support/api-handler-stubs.js';

let server: ConsoleServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'api-fuzz-'));
  server = await startConsoleServer({ handlers: stubHandlers(), staticDir: dir, events: { subscribe: () => () => undefined } });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function post(method: string, body: Buffer): Promise<{ status: number; text: string }> {
  const { port, host } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), method: 'POST', path: `/api/${encodeURIComponent(method)}`, headers: { host, authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const body = fc.oneof(
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  fc.dictionary(fc.constantFrom('limit', 'offset', 'mailbox', 'query', 'format', 'from', 'to', 'actions', 'id', 'orgDomains', '__proto__', 'constructor'), fc.jsonValue()).map((v) => Buffer.from(JSON.stringify(v))),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
);
const method = fc.oneof(fc.constantFrom(...API_METHODS), fc.string({ maxLength: 30 }), fc.constantFrom('__proto__', 'constructor', 'toString', '../app.status'));

describe('fuzzed Api calls over HTTP', () => {
  it('answers every call with the Result envelope and a whitelisted error shape', async () => {
    await fc.assert(
      fc.asyncProperty(method, body, async (name, payload) => {
        const { status, text } = await post(name, payload);
        expect(status).toBeLessThan(500);
        expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack
        if (status === 404) return; // a method name the router does not route (e.g. with a slash)
        const answer = JSON.parse(text) as { ok: boolean; error?: Record<string, unknown> };
        expect(typeof answer.ok).toBe('boolean');
        if (!answer.ok) {
          expect(APP_ERROR_CODES).toContain(answer.error?.['code']);
          expect(Object.keys(answer.error ?? {}).every((k) => ['code', 'message', 'retryable', 'issues'].includes(k))).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  }, 120_000);
});

/** Handlers that note any input the contract would refuse: the IPC layer must never pass one on. */
function contractCheckingHandlers(violations: string[]): ApiHandlers {
  return Object.fromEntries(
    API_METHODS.map((name) => [
      name,
      async (input: unknown) => {
        if (!apiContract[name].input.safeParse(input).success) violations.push(name);
        throw new AppError('not-available', `${name} is a stub`);
      },
    ]),
  ) as unknown as ApiHandlers;
}

const ORIGIN = 'app://correspondent';
const senderFrame = fc.oneof(
  fc.constant({ senderFrame: { url: `${ORIGIN}/index.html` } }),
  fc.constantFrom({ senderFrame: { url: 'https://evil.example/' } }, { senderFrame: null }, {}, { senderFrame: { url: 'app://correspondent.evil/x' } }),
);
const ipcRequest = fc.oneof(
  fc.anything(),
  fc.record({ method, input: fc.anything() }),
  fc.record({ method: fc.constantFrom(...API_METHODS), input: fc.jsonValue() }),
  fc.record({ method: fc.constantFrom(...API_METHODS), input: fc.dictionary(fc.constantFrom('limit', 'mailbox', 'files', 'source', 'format', 'actor', '__proto__'), fc.anything()) }),
);

describe('fuzzed Api calls over IPC', () => {
  it('answers every request with a Result, refuses foreign frames, and passes handlers only input the contract accepts', async () => {
    const violations: string[] = [];
    const deps = { handlers: contractCheckingHandlers(violations), allowedOrigin: ORIGIN };
    await fc.assert(
      fc.asyncProperty(senderFrame, ipcRequest, async (event, request) => {
        const answer = await handleApiInvoke(deps, event as ApiInvokeEvent, request);
        expect(answer.ok).toBe(false); // every handler is a stub: nothing can succeed
        if (answer.ok) return;
        expect(APP_ERROR_CODES).toContain(answer.error.code);
        expect(Object.keys(answer.error).every((k) => ['code', 'message', 'retryable', 'issues'].includes(k))).toBe(true);
        expect(answer.error.message).not.toMatch(/\bat .*\.(ts|js):\d+/);
        const fromConsole = (event as { senderFrame?: { url?: string } | null }).senderFrame?.url === `${ORIGIN}/index.html`;
        if (!fromConsole) expect(answer.error.code).toBe('forbidden');
      }),
      { numRuns: 3000 },
    );
    expect(violations).toEqual([]);
  }, 120_000);
});
