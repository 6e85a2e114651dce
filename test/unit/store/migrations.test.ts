import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src-main/store/migrations/all-migrations.js';
import { assertOrdered } from '../../../src-main/store/migrations/migrate.js';

describe('migrations list', () => {
  it('is ordered from version 1', () => {
    expect(() => assertOrdered(MIGRATIONS)).not.toThrow();
    expect(MIGRATIONS[0]?.version).toBe(1);
  });

  it('rejects a duplicate or decreasing version', () => {
    const m = (version: number) => ({ version, name: `m${version}`, up: [] });
    expect(() => assertOrdered([m(1), m(1)])).toThrow(/versions must increase/);
    expect(() => assertOrdered([m(2), m(1)])).toThrow(/versions must increase/);
  });

  it('writes every CREATE TABLE so that re-running it after a crash is harmless', () => {
    const creates = MIGRATIONS.flatMap((m) => m.up).filter((sql) => /^\s*CREATE TABLE/i.test(sql));
    expect(creates.length).toBeGreaterThan(0);
    for (const sql of creates) expect(sql).toMatch(/^\s*CREATE TABLE IF NOT EXISTS/i);
  });
});
