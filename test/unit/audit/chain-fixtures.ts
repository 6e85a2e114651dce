/** A valid in-memory chain for verifier tests (built with the product's hash, as the writer does). */
import type { AuditRecord } from '../../../src-main/audit/audit-entry.js';
import { chainHash, GENESIS_HASH } from '../../../src-main/audit/audit-hash.js';

export function buildChain(count: number, options: { firstSeq?: number; prevHash?: string } = {}): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prevHash = options.prevHash ?? GENESIS_HASH;
  for (let i = 0; i < count; i += 1) {
    const seq = (options.firstSeq ?? 1) + i;
    const base = { seq, at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), actor: 'cli:ops', source: 'cli', action: 'emails.purge', payload: { emails: i, target: { kind: 'domain', domain: `d${i}.example` }, sightingsRemoved: 0 } };
    const hash = chainHash({ ...base, prevHash });
    records.push({ ...base, prevHash, hash });
    prevHash = hash;
  }
  return records;
}

/** Re-hashes a record as a forger would (valid on its own, but not in the chain). */
export function rehash(record: AuditRecord, prevHash: string): AuditRecord {
  return { ...record, prevHash, hash: chainHash({ ...record, prevHash }) };
}
