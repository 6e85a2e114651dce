import { describe, expect, it } from 'vitest';
import { API_METHODS, apiContract, type ApiHandlers } from '../../../src-shared/api.js';
import { createApiClient, dispatchApiCall } from '../../../src-shared/api-dispatch.js';
import { AppError } from '../../../src-shared/errors.js';

function handlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers {
  const cycle = { mailboxes: 1, read: 2, imported: 1, skipped: { 'internal-only': 1 }, durationMs: 5 };
  return {
    'app.status': async () => ({
      version: '1.0.0',
      shell: 'cli',
      database: { connected: true, serverVersion: '10.11.6-MariaDB' },
      tenant: { configured: false, sandbox: false, tenantId: null },
      search: { configured: false, backlog: null },
    }),
    'emails.list': async (input) => ({ items: [], total: input.limit }),
    'mailboxes.list': async () => ({ items: [] }),
    'sync.runNow': async () => cycle,
    'sync.lastCycle': async () => ({ cycle: null, finishedAt: null }),
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

  it('round-trips through dispatchApiCall for every implemented method that takes an empty input', async () => {
    const core = handlers();
    const client = createApiClient((method, input) => dispatchApiCall(core, method, input));
    const takingEmpty = API_METHODS.filter((method) => method in core && apiContract[method].input.safeParse({}).success);
    expect(takingEmpty).toContain('sync.lastCycle');
    for (const method of takingEmpty) {
      await expect((client[method] as (i: unknown) => Promise<unknown>)({})).resolves.toBeDefined();
    }
  });

  it('turns an error result into a thrown AppError and refuses off-contract outputs', async () => {
    const failing = createApiClient(async () => ({ ok: false, error: { code: 'forbidden', message: 'no', retryable: false } }));
    await expect(failing['app.status']({})).rejects.toMatchObject({ code: 'forbidden', message: 'no' });
    const lying = createApiClient(async () => ({ ok: true, value: { version: 1 } }));
    await expect(lying['app.status']({})).rejects.toMatchObject({ code: 'internal' });
  });
});
