import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAesGcmCipher, parseSecretKey } from '../../../src-main/settings/aes-gcm-cipher.js';
import { cipherFromEnvironment } from '../../../src-main/settings/secret-key-env.js';
import { createFileSecretStore, SECRET_NAMES } from '../../../src-main/settings/secret-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SECRET = 'Zq8~s3cr3t-value-that-must-never-appear';

describe('AES-256-GCM cipher', () => {
  it('round-trips, never shows the plaintext, and carries a version and key id prefix', async () => {
    const cipher = createAesGcmCipher({ current: randomBytes(32), previous: [] });
    const sealed = await cipher.encrypt(SECRET);
    expect(sealed).toMatch(/^v1\.[0-9a-f]{12}\./);
    expect(sealed).not.toContain(SECRET);
    expect(await cipher.decrypt(sealed)).toBe(SECRET);
    expect(await cipher.encrypt(SECRET)).not.toBe(sealed);
  });

  it('rejects a tampered ciphertext and a ciphertext from an unknown key', async () => {
    const cipher = createAesGcmCipher({ current: randomBytes(32), previous: [] });
    const sealed = await cipher.encrypt(SECRET);
    const parts = sealed.split('.');
    const data = Buffer.from(parts[4] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 1;
    await expect(cipher.decrypt([...parts.slice(0, 4), data.toString('base64url')].join('.'))).rejects.toThrow();
    const other = createAesGcmCipher({ current: randomBytes(32), previous: [] });
    await expect(other.decrypt(sealed)).rejects.toThrow(/no key/);
  });

  it('parses hex and base64 keys and refuses anything that is not 256 bits', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'), 'k')).toEqual(key);
    expect(parseSecretKey(key.toString('base64'), 'k')).toEqual(key);
    expect(parseSecretKey(key.toString('base64url'), 'k')).toEqual(key);
    expect(() => parseSecretKey('correct horse battery staple', 'k')).toThrow(/256-bit/);
    expect(() => parseSecretKey(randomBytes(16).toString('hex'), 'k')).toThrow(/256-bit/);
  });
});

describe('key from the environment', () => {
  const read = async (file: string) => readFile(file, 'utf8');

  it('fails closed without a key instead of storing secrets in plain text', async () => {
    await expect(cipherFromEnvironment({}, read)).rejects.toMatchObject({ code: 'not-configured', message: expect.stringMatching(/CORRESPONDENT_SECRET_KEY/) });
  });

  it('takes the key from CORRESPONDENT_SECRET_KEY_FILE, and refuses both forms at once', async () => {
    const key = randomBytes(32).toString('base64');
    const file = path.join(dir, 'key');
    await writeFile(file, `${key}\n`);
    const fromFile = await cipherFromEnvironment({ CORRESPONDENT_SECRET_KEY_FILE: file }, read);
    const fromEnv = await cipherFromEnvironment({ CORRESPONDENT_SECRET_KEY: key }, read);
    expect(await fromEnv.decrypt(await fromFile.encrypt('x'))).toBe('x');
    await expect(cipherFromEnvironment({ CORRESPONDENT_SECRET_KEY: key, CORRESPONDENT_SECRET_KEY_FILE: file }, read)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(cipherFromEnvironment({ CORRESPONDENT_SECRET_KEY_FILE: path.join(dir, 'missing') }, read)).rejects.toMatchObject({ code: 'not-configured' });
  });
});

describe('file secret store', () => {
  it('stores values encrypted, reads them back, deletes them', async () => {
    const file = path.join(dir, 'secrets.json');
    const store = createFileSecretStore(file, createAesGcmCipher({ current: randomBytes(32), previous: [] }));
    expect(await store.get(SECRET_NAMES.clientSecret)).toBeNull();
    await Promise.all([store.set(SECRET_NAMES.clientSecret, SECRET), store.set(SECRET_NAMES.appTokenCache, '{"AccessToken":{}}')]);
    expect(await store.get(SECRET_NAMES.clientSecret)).toBe(SECRET);
    expect(await store.get(SECRET_NAMES.appTokenCache)).toBe('{"AccessToken":{}}');
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain('AccessToken');
    await store.delete(SECRET_NAMES.clientSecret);
    expect(await store.get(SECRET_NAMES.clientSecret)).toBeNull();
  });

  it('rotates keys: old entries decrypt with the previous key and are rewritten with the new one', async () => {
    const file = path.join(dir, 'secrets.json');
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await createFileSecretStore(file, createAesGcmCipher({ current: oldKey, previous: [] })).set(SECRET_NAMES.clientSecret, SECRET);
    const rotated = createFileSecretStore(file, createAesGcmCipher({ current: newKey, previous: [oldKey] }));
    expect(await rotated.get(SECRET_NAMES.clientSecret)).toBe(SECRET);
    expect(await rotated.reencrypt()).toBe(1);
    expect(await rotated.reencrypt()).toBe(0);
    const newOnly = createFileSecretStore(file, createAesGcmCipher({ current: newKey, previous: [] }));
    expect(await newOnly.get(SECRET_NAMES.clientSecret)).toBe(SECRET);
  });

  it('names the problem when the key is wrong, and reports a damaged vault instead of replacing it', async () => {
    const file = path.join(dir, 'secrets.json');
    await createFileSecretStore(file, createAesGcmCipher({ current: randomBytes(32), previous: [] })).set(SECRET_NAMES.clientSecret, SECRET);
    const wrongKey = createFileSecretStore(file, createAesGcmCipher({ current: randomBytes(32), previous: [] }));
    await expect(wrongKey.get(SECRET_NAMES.clientSecret)).rejects.toMatchObject({ code: 'not-configured', message: expect.not.stringContaining(SECRET) });
    await writeFile(file, '{"version":1,"entr');
    await expect(wrongKey.set(SECRET_NAMES.clientSecret, 'x')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/damaged/) });
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"entr');
  });
});
