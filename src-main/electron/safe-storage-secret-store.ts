/**
 * The desktop vault: secrets encrypted with Electron's safeStorage (DPAPI on Windows, the Keychain
 * on macOS, libsecret/kwallet on Linux). On Linux without a keyring safeStorage falls back to a
 * hard-coded key ("basic_text"), which is obfuscation, not encryption: we refuse it (fail closed)
 * and tell the admin to unlock a keyring or run headless with CORRESPONDENT_SECRET_KEY.
 */
import { AppError } from '../../src-shared/errors.js';
import { createFileSecretStore, secretsFilePath, type SecretCipher, type SecretStore } from '../settings/secret-store.js';

/** The part of Electron's `safeStorage` we use (injected, so it is testable under plain Node). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

const PREFIX = 'ss1.';

export function createSafeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new AppError('not-configured', 'The operating system offers no secret encryption (safeStorage unavailable): secrets will not be stored in plain text.');
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    throw new AppError(
      'not-configured',
      'No desktop keyring (GNOME Keyring or KWallet) is available, so secrets cannot be encrypted: unlock a keyring, or run headless with CORRESPONDENT_SECRET_KEY.',
    );
  }
  return {
    description: 'Electron safeStorage',
    async encrypt(plaintext) {
      return PREFIX + safeStorage.encryptString(plaintext).toString('base64');
    },
    async decrypt(ciphertext) {
      if (!ciphertext.startsWith(PREFIX)) throw new Error('not a safeStorage vault entry');
      return safeStorage.decryptString(Buffer.from(ciphertext.slice(PREFIX.length), 'base64'));
    },
    isStale: (ciphertext) => !ciphertext.startsWith(PREFIX),
  };
}

/** The desktop vault in the data directory. Throws (fail closed) when safeStorage cannot encrypt. */
export function createSafeStorageSecretStore(dataDir: string, safeStorage: SafeStorageLike, platform?: NodeJS.Platform): SecretStore {
  return createFileSecretStore(secretsFilePath(dataDir), createSafeStorageCipher(safeStorage, platform));
}
