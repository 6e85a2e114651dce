/**
 * A large CRM directory for the connector benchmarks (issue 22: 100,000 contacts, 20,000
 * accounts, 50,000 leads, 10,000 opportunities): deterministic, every row valid, contacts spread
 * over the accounts' domains, opportunities owned by the users. Built as plain rows so each
 * simulator loads it into its own records.
 */
import type { CrmSnapshot } from '@correspondent/contract';

export type BenchDirectorySize = { accounts: number; contacts: number; leads: number; opportunities: number; users: number };

export const BENCH_DIRECTORY_SIZE: BenchDirectorySize = { accounts: 20_000, contacts: 100_000, leads: 50_000, opportunities: 10_000, users: 200 };

export function benchCrmDirectory(size: BenchDirectorySize = BENCH_DIRECTORY_SIZE): CrmSnapshot {
  const day = 86_400_000;
  const base = Date.UTC(2026, 0, 1);
  return {
    users: Array.from({ length: size.users }, (_, i) => ({ id: `U${i}`, email: `seller${i}@contoso.example`, name: `Seller ${i}`, signedUpAt: new Date(base - i * day).toISOString(), optedIn: i % 4 !== 3 })),
    accounts: Array.from({ length: size.accounts }, (_, i) => ({ id: `A${i}`, name: `Customer ${i}`, domains: i % 10 === 0 ? [`customer${i}.example`, `customer${i}-eu.example`] : [`customer${i}.example`] })),
    contacts: Array.from({ length: size.contacts }, (_, i) => {
      const account = i % size.accounts;
      return { id: `C${i}`, email: `person${i}@customer${account}.example`, accountId: `A${account}`, name: `Person Number${i}` };
    }),
    leads: Array.from({ length: size.leads }, (_, i) => ({ id: `L${i}`, email: `lead${i}@prospect${i % 5000}.example`, company: `Prospect ${i % 5000}`, name: `Lead Person${i}` })),
    opportunities: Array.from({ length: size.opportunities }, (_, i) => ({
      id: `O${i}`,
      accountId: `A${i % size.accounts}`,
      ownerUserId: `U${i % size.users}`,
      stage: i % 5 === 0 ? 'Closed Won' : 'Proposal',
      isClosed: i % 5 === 0,
      createdAt: new Date(base - (i % 365) * day).toISOString(),
      closeDate: new Date(base + (i % 120) * day).toISOString().slice(0, 10),
      amount: 1000 * (1 + (i % 100)),
    })),
  };
}
