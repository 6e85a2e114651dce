/**
 * The people and CRM of the benchmark tenant (thousands of mailboxes). Small enough to hold
 * whole (a few MB for 5,000 users), unlike the mail, which bench-mail.ts generates per team on
 * demand. Users work in teams of four; each team owns a few CRM accounts, so a team's mail can be
 * generated from (seed, team) alone and still put one message in several colleagues' mailboxes.
 */
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmUser } from '@correspondent/contract';
import type { Person } from './mail-content.js';
import { createRng } from './prng.js';
import type { SeedUser, TenantSeed } from './tenant-seed.js';

export const BENCH_ORG_DOMAINS = ['northwind-bench.example', 'nwb-group.example'] as const;
export const BENCH_BLOCKED_DOMAIN = 'counsel-partners.example';
export const TEAM_SIZE = 4;
const ACCOUNTS_PER_TEAM = 3;
const CONTACTS_PER_ACCOUNT = 3;

const FIRST = ['Anna', 'Ben', 'Chloe', 'Daniel', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Luca', 'Maya', 'Noah', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sami', 'Tara'];
const LAST = ['Novak', 'Schmidt', 'Okafor', 'Moreau', 'Rossi', 'Tanaka', 'Silva', 'Jensen', 'Kowalski', 'Haddad', 'Berg', 'Costa', 'Meyer', 'Ito', 'Larsen'];
const WORDS = ['Alpine', 'Harbor', 'Summit', 'Cedar', 'Granite', 'Meridian', 'Beacon', 'Juniper', 'Orbit', 'Falcon', 'Willow', 'Quartz', 'Atlas', 'Aurora', 'Pioneer'];
const SUFFIX = ['Logistics', 'Foods', 'Systems', 'Health', 'Energy', 'Retail', 'Labs', 'Capital', 'Media', 'Motors'];
const OPEN_STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation'];
const DAY = 24 * 3600_000;

export type BenchOptions = {
  seed: number;
  now: Date;
  /** Mailboxes (default 5,000). */
  mailboxes?: number;
  /** Messages per mailbox, about (default 2,000). */
  messagesPerMailbox?: number;
  /** Materialised mailboxes kept in memory at once (default 8). */
  maxMaterialized?: number;
};

export type BenchTeam = { members: Person[]; accounts: { account: CrmAccount; contacts: Person[]; newcomer: Person }[]; lead: Person; titles: Map<string, string> };

export type BenchDirectory = Omit<TenantSeed, 'folders' | 'messages'> & {
  teams: number;
  /** The team of a mailbox user index; rebuilt on demand from the seed (cheap, deterministic). */
  team(index: number): BenchTeam;
  indexOf(address: string): number | undefined;
};

const pad = (n: number, width = 5) => String(n).padStart(width, '0');

function person(first: string, last: string, tag: string, domain: string): Person {
  return { name: `${first} ${last}`, address: `${first}.${last}${tag}@${domain}`.toLowerCase() };
}

export function buildBenchDirectory(options: BenchOptions): BenchDirectory {
  const count = options.mailboxes ?? 5000;
  const rng = createRng(options.seed ^ 0xbe9c);
  const [primary] = BENCH_ORG_DOMAINS;
  const users: SeedUser[] = [];
  const crmUsers: CrmUser[] = [];
  for (let i = 0; i < count; i++) {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    const p = person(first, last, String(i), primary);
    users.push({ graphId: rng.guid(), address: p.address, displayName: p.name, givenName: first, surname: last, jobTitle: i % TEAM_SIZE === 0 ? 'Sales Manager' : 'Account Executive', hasMailbox: true });
    crmUsers.push({ id: `U-${pad(i + 1)}`, email: p.address, name: p.name, signedUpAt: new Date(options.now.getTime() - rng.int(30, 700) * DAY).toISOString(), optedIn: true });
  }
  const teams = Math.ceil(count / TEAM_SIZE);
  const accounts: CrmAccount[] = [];
  const contacts: CrmContact[] = [];
  const leads: CrmLead[] = [];
  const opportunities: CrmOpportunity[] = [];
  const team = (g: number): BenchTeam => {
    const members = users.slice(g * TEAM_SIZE, (g + 1) * TEAM_SIZE).map((u) => ({ name: u.displayName, address: u.address }));
    const teamAccounts = Array.from({ length: ACCOUNTS_PER_TEAM }, (_, j) => {
      const k = g * ACCOUNTS_PER_TEAM + j;
      const name = `${WORDS[k % WORDS.length]} ${SUFFIX[Math.floor(k / WORDS.length) % SUFFIX.length]} ${k}`;
      const domain = `acct${k}-${(WORDS[k % WORDS.length] as string).toLowerCase()}.example`;
      const account: CrmAccount = { id: `A-${pad(k + 1)}`, name, domains: k % 5 === 0 ? [domain, `eu.${domain}`] : [domain] };
      const people = Array.from({ length: CONTACTS_PER_ACCOUNT }, (_, c) => person(FIRST[(k + c) % FIRST.length] as string, LAST[(k * 3 + c) % LAST.length] as string, '', domain));
      return { account, contacts: people, newcomer: person('New', 'Colleague', String(k), domain) };
    });
    const lead = person('Lee', 'Prospect', String(g), `prospect${g}.example`);
    return { members, accounts: teamAccounts, lead, titles: new Map(users.slice(g * TEAM_SIZE, (g + 1) * TEAM_SIZE).map((u) => [u.address, u.jobTitle ?? ''])) };
  };
  for (let g = 0; g < teams; g++) {
    const t = team(g);
    for (const a of t.accounts) {
      accounts.push(a.account);
      for (const c of a.contacts) contacts.push({ id: `C-${pad(contacts.length + 1, 6)}`, email: c.address, accountId: a.account.id, name: c.name });
      const owners = t.members.length;
      for (let o = 0; o < 1 + (accounts.length % 2); o++) {
        const ownerIndex = g * TEAM_SIZE + ((accounts.length + o) % owners);
        const open = o === 0;
        opportunities.push({
          id: `O-${pad(opportunities.length + 1, 6)}`,
          accountId: a.account.id,
          ownerUserId: crmUsers[ownerIndex]?.id ?? '',
          stage: open ? (OPEN_STAGES[accounts.length % OPEN_STAGES.length] as string) : 'Closed Won',
          isClosed: !open,
          createdAt: new Date(options.now.getTime() - (30 + (accounts.length % 300)) * DAY).toISOString(),
          closeDate: new Date(options.now.getTime() + (open ? 1 : -1) * (5 + (accounts.length % 90)) * DAY).toISOString().slice(0, 10),
          amount: 1000 * (5 + (accounts.length % 115)),
        });
      }
    }
    leads.push({ id: `L-${pad(g + 1)}`, email: t.lead.address, company: `Prospect ${g}`, name: t.lead.name });
  }
  const indexByAddress = new Map(users.map((u, i) => [u.address, i]));
  return {
    orgDomains: [...BENCH_ORG_DOMAINS],
    users,
    crm: { accounts, contacts, leads, opportunities, users: crmUsers },
    suggestedSettings: { blockedDomains: [BENCH_BLOCKED_DOMAIN] },
    teams,
    team,
    indexOf: (address) => indexByAddress.get(address.toLowerCase()),
  };
}
