import { describe, expect, it } from 'vitest';
import { secureSession, type SecuredSession } from '../../../src-main/electron/session-security.js';
import { buildTrayMenu } from '../../../src-main/electron/tray-menu.js';
import { CONSOLE_CSP } from '../../../src-main/server/security-headers.js';

describe('secureSession', () => {
  it('replaces any CSP with the console CSP and refuses every permission', () => {
    let onHeaders: Parameters<SecuredSession['webRequest']['onHeadersReceived']>[0] | undefined;
    let onPermission: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let onCheck: (() => boolean) | undefined;
    const fake = {
      webRequest: { onHeadersReceived: (listener: unknown) => void (onHeaders = listener as typeof onHeaders) },
      setPermissionRequestHandler: (listener: unknown) => void (onPermission = listener as typeof onPermission),
      setPermissionCheckHandler: (listener: unknown) => void (onCheck = listener as typeof onCheck),
    } as unknown as SecuredSession;
    secureSession(fake);

    let headers: Record<string, string[]> | undefined;
    (onHeaders as unknown as (details: unknown, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (response) => (headers = response.responseHeaders),
    );
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONSOLE_CSP] });

    let granted: boolean | undefined;
    onPermission?.({}, 'media', (value) => (granted = value));
    expect(granted).toBe(false);
    expect(onCheck?.()).toBe(false);
  });
});

describe('buildTrayMenu', () => {
  it('shows the sync state and wires Open / Sync now / Quit', () => {
    const clicked: string[] = [];
    const actions = { open: () => clicked.push('open'), syncNow: () => clicked.push('sync'), quit: () => clicked.push('quit') };
    const menu = buildTrayMenu({ kind: 'error', message: 'Graph unavailable' }, actions);
    expect(menu[0]).toMatchObject({ label: 'Sync failed: Graph unavailable', enabled: false });
    for (const id of ['open', 'sync-now', 'quit']) {
      (menu.find((item) => item.id === id)?.click as (() => void) | undefined)?.();
    }
    expect(clicked).toEqual(['open', 'sync', 'quit']);
    const syncing = buildTrayMenu({ kind: 'syncing' }, actions);
    expect(syncing.find((item) => item.id === 'sync-now')?.enabled).toBe(false);
  });
});
