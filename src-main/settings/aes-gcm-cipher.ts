/**
 * Headless secret encryption: AES-256-GCM with a key the operator supplies (environment or file).
 * Each ciphertext is `v1.<key id>.<iv>.<tag>.<data>`: the version and key id let a new key be
 * introduced while entries made with the previous one still decrypt, then be rewritten. The key
 * is never derived from the machine (a copied disk would carry its own key) and never generated
 * silently: without a key there is no cipher (see secret-key-env.ts).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../src-shared/errors.js';
import type { SecretCipher } from './secret-store.js';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export type AesKeyRing = {
  /** Encrypts new values. */
  current: Buffer;
  /** Still accepted for decryption (keys being rotated out). */
  previous: Buffer[];
};

/** Parses a 256-bit key written as base64/base64url (43-44 characters) or hex (64 characters). */
export function parseSecretKey(text: string, origin: string): Buffer {
  const value = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== KEY_BYTES) {
    throw new AppError('invalid-input', `${origin} must be a 256-bit key: 64 hex characters or 44 base64 characters (e.g. the output of "openssl rand -base64 32").`);
  }
  return key;
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function createAesGcmCipher(ring: AesKeyRing): SecretCipher {
  if (ring.current.length !== KEY_BYTES) throw new AppError('invalid-input', 'The secret key must be 256 bits.');
  const keys = new Map([ring.current, ...ring.previous].map((k) => [keyId(k), k]));
  const currentId = keyId(ring.current);
  return {
    description: 'AES-256-GCM (key from the environment)',
    async encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', ring.current, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    async decrypt(ciphertext) {
      const [version, id, iv, tag, data] = ciphertext.split('.');
      if (version !== VERSION || !id || !iv || !tag || data === undefined) throw new Error('not an AES-GCM vault entry');
      const key = keys.get(id);
      if (!key) throw new Error(`no key with id ${id}`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    isStale(ciphertext) {
      const [version, id] = ciphertext.split('.');
      return version !== VERSION || id !== currentId;
    },
  };
}
