import { describe, expect, it } from 'vitest';
import { createDesktopServices, PROXY_PROBE_URL } from '../../../src-main/electron/desktop-services.js';
import type { SafeStorageLike } from '../../../src-main/electron/safe-storage-secret-store.js';

function fakeSafeStorage(backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from([...Buffer.from(text)].reverse()),
    decryptString: (data) => Buffer.from([...data].reverse()).toString(),
    getSelectedStorageBackend: () => backend,
  };
}

describe('desktop services (Electron injected as fakes)', () => {
  it('encrypts the vault with safeStorage and refuses the unencrypted Linux fallback', async () => {
    const opened: string[] = [];
    const services = createDesktopServices({ safeStorage: fakeSafeStorage(), openExternal: async (url) => void opened.push(url), resolveProxy: async () => 'DIRECT', platform: 'linux' });
    const cipher = services.cipher();
    const sealed = await cipher.encrypt('client-secret-value');
    expect(sealed).not.toContain('client-secret-value');
    expect(await cipher.decrypt(sealed)).toBe('client-secret-value');
    const basic = createDesktopServices({ safeStorage: fakeSafeStorage('basic_text'), openExternal: async () => undefined, resolveProxy: async () => 'DIRECT', platform: 'linux' });
    expect(() => basic.cipher()).toThrow(/keyring/);
  });

  it('opens only https pages in the system browser', async () => {
    const opened: string[] = [];
    const services = createDesktopServices({ safeStorage: fakeSafeStorage(), openExternal: async (url) => void opened.push(url), resolveProxy: async () => 'DIRECT' });
    await services.openBrowser('https://login.microsoftonline.com/contoso.example/v2.0/adminconsent?client_id=x');
    await expect(services.openBrowser('file:///etc/passwd')).rejects.toThrow(/https/);
    expect(opened).toEqual(['https://login.microsoftonline.com/contoso.example/v2.0/adminconsent?client_id=x']);
  });

  it("asks the session for Microsoft's proxy and turns the PAC answer into a proxy URL", async () => {
    const asked: string[] = [];
    const answers = ['PROXY proxy.corp.example:3128; DIRECT', 'DIRECT'];
    const services = createDesktopServices({
      safeStorage: fakeSafeStorage(),
      openExternal: async () => undefined,
      resolveProxy: async (url) => (asked.push(url), answers.shift() ?? 'DIRECT'),
    });
    expect(await services.systemProxy()).toBe('http://proxy.corp.example:3128');
    expect(await services.systemProxy()).toBeNull();
    expect(asked).toEqual([PROXY_PROBE_URL, PROXY_PROBE_URL]);
  });
});
