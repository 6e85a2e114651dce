/**
 * The secret vault: client secrets, certificate keys, MSAL token caches (refresh tokens) and
 * database passwords, encrypted at rest in one file of the data directory. Encryption is a
 * pluggable `SecretCipher` (Electron safeStorage on the desktop, AES-256-GCM with an environment
 * key headless) and there is no plaintext cipher at all: a vault without a working cipher cannot
 * be built, so a secret is never written in the clear by accident (fail closed).
 */
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors.js';

/** Names of the secrets the app keeps. Values are opaque strings (JSON where structured). */
export const SECRET_NAMES = {
  clientSecret: 'tenant.client-secret',
  /** JSON `{ privateKeyPem, certificatePem }` of the app registration's certificate. */
  certificate: 'tenant.certificate',
  /** msal-node's serialized app-only token cache. */
  appTokenCache: 'msal.app-cache',
  /** msal-node's serialized delegated cache (holds the admin's refresh token). */
  userTokenCache: 'msal.user-cache',
  databasePassword: 'database.password',
  searchPassword: 'search.password',
  /** The connected CRM's credential (issue 22): a consumer secret, a PEM private key or an access token. */
  crmSecret: 'crm.secret',
} as const;

export type SecretName = (typeof SECRET_NAMES)[keyof typeof SECRET_NAMES];

/** Encrypts and decrypts one value. Ciphertexts carry a version prefix so keys can rotate. */
export interface SecretCipher {
  /** Short label for status output ("safeStorage", "AES-256-GCM (environment key)"). */
  readonly description: string;
  encrypt(plaintext: string): Promise<string>;
  decrypt(ciphertext: string): Promise<string>;
  /** True when the ciphertext was made with an older key or format and should be rewritten. */
  isStale(ciphertext: string): boolean;
}

/** The vault as the rest of the app sees it. */
export interface SecretStore {
  get(name: SecretName): Promise<string | null>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
  /** Re-encrypts every entry made with an old key (after a key rotation); returns how many. */
  reencrypt(): Promise<number>;
}

const vaultFileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) }).strict();
type VaultFile = z.infer<typeof vaultFileSchema>;

export function secretsFilePath(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

/** A vault in `file`, encrypting every value with `cipher`. Writes are serialised and atomic. */
export function createFileSecretStore(file: string, cipher: SecretCipher): SecretStore {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function load(): Promise<VaultFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = vaultFileSchema.safeParse(json);
    // A damaged vault is reported, never replaced: overwriting it would destroy the secrets.
    if (!parsed.success) throw new AppError('invalid-input', `The secret vault ${file} is damaged; restore it from a backup or delete it and enter the secrets again.`);
    return parsed.data;
  }

  async function save(vault: VaultFile): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(vault, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, file);
    } catch (error) {
      // A full disk may leave half a temp file: remove it; the vault itself was never touched.
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  return {
    get: (name) =>
      serial(async () => {
        const stored = (await load()).entries[name];
        if (stored === undefined) return null;
        try {
          return await cipher.decrypt(stored);
        } catch (error) {
          throw new AppError('not-configured', `The secret "${name}" cannot be decrypted with the current key (${cipher.description}): supply the key it was stored with, or enter the secret again.`, { cause: error });
        }
      }),
    set: (name, value) =>
      serial(async () => {
        const vault = await load();
        vault.entries[name] = await cipher.encrypt(value);
        await save(vault);
      }),
    delete: (name) =>
      serial(async () => {
        const vault = await load();
        if (!(name in vault.entries)) return;
        delete vault.entries[name];
        await save(vault);
      }),
    reencrypt: () =>
      serial(async () => {
        const vault = await load();
        let count = 0;
        for (const [name, stored] of Object.entries(vault.entries)) {
          if (!cipher.isStale(stored)) continue;
          vault.entries[name] = await cipher.encrypt(await cipher.decrypt(stored));
          count += 1;
        }
        if (count > 0) await save(vault);
        return count;
      }),
  };
}
