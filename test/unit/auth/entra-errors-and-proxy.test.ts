import { describe, expect, it } from 'vitest';
import { aadstsCodeOf, entraFailureKind, mapEntraError } from '../../../src-main/auth/entra-errors.js';
import { proxyFromPacResult, resolveProxy } from '../../../src-main/auth/proxy-config.js';

describe('AADSTS mapping', () => {
  it.each([
    [65001, 'consent-missing', 'consent-missing'],
    [7000215, 'graph-auth', 'secret-invalid'],
    [7000222, 'graph-auth', 'credential-expired'],
    [700024, 'graph-auth', 'clock-skew'],
    [90002, 'graph-auth', 'tenant-not-found'],
    [700082, 'graph-auth', 'sign-in-required'],
    [54005, 'graph-auth', 'sign-in-required'],
    [501481, 'graph-auth', 'sign-in-required'],
    [7000229, 'consent-missing', 'service-principal-missing'],
    [700016, 'graph-auth', 'app-not-found'],
  ] as const)('AADSTS%i -> %s / %s with an actionable message', (code, appCode, kind) => {
    const error = mapEntraError(new Error(`invalid_grant: AADSTS${code}: some server prose\r\nTrace ID: x`));
    expect(error.code).toBe(appCode);
    expect(error.message).toContain(`(AADSTS${code})`);
    expect(error.message).not.toContain('server prose');
    expect(entraFailureKind(aadstsCodeOf(error.message))).toBe(kind);
  });

  it('treats errors without a code as an unreachable, retryable service', () => {
    expect(mapEntraError(new Error('ECONNREFUSED'))).toMatchObject({ code: 'graph-unavailable', retryable: true });
  });
});

describe('proxy choice', () => {
  it('prefers the setting, then HTTPS_PROXY, then the system proxy', () => {
    const env = { HTTPS_PROXY: 'http://env:8080', NO_PROXY: 'localhost,.corp' };
    expect(resolveProxy({ configured: 'http://set:3128', env, system: 'http://sys:80' })).toEqual({ proxyUrl: 'http://set:3128', noProxy: 'localhost,.corp', source: 'settings' });
    expect(resolveProxy({ env, system: 'http://sys:80' })).toMatchObject({ proxyUrl: 'http://env:8080', source: 'environment' });
    expect(resolveProxy({ env: { https_proxy: 'http://lower:1' } })).toMatchObject({ proxyUrl: 'http://lower:1' });
    expect(resolveProxy({ env: {}, system: 'http://sys:80' })).toMatchObject({ proxyUrl: 'http://sys:80', source: 'system' });
    expect(resolveProxy({ env: {} })).toEqual({ proxyUrl: null, noProxy: null, source: 'none' });
  });

  it("reads Electron's resolveProxy answer", () => {
    expect(proxyFromPacResult('PROXY proxy.corp:8080; DIRECT')).toBe('http://proxy.corp:8080');
    expect(proxyFromPacResult('HTTPS secure.corp:443')).toBe('https://secure.corp:443');
    expect(proxyFromPacResult('DIRECT')).toBeNull();
  });
});
