/**
 * Scale 'bench': a tenant of thousands of mailboxes and millions of messages that is never held
 * in memory at once. The directory and CRM are built eagerly (small); each mailbox's mail is
 * generated on first access from (seed, team) and materialised by TenantState, which keeps only
 * a bounded number of mailboxes (docs: issue 3, item 4). The last team generated is cached, since
 * a sync walks colleagues' mailboxes in order.
 */
import { buildBenchDirectory, TEAM_SIZE, type BenchOptions } from './bench-directory.js';
import { generateTeamMail, type TeamMail } from './bench-mail.js';
import type { TenantSeed } from './tenant-seed.js';
import type { LazyMail } from './tenant-state.js';

export type { BenchOptions } from './bench-directory.js';

export function generateBenchTenant(options: BenchOptions): TenantSeed & { lazy: LazyMail } {
  const dir = buildBenchDirectory(options);
  const perMailbox = options.messagesPerMailbox ?? 2000;
  let cached: { team: number; mail: TeamMail } | null = null;
  const teamOf = (address: string): number => Math.floor((dir.indexOf(address) ?? 0) / TEAM_SIZE);
  return {
    orgDomains: dir.orgDomains,
    users: dir.users,
    crm: dir.crm,
    ...(dir.suggestedSettings ? { suggestedSettings: dir.suggestedSettings } : {}),
    folders: [],
    messages: [],
    lazy: {
      maxMaterialized: Math.max(1, options.maxMaterialized ?? 8),
      idSeedOf: (address) => (options.seed * 0x85ebca6b) ^ ((dir.indexOf(address) ?? 0) + 0x1234567),
      contentOf(address) {
        const team = teamOf(address);
        if (cached?.team !== team) cached = { team, mail: generateTeamMail(dir, { seed: options.seed, now: options.now, perMailbox }, team) };
        return cached.mail;
      },
    },
  };
}
