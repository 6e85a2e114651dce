import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../src-main/audit/audit-entry.js';
import { chainHash } from '../../../src-main/audit/audit-hash.js';
import { ChainVerifier, type VerifyResult } from '../../../src-main/audit/chain-verifier.js';
import { buildChain, rehash } from './chain-fixtures.js';

function verify(records: AuditRecord[], partial = false): VerifyResult {
  const verifier = new ChainVerifier({ partial });
  for (const record of records) if (verifier.push(record)) break;
  return verifier.finish();
}

describe('ChainVerifier', () => {
  it('accepts an intact chain and reports its head', () => {
    const chain = buildChain(20);
    expect(verify(chain)).toMatchObject({ ok: true, entries: 20, firstSeq: 1, lastSeq: 20, headHash: chain[19]!.hash, anchor: 'genesis', firstBreak: null });
  });

  it('names a changed entry (payload, actor or time)', () => {
    for (const change of [
      (r: AuditRecord) => ({ ...r, payload: { ...(r.payload as object), emails: 999 } }),
      (r: AuditRecord) => ({ ...r, actor: 'someone-else' }),
      (r: AuditRecord) => ({ ...r, at: '2030-01-01T00:00:00.000Z' }),
    ]) {
      const chain = buildChain(10);
      chain[6] = change(chain[6]!);
      expect(verify(chain).firstBreak).toMatchObject({ seq: 7, kind: 'changed' });
    }
  });

  it('names a deleted entry', () => {
    const chain = buildChain(10);
    chain.splice(3, 1);
    expect(verify(chain)).toMatchObject({ ok: false, firstBreak: { seq: 4, kind: 'missing' } });
  });

  it('catches reordered entries, whether the lines or the seqs were swapped', () => {
    const lines = buildChain(10);
    [lines[4], lines[5]] = [lines[5]!, lines[4]!];
    expect(verify(lines).firstBreak).toMatchObject({ seq: 5, kind: 'missing' });

    const seqs = buildChain(10);
    const [a, b] = [seqs[4]!, seqs[5]!];
    seqs[4] = { ...b, seq: a.seq };
    seqs[5] = { ...a, seq: b.seq };
    expect(verify(seqs).firstBreak).toMatchObject({ seq: 5, kind: 'changed' });
  });

  it('catches an inserted entry even when the forger hashes it correctly', () => {
    const chain = buildChain(10);
    const forged = rehash({ ...chain[4]!, seq: 6, actor: 'intruder' }, chain[4]!.hash!);
    const shifted = chain.slice(5).map((r) => ({ ...r, seq: r.seq + 1 }));
    const tampered = [...chain.slice(0, 5), forged, ...shifted];
    // The forged entry is self-consistent; the one after it no longer is.
    expect(verify(tampered).firstBreak).toMatchObject({ seq: 7, kind: 'changed' });

    // ...and if the forger re-hashes the rest too, its link to the real entry 6 content is what breaks.
    const relinked = [...chain.slice(0, 5), forged];
    let prev = forged.hash!;
    for (const r of shifted) {
      const next = rehash(r, prev);
      relinked.push(next);
      prev = next.hash!;
    }
    expect(verify(relinked).ok).toBe(true); // a full rewrite from the insertion on is only caught against an earlier export or head hash
    expect(verify(relinked).headHash).not.toBe(chain[9]!.hash);
  });

  it('catches a replaced entry whose own hash was recomputed', () => {
    const chain = buildChain(10);
    chain[2] = rehash({ ...chain[2]!, actor: 'intruder' }, chain[1]!.hash!);
    expect(verify(chain).firstBreak).toMatchObject({ seq: 4, kind: 'unlinked' });
  });

  it('accepts a log that starts after a recorded trim, and refuses one without the record', () => {
    const full = buildChain(12);
    const kept = full.slice(5);
    const last = kept[kept.length - 1]!;
    const trimBase = { seq: last.seq + 1, at: last.at, actor: 'cli:dba', source: 'cli', action: 'audit.trimmed', payload: { fromSeq: 1, throughSeq: 5, entries: 5, lastHash: full[4]!.hash, before: last.at } };
    const trim = { ...trimBase, prevHash: last.hash, hash: chainHash({ ...trimBase, prevHash: last.hash! }) };
    expect(verify([...kept, trim])).toMatchObject({ ok: true, anchor: 'trim', firstSeq: 6 });
    expect(verify(kept)).toMatchObject({ ok: false, firstBreak: { seq: 6, kind: 'unanchored' } });
    // A partial export may start anywhere: its first prev_hash is outside the file.
    expect(verify(kept, true)).toMatchObject({ ok: true, anchor: 'outside-file' });
  });

  it('allows unhashed legacy rows only before the chain', () => {
    const legacy: AuditRecord[] = [1, 2].map((seq) => ({ seq, at: '2024-01-01T00:00:00.000Z', actor: 'cli:x', source: 'cli', action: 'emails.purge', payload: {}, prevHash: null, hash: null }));
    const chain = buildChain(3, { firstSeq: 3 });
    expect(verify([...legacy, ...chain])).toMatchObject({ ok: true, legacy: 2, anchor: 'genesis' });
    expect(verify([...buildChain(3), { ...legacy[0]!, seq: 4 }]).firstBreak).toMatchObject({ seq: 4, kind: 'unchained' });
  });
});
