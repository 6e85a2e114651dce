import { MAX_CRM_UPLOAD_BYTES } from '../../../src-shared/crm-import.js';
import { describe, expect, it } from 'vitest';
import { MAX_API_PAYLOAD_BYTES, type ApiHandlers } from '../../../src-shared/api.js';
import { API_INVOKE_CHANNEL } from '../../../src-shared/bridge.js';
import { handleApiInvoke, registerApiIpc, type ApiInvokeEvent } from '../../../src-main/electron/ipc.js';
import { stubHandlers } from '../../support/api-handler-stubs.js';
import { currentSource } from '../../../src-main/app/caller.js';

const ORIGIN = 'app://correspondent';
const calls: unknown[] = [];
const sources: (string | undefined)[] = [];

const handlers: ApiHandlers = {
  ...stubHandlers(),
  'app.status': async () => ({
    version: '0.1.0',
    shell: 'electron',
    database: { connected: false, serverVersion: null },
    tenant: { configured: false, sandbox: false, tenantId: null },
    search: { configured: false, backlog: null },
    caller: { actor: 'jane', source: 'desktop', signedIn: false },
  }),
  'emails.list': async (input) => {
    calls.push(input);
    sources.push(currentSource());
    return { items: [], total: 0 };
  },
  'mailboxes.list': async () => ({ items: [] }),
  'sync.runNow': async () => ({ mailboxes: 0, read: 0, imported: 0, skipped: {}, alreadyStored: 0, unchanged: 0, durationMs: 1, failed: [], held: [], outcome: 'none-synced', decidedAtEnvelope: 0, decidedAtContent: 0, bytesReceived: 0 }),
  'sync.lastCycle': async () => ({ cycle: null, finishedAt: null }),
  'audit.list': async () => ({ items: [], nextBeforeSeq: null, total: 0 }),
  'audit.export': async (input) => ({ location: 'memory:', format: input.format, entries: 0 }),
};

const fromConsole: ApiInvokeEvent = { senderFrame: { url: `${ORIGIN}/index.html` } };
const deps = { handlers, allowedOrigin: ORIGIN };

describe('registerApiIpc', () => {
  it('handles exactly the api:invoke channel and removes it again', async () => {
    const registered = new Map<string, (event: unknown, request: unknown) => unknown>();
    const unregister = registerApiIpc({
      ...deps,
      ipcMain: {
        handle: (channel, listener) => void registered.set(channel, listener as never),
        removeHandler: (channel) => void registered.delete(channel),
      },
    });
    expect([...registered.keys()]).toEqual([API_INVOKE_CHANNEL]);
    const result = await registered.get(API_INVOKE_CHANNEL)!(fromConsole, { method: 'sync.lastCycle', input: {} });
    expect(result).toEqual({ ok: true, value: { cycle: null, finishedAt: null } });
    unregister();
    expect(registered.size).toBe(0);
  });
});

describe('handleApiInvoke', () => {
  it('runs a valid call from the console frame', async () => {
    calls.length = 0;
    const result = await handleApiInvoke(deps, fromConsole, { method: 'emails.list', input: { limit: 5 } });
    expect(result).toEqual({ ok: true, value: { items: [], total: 0 } });
    expect(calls).toEqual([{ limit: 5, offset: 0 }]);
    // The call runs as the desktop app's: its audit entries say "desktop" (app/caller.ts).
    expect(sources.at(-1)).toBe('desktop');
  });

  it.each([
    ['another origin', 'https://evil.example/index.html'],
    ['a look-alike host', 'app://correspondent.evil/index.html'],
    ['file://', 'file:///tmp/index.html'],
    ['credentials in the URL', 'app://user:pw@correspondent/index.html'],
    ['an empty URL', ''],
  ])('refuses a call from %s with forbidden, without calling the handler', async (_label, url) => {
    calls.length = 0;
    const result = await handleApiInvoke(deps, { senderFrame: { url } }, { method: 'emails.list', input: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('refuses a call whose frame is gone', async () => {
    const result = await handleApiInvoke(deps, { senderFrame: null }, { method: 'app.status', input: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each([null, 'app.status', { method: 'app.status', input: {}, extra: 1 }, { input: {} }])(
    'refuses a malformed request envelope %j with invalid-input',
    async (request) => {
      const result = await handleApiInvoke(deps, fromConsole, request);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    },
  );

  it('validates the input against the contract and reports the issues', async () => {
    calls.length = 0;
    const result = await handleApiInvoke(deps, fromConsole, { method: 'emails.list', input: { limit: 0 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: [{ path: 'limit' }] } });
    expect(calls).toEqual([]);
  });

  it('answers an unknown method with unknown-method', async () => {
    const result = await handleApiInvoke(deps, fromConsole, { method: 'shell.exec', input: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('lets the CRM upload through above 1 MB, and refuses it over its own limit', async () => {
    const crm = (size: number) => ({ method: 'crm.import', input: { files: [{ name: 'contacts.csv', text: 'x'.repeat(size) }] } });
    expect(await handleApiInvoke(deps, fromConsole, crm(2 * MAX_API_PAYLOAD_BYTES))).toMatchObject({ ok: false, error: { code: 'not-available' } });
    expect(await handleApiInvoke(deps, fromConsole, crm(MAX_CRM_UPLOAD_BYTES + 10))).toMatchObject({ ok: false, error: { code: 'payload-too-large' } });
  });

  it('refuses input over MAX_API_PAYLOAD_BYTES', async () => {
    const result = await handleApiInvoke(deps, fromConsole, { method: 'emails.list', input: { mailbox: 'x'.repeat(MAX_API_PAYLOAD_BYTES) } });
    expect(result).toMatchObject({ ok: false, error: { code: 'payload-too-large' } });
  });
});
