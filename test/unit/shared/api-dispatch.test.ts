import { describe, expect, it } from 'vitest';
import { API_METHODS, apiContract, type ApiHandlers } from '../../../src-shared/api.js';
import { createApiClient, dispatchApiCall } from '../../../src-shared/api-dispatch.js';
import { AppError } from '../../../src-shared/errors.js';
import { settingsSchema } from '../../../src-shared/settings.js';

/** Inputs for methods that take more than `{}`. */
const SAMPLE_INPUT: Record<string, unknown> = {
  'tenant.configure': { tenant: 'contoso.example', clientId: '3d9a6b2e-0f41-4c7e-8a55-6b1c2d3e4f50', credential: { kind: 'secret', secret: 's' } },
};

function handlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers {
  const cycle = { mailboxes: 1, read: 2, imported: 1, skipped: { 'internal-only': 1 }, alreadyStored: 0, unchanged: 0, durationMs: 5, failed: [], held: [], outcome: 'all-synced' as const, decidedAtEnvelope: 1, decidedAtContent: 1, bytesReceived: 2048 };
  return {
    'app.status': async () => ({
      version: '1.0.0',
      shell: 'cli',
      database: { connected: true, serverVersion: '10.11.6-MariaDB' },
      tenant: { configured: false, sandbox: false, tenantId: null },
      search: { configured: false, backlog: null },
      caller: { actor: 'jane', source: 'cli', signedIn: false },
    }),
    'emails.list': async (input) => ({ items: [], total: input.limit }),
    'mailboxes.list': async () => ({ items: [] }),
    'sync.runNow': async () => cycle,
    'sync.lastCycle': async () => ({ cycle: null, finishedAt: null }),
    'settings.get': async () => settingsSchema.parse({}),
    'settings.update': async (patch) => settingsSchema.parse(patch),
    'setup.state': async () => ({
      tenant: null,
      vault: { available: false, description: null, problem: 'no key' },
      database: { connected: true, serverVersion: null },
      search: { configured: false },
      network: { proxyUrl: null, source: 'none', extraCaFile: null },
      missing: [{ step: 'tenant', message: 'Enter the tenant.' }],
      complete: false,
    }),
    'tenant.configure': async (input) => ({
      tenant: input.tenant,
      tenantId: null,
      clientId: input.clientId,
      cloud: input.cloud,
      sandbox: false,
      credential: { kind: 'secret', expiresOn: null },
      consent: null,
    }),
    'consent.start': async () => ({ outcome: 'timed-out', message: 'closed' }),
    'consent.link': async () => ({ url: 'https://login.microsoftonline.com/contoso.example/v2.0/adminconsent' }),
    'consent.health': async () => ({ state: 'not-configured', message: 'none', checkedAt: new Date().toISOString(), consent: null, connectedBy: null, credential: null, aadsts: null, permissions: null }),
    'database.test': async () => ({ ok: false, failure: 'refused', message: 'refused' }),
    'search.test': async () => ({ ok: true, serverVersion: '9.0.0', message: 'ok' }),
    'organisation.identity': async () => ({ verifiedDomains: [], proposedOrgDomains: [], aliases: [] }),
    'setup.useSandbox': async () => ({ tenantId: 't', mailboxes: 0, orgDomains: [], message: 'ok' }),
    'mailboxes.setOptIn': async (input) => ({ updated: input.addresses.length }),
    'sync.pause': async () => ({ paused: true }),
    'sync.resume': async () => ({ paused: false }),
    'sync.state': async () => ({ paused: false, running: false, instanceId: 'host:1', scheduleMinutes: 15, workers: [] }),
    'health.mailboxes': async () => ({ paused: false, items: [] }),
    'health.mailbox': async (input) => ({
      mailbox: {
        address: input.address,
        displayName: '',
        optedIn: true,
        state: 'ok',
        lastSuccessAt: null,
        lastError: null,
        heldBy: null,
        lastRun: { startedAt: null, finishedAt: null, durationMs: null, pages: 0, read: 0, imported: 0, alreadyStored: 0, unchanged: 0, skipped: {}, masked: 0, retries: 0, throttled: 0, errorCode: null },
        nextRunAt: null,
      },
      folders: [],
    }),
    'health.cycles': async () => ({ budgetMs: 900_000, items: [] }),
    'health.missingFromCrm': async () => ({ items: [] }),
    'audit.list': async () => ({ items: [], nextBeforeSeq: null, total: 0 }),
    'audit.export': async (input) => ({ location: 'memory:', format: input.format, entries: 0 }),
    ...overrides,
  } as ApiHandlers;
}

describe('dispatchApiCall', () => {
  it('applies input defaults before the handler sees them', async () => {
    const result = await dispatchApiCall(handlers(), 'emails.list', {});
    expect(result).toEqual({ ok: true, value: { items: [], total: 100 } });
  });

  it('refuses an unknown method with a typed error', async () => {
    const result = await dispatchApiCall(handlers(), 'emails.drop', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('refuses invalid input with per-field issues and never calls the handler', async () => {
    let called = false;
    const result = await dispatchApiCall(
      handlers({ 'emails.list': async () => ((called = true), { items: [], total: 0 }) }),
      'emails.list',
      { limit: 10_000, extra: true },
    );
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-input');
      expect(result.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['limit']));
    }
  });

  it('treats a non-object input as invalid, not as a crash', async () => {
    for (const input of ['x', 42, [1, 2], true]) {
      const result = await dispatchApiCall(handlers(), 'mailboxes.list', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  it('passes AppErrors through and hides the text of unexpected errors', async () => {
    const failing = handlers({
      'sync.runNow': async () => {
        throw new AppError('not-configured', 'No tenant yet.');
      },
      'mailboxes.list': async () => {
        throw new Error('secret=hunter2 at line 3');
      },
    });
    expect(await dispatchApiCall(failing, 'sync.runNow', {})).toEqual({
      ok: false,
      error: { code: 'not-configured', message: 'No tenant yet.', retryable: false },
    });
    const hidden = await dispatchApiCall(failing, 'mailboxes.list', {});
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('hunter2');
  });

  it('refuses a handler output outside the contract as an internal error', async () => {
    const bad = handlers({ 'mailboxes.list': async () => ({ items: 'nope' }) as never });
    expect(await dispatchApiCall(bad, 'mailboxes.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('createApiClient', () => {
  it('validates input before it reaches the transport', async () => {
    let sent = 0;
    const client = createApiClient(async () => ((sent += 1), { ok: true, value: {} }));
    await expect(client['emails.list']({ limit: -1 })).rejects.toMatchObject({ code: 'invalid-input' });
    expect(sent).toBe(0);
  });

  it('round-trips through dispatchApiCall for every implemented method: the handler is called once with the parsed input and its answer comes back unchanged', async () => {
    const core = handlers();
    const calls: { method: string; input: unknown; output: unknown }[] = [];
    const recording = Object.fromEntries(
      Object.entries(core).map(([method, handler]) => [
        method,
        async (input: unknown) => {
          const output = await (handler as (i: unknown) => Promise<unknown>)(input);
          calls.push({ method, input, output });
          return output;
        },
      ]),
    ) as unknown as ApiHandlers;
    const client = createApiClient((method, input) => dispatchApiCall(recording, method, input));
    const inputs: Partial<Record<string, unknown>> = { 'mailboxes.setOptIn': { addresses: ['ann@contoso.example'], optedIn: true }, 'health.mailbox': { address: 'ann@contoso.example' } };
    // Every method the fake core implements (all but the console's data-heavy ones) round-trips.
    const methods = API_METHODS.filter((m) => m in core);
    expect(methods.length).toBeGreaterThan(25);
    for (const method of methods) {
      const input = (inputs[method] ?? SAMPLE_INPUT[method]) ?? {};
      const value = await (client[method] as (i: unknown) => Promise<unknown>)(input);
      const call = calls.at(-1);
      expect(call?.method).toBe(method);
      expect(call?.input).toEqual(apiContract[method].input.parse(input));
      expect(value).toEqual(call?.output);
    }
    expect(calls).toHaveLength(methods.length);
  });

  it('turns an error result into a thrown AppError and refuses off-contract outputs', async () => {
    const failing = createApiClient(async () => ({ ok: false, error: { code: 'forbidden', message: 'no', retryable: false } }));
    await expect(failing['app.status']({})).rejects.toMatchObject({ code: 'forbidden', message: 'no' });
    const lying = createApiClient(async () => ({ ok: true, value: { version: 1 } }));
    await expect(lying['app.status']({})).rejects.toMatchObject({ code: 'internal' });
  });
});
