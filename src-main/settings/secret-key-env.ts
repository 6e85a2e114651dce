/**
 * Where the headless vault key comes from: CORRESPONDENT_SECRET_KEY or the file named by
 * CORRESPONDENT_SECRET_KEY_FILE (Docker/Kubernetes secrets), plus CORRESPONDENT_SECRET_KEY_PREVIOUS
 * (comma-separated) while a key is being rotated. The shell passes its environment in; the core
 * never reads process.env. No key means no vault: we refuse rather than store secrets in clear.
 */
import { AppError } from '../../src-shared/errors.js';
import { createAesGcmCipher, parseSecretKey } from './aes-gcm-cipher.js';
import type { SecretCipher } from './secret-store.js';

export type SecretKeyEnvironment = Record<string, string | undefined>;

export async function cipherFromEnvironment(env: SecretKeyEnvironment, readTextFile: (file: string) => Promise<string>): Promise<SecretCipher> {
  const inline = env['CORRESPONDENT_SECRET_KEY'];
  const file = env['CORRESPONDENT_SECRET_KEY_FILE'];
  if (inline && file) throw new AppError('invalid-input', 'Set CORRESPONDENT_SECRET_KEY or CORRESPONDENT_SECRET_KEY_FILE, not both.');
  let current;
  if (inline) {
    current = parseSecretKey(inline, 'CORRESPONDENT_SECRET_KEY');
  } else if (file) {
    let text: string;
    try {
      text = await readTextFile(file);
    } catch (error) {
      throw new AppError('not-configured', `CORRESPONDENT_SECRET_KEY_FILE names ${file}, which cannot be read.`, { cause: error });
    }
    current = parseSecretKey(text, `The key file ${file}`);
  } else {
    throw new AppError(
      'not-configured',
      'Secrets are stored encrypted and no key is set: set CORRESPONDENT_SECRET_KEY or CORRESPONDENT_SECRET_KEY_FILE (a 256-bit key, e.g. "openssl rand -base64 32").',
    );
  }
  const previous = (env['CORRESPONDENT_SECRET_KEY_PREVIOUS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((value, i) => parseSecretKey(value, `CORRESPONDENT_SECRET_KEY_PREVIOUS entry ${i + 1}`));
  return createAesGcmCipher({ current, previous });
}
