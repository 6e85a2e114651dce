/**
 * The hash chain (issue 8, tamper evidence). Each entry's hash is SHA-256 (lower-case hex) over
 * the canonical JSON (canonical-json.ts) of
 *   ["correspondent-audit-v1", seq, at, actor, source, action, payload, prevHash]
 * where `at` is ISO 8601 UTC with milliseconds and prevHash is the previous entry's hash (the
 * first entry's is GENESIS_HASH). Changing, deleting, inserting or reordering an entry breaks the
 * hash of that entry or the link of the next one. Changing this material changes every hash: add
 * a v2 rather than edit v1.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export const CHAIN_VERSION = 'correspondent-audit-v1';
export const GENESIS_HASH = '0'.repeat(64);

export type ChainMaterial = {
  seq: number;
  at: string;
  actor: string;
  source: string;
  action: string;
  payload: unknown;
  prevHash: string;
};

export function chainHash(entry: ChainMaterial): string {
  const material = canonicalJson([CHAIN_VERSION, entry.seq, entry.at, entry.actor, entry.source, entry.action, entry.payload, entry.prevHash]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

/** Fingerprint of a message for the audit log: SHA-256 of its normalised Message-ID, else of its Graph id. Never content. */
export function messageFingerprint(normalisedMessageId: string | null, graphId: string): string {
  const material = normalisedMessageId === null ? `graph-id:${graphId}` : `message-id:${normalisedMessageId}`;
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
