/**
 * Exchange-shaped identifiers. Graph ids are opaque, case-sensitive, URL-safe base64; REST ids
 * change when a message moves while immutable ids (Prefer: IdType="ImmutableId") do not, so the
 * sandbox mints both, from the seeded RNG so that a seed reproduces the same ids.
 */
import type { Rng } from './prng.js';

export type IdFactory = {
  restMessageId(): string;
  immutableMessageId(): string;
  folderId(): string;
  conversationId(): string;
  changeKey(): string;
  guid(): string;
};

export function createIdFactory(rng: Rng): IdFactory {
  const b64 = (n: number): string => rng.bytes(n).toString('base64url');
  return {
    restMessageId: () => `AAMkAD${b64(42)}AAA=`,
    immutableMessageId: () => `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${b64(24)}AAA=`,
    folderId: () => `AAMkAD${b64(30)}AAAAAAEMAAA=`,
    conversationId: () => `AAQkAD${b64(27)}AQA=`,
    changeKey: () => `CQAAABYAAAD${b64(12)}`,
    guid: () => rng.guid(),
  };
}
