import { describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../../src-shared/api-dispatch.js';
import type { ApiHandlers } from '../../../src-shared/api.js';
import { stubHandlers } from '../../support/api-handler-stubs.js';

describe('plain validation messages', () => {
  const handlers: ApiHandlers = { ...stubHandlers(), 'settings.update': async () => Promise.reject(new Error('must not be reached')) };

  it('says what to enter instead of zod\'s developer text, per field, and never reaches the handler', async () => {
    const result = await dispatchApiCall(handlers, 'settings.update', { scheduleMinutes: 2, lookbackMaxDays: Number.NaN, network: { proxyUrl: 'proxy', noProxy: null, extraCaFile: null } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries((result.error.issues ?? []).map((i) => [i.path, i.message]));
    expect(byPath['scheduleMinutes']).toBe('Enter a number at least 5.');
    expect(byPath['lookbackMaxDays']).toBe('Enter a whole number, such as 15.');
    // The schema's own message wins where it has one.
    expect(byPath['network.proxyUrl']).toBe('must be a proxy URL such as http://proxy.example.com:8080');
    const text = JSON.stringify(result.error);
    expect(text).not.toMatch(/Too small|expected number|received NaN|Invalid input for/);
    expect(result.error.message).toBe('3 values are not valid; correct the fields marked and try again.');
  });
});
