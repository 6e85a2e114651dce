/**
 * Opaque paging and delta state tokens ($skiptoken, $deltatoken). Graph encodes the original
 * query into them and rejects anything it did not mint; the sandbox does the same with an HMAC
 * over the JSON payload, so an edited or foreign token is detectable (-> 410 SyncStateNotFound
 * on delta) while the server stays stateless about rounds.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';

const MAC_BYTES = 32;

export interface StateTokenCodec {
  encode(payload: unknown): string;
  /** The payload, or null when the token is malformed, forged or does not match the schema. */
  decode<T>(token: string, schema: z.ZodType<T>): T | null;
}

export function createStateTokenCodec(key: Buffer = randomBytes(32)): StateTokenCodec {
  const mac = (data: Buffer) => createHmac('sha256', key).update(data).digest();
  return {
    encode(payload) {
      const data = Buffer.from(JSON.stringify(payload), 'utf8');
      return Buffer.concat([mac(data), data]).toString('base64url');
    },
    decode(token, schema) {
      if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
      const raw = Buffer.from(token, 'base64url');
      if (raw.length <= MAC_BYTES) return null;
      const data = raw.subarray(MAC_BYTES);
      if (!timingSafeEqual(raw.subarray(0, MAC_BYTES), mac(data))) return null;
      try {
        const parsed = schema.safeParse(JSON.parse(data.toString('utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
  };
}
