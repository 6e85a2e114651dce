import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore, type SafeStorageLike } from '../../../src-main/electron/safe-storage-secret-store.js';
import { SECRET_NAMES, secretsFilePath } from '../../../src-main/settings/secret-store.js';

/** A stand-in for Electron's safeStorage: reversible, but visibly not plaintext. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: number } {
  const fake = {
    calls: 0,
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(plain: string) {
      fake.calls += 1;
      return Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a));
    },
    decryptString(encrypted: Buffer) {
      return Buffer.from([...encrypted].map((b) => b ^ 0x5a)).toString('utf8');
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
  return fake;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'safe-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safeStorage secret store', () => {
  it('encrypts every value through safeStorage and reads it back', async () => {
    const safe = fakeSafeStorage();
    const store = createSafeStorageSecretStore(dir, safe, 'linux');
    await store.set(SECRET_NAMES.clientSecret, 'top-secret-value');
    expect(safe.calls).toBe(1);
    expect(await store.get(SECRET_NAMES.clientSecret)).toBe('top-secret-value');
    const onDisk = await readFile(secretsFilePath(dir), 'utf8');
    expect(onDisk).toContain('ss1.');
    expect(onDisk).not.toContain('top-secret-value');
  });

  it('fails closed when the OS cannot encrypt, or only offers the plaintext-equivalent Linux fallback', () => {
    expect(() => createSafeStorageSecretStore(dir, fakeSafeStorage({ available: false }), 'win32')).toThrow(/plain text/);
    expect(() => createSafeStorageSecretStore(dir, fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toThrow(/keyring/);
    expect(() => createSafeStorageSecretStore(dir, fakeSafeStorage({ backend: 'basic_text' }), 'darwin')).not.toThrow();
  });
});
