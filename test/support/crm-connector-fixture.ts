/**
 * A deterministic CrmSnapshot of any size for the CRM simulators' tests and benchmark, plus the
 * pieces every connector test needs: a TLS certificate the simulators serve (the Microsoft 365
 * sandbox's generator), a dispatcher trusting only that CA, and a manual clock whose sleep advances
 * it (so waits for rate limits are proven without being spent).
 */
import type { CrmSnapshot } from '@correspondent/contract';
import { createSandboxTls, type SandboxTls } from '@correspondent/m365-sandbox/tls.js';
import { createHttpDispatcher } from '../../src-main/net/http-dispatcher.js';

export type FixtureSize = { accounts: number; contacts: number; leads: number; opportunities: number; users: number };

export function crmFixture(size: FixtureSize): CrmSnapshot {
  const snapshot: CrmSnapshot = { accounts: [], contacts: [], leads: [], opportunities: [], users: [] };
  for (let i = 0; i < size.users; i++) {
    snapshot.users.push({ id: `u-${i}`, email: `seller${i}@contoso.example`, name: `Seller ${i}`, signedUpAt: null, optedIn: false });
  }
  for (let i = 0; i < size.accounts; i++) {
    const domains = i % 3 === 0 ? [`account${i}.example`, `account${i}.example.de`] : [`account${i}.example`];
    snapshot.accounts.push({ id: `a-${i}`, name: `Account ${i}`, domains });
  }
  for (let i = 0; i < size.contacts; i++) {
    const account = size.accounts > 0 && i % 10 !== 9 ? `a-${i % size.accounts}` : null;
    snapshot.contacts.push({ id: `c-${i}`, email: `person${i}@${account ? `account${i % size.accounts}` : 'freelance'}.example`, accountId: account, name: `Person ${i}` });
  }
  for (let i = 0; i < size.leads; i++) {
    snapshot.leads.push({ id: `l-${i}`, email: `lead${i}@prospect${i}.example`, company: `Prospect ${i}`, name: `Lead ${i}` });
  }
  const stages = [
    { stage: 'Qualification', isClosed: false },
    { stage: 'Proposal', isClosed: false },
    { stage: 'Closed Won', isClosed: true },
    { stage: 'Closed Lost', isClosed: true },
  ];
  for (let i = 0; i < size.opportunities; i++) {
    const { stage, isClosed } = stages[i % stages.length]!;
    snapshot.opportunities.push({
      id: `o-${i}`,
      accountId: `a-${i % size.accounts}`,
      ownerUserId: `u-${i % size.users}`,
      stage,
      isClosed,
      createdAt: new Date(Date.UTC(2026, 0, 1 + (i % 300))).toISOString(),
      closeDate: isClosed ? `2026-${String(1 + (i % 12)).padStart(2, '0')}-15` : null,
      amount: i % 5 === 0 ? null : 1000 + i,
    });
  }
  return snapshot;
}

let tls: SandboxTls | null = null;
/** One certificate per test process: RSA key generation is the slow part of starting a simulator. */
export function simulatorTls(): SandboxTls {
  tls ??= createSandboxTls();
  return tls;
}

export function trustingDispatcher() {
  return createHttpDispatcher({ extraCaPem: [simulatorTls().caPem] });
}

export type ManualClock = { now: () => number; advance(ms: number): void; sleep: (ms: number) => Promise<void>; slept: number[] };

export function manualClock(start = Date.parse('2026-11-02T09:00:00.000Z')): ManualClock {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    slept,
  };
}
