/**
 * The people of the demo tenant and the CRM that knows (some of) them. Built first so the mail
 * generator can pick senders whose CRM status is known by construction: contacts, leads, people
 * at account domains who are not contacts, a free-mail contact listed by exact address, and
 * strangers from domains the CRM has never heard of.
 */
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmSnapshot, CrmUser } from '@correspondent/contract';
import type { Person } from './mail-content.js';
import type { Rng } from './prng.js';
import type { SeedUser } from './tenant-seed.js';

export const DEMO_ORG_DOMAINS = ['contoso.example', 'contoso-group.example'] as const;

const ORG_PEOPLE: readonly [string, string, string][] = [
  ['Megan', 'Bowen', 'Account Executive'],
  ['Alex', 'Wilber', 'Account Executive'],
  ['Diego', 'Siciliani', 'Sales Manager'],
  ['Lidia', 'Holloway', 'Customer Success Manager'],
  ['Isaiah', 'Langer', 'Sales Engineer'],
  ['Grady', 'Archie', 'Account Executive'],
  ['Johanna', 'Lorenz', 'Customer Success Manager'],
  ['Nestor', 'Wilke', 'Account Executive'],
];
const NO_MAILBOX_PEOPLE: readonly [string, string, string][] = [
  ['Patti', 'Fernandez', 'Field Sales (mailbox on-premises)'],
  ['Lee', 'Gu', 'Field Sales (mailbox on-premises)'],
];
const ACCOUNTS: readonly [string, string[]][] = [
  ['Fabrikam', ['fabrikam.example', 'fabrikam-eu.example']],
  ['Northwind Traders', ['northwindtraders.example']],
  ['Adatum', ['adatum.example']],
  ['Tailspin Toys', ['tailspintoys.example']],
  ['Woodgrove Bank', ['woodgrovebank.example']],
  ['Litware', ['litware.example']],
  ['Proseware', ['proseware.example']],
  ['Fourth Coffee', ['fourthcoffee.example']],
];
const LEAD_COMPANIES: readonly [string, string][] = [
  ['Blue Yonder Airlines', 'blueyonderairlines.example'],
  ['Coho Winery', 'cohowinery.example'],
  ['Lamna Healthcare', 'lamnahealthcare.example'],
  ['Relecloud', 'relecloud.example'],
];
const STRANGER_DOMAINS = ['globex.example', 'initech.example', 'vandelay.example', 'umbrella-corp.example'] as const;
const FIRST = ['Anna', 'Ben', 'Chloe', 'Daniel', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Luca', 'Maya', 'Noah', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sami', 'Tara'];
const LAST = ['Novak', 'Schmidt', 'Okafor', 'Moreau', 'Rossi', 'Tanaka', 'Silva', 'Jensen', 'Kowalski', 'Haddad', 'Berg', 'Costa', 'Meyer', 'Ito', 'Larsen'];
const OPEN_STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation'] as const;
const CLOSED_STAGES: readonly [string, boolean][] = [['Closed Won', true], ['Closed Lost', true]];

export type DemoAccount = {
  account: CrmAccount;
  contacts: Person[];
  /** Someone at the account's domain who is not a CRM contact (matches by domain only). */
  newcomer: Person;
  owner: Person;
};

export type DemoDirectory = {
  orgDomains: string[];
  users: SeedUser[];
  mailboxUsers: Person[];
  accounts: DemoAccount[];
  leads: Person[];
  strangers: Person[];
  /** A CRM contact who writes from gmail.com (matched by exact address only). */
  freeMailContact: { person: Person; account: DemoAccount };
  /** A gmail.com sender the CRM does not know. */
  freeMailStranger: Person;
  /** An internal sender on the alias domain without a mailbox of its own (a distribution list). */
  aliasSender: Person;
  crm: CrmSnapshot;
};

const DAY = 24 * 3600_000;
const pad = (n: number) => String(n).padStart(3, '0');
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function personAt(rng: Rng, domain: string, used: Set<string>): Person {
  for (;;) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const address = `${first}.${last}@${domain}`.toLowerCase();
    if (used.has(address)) continue;
    used.add(address);
    return { name: `${first} ${last}`, address };
  }
}

export function buildDemoDirectory(rng: Rng, now: Date): DemoDirectory {
  const [primary] = DEMO_ORG_DOMAINS;
  const orgPeople = rng.sample(ORG_PEOPLE, 4);
  const noMailbox = rng.pick(NO_MAILBOX_PEOPLE);
  const users: SeedUser[] = [...orgPeople.map((p) => ({ p, hasMailbox: true })), { p: noMailbox, hasMailbox: false }].map(
    ({ p: [givenName, surname, jobTitle], hasMailbox }) => ({
      graphId: rng.guid(),
      address: `${givenName}.${surname}@${primary}`.toLowerCase(),
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      jobTitle,
      hasMailbox,
    }),
  );
  const mailboxUsers = users.filter((u) => u.hasMailbox).map((u) => ({ name: u.displayName, address: u.address }));
  const used = new Set<string>();

  const accounts: DemoAccount[] = rng.sample(ACCOUNTS, 5).map(([name, domains], i) => ({
    account: { id: `A-${pad(i + 1)}`, name, domains },
    contacts: [personAt(rng, domains[0] ?? 'unknown.example', used), personAt(rng, domains.at(-1) ?? 'unknown.example', used)],
    newcomer: personAt(rng, domains[0] ?? 'unknown.example', used),
    owner: rng.pick(mailboxUsers),
  }));
  const firstAccount = accounts[0] as DemoAccount;
  const freeMailPerson = personAt(rng, 'gmail.com', used);
  const leads = rng.sample(LEAD_COMPANIES, 2).map(([, domain]) => personAt(rng, domain, used));
  const leadCompanies = new Map(LEAD_COMPANIES.map(([company, domain]) => [domain, company]));

  const contacts: CrmContact[] = accounts.flatMap((a) =>
    a.contacts.map((c) => ({ id: '', email: c.address, accountId: a.account.id, name: c.name })),
  );
  contacts.push({ id: '', email: freeMailPerson.address, accountId: firstAccount.account.id, name: freeMailPerson.name });
  contacts.forEach((c, i) => (c.id = `C-${pad(i + 1)}`));

  const crmLeads: CrmLead[] = leads.map((l, i) => ({
    id: `L-${pad(i + 1)}`,
    email: l.address,
    company: leadCompanies.get(l.address.split('@')[1] ?? '') ?? 'Unknown',
    name: l.name,
  }));

  const crmUsers: CrmUser[] = users.map((u, i) => ({
    id: `U-${pad(i + 1)}`,
    email: u.address,
    name: u.displayName,
    signedUpAt: new Date(now.getTime() - rng.int(60, 400) * DAY).toISOString(),
    optedIn: true,
  }));
  const userIdByAddress = new Map(crmUsers.map((u) => [u.email, u.id]));

  const opportunities: CrmOpportunity[] = [];
  for (const [i, a] of accounts.entries()) {
    const count = i === 0 ? 2 : rng.int(1, 2);
    for (let k = 0; k < count; k++) {
      // Every account has an open opportunity; the first also has a closed one, so both exist.
      const open = k === 0 || (i > 0 && rng.chance(0.5));
      const createdAt = new Date(now.getTime() - rng.int(10, 120) * DAY);
      const [stage, isClosed] = open ? [rng.pick(OPEN_STAGES), false] : rng.pick(CLOSED_STAGES);
      const closeDate = open ? new Date(now.getTime() + rng.int(5, 90) * DAY) : new Date(now.getTime() - rng.int(1, 9) * DAY);
      const owner = k === 0 ? a.owner : rng.pick(mailboxUsers);
      opportunities.push({
        id: `O-${pad(opportunities.length + 1)}`,
        accountId: a.account.id,
        ownerUserId: userIdByAddress.get(owner.address) ?? '',
        stage,
        isClosed,
        createdAt: createdAt.toISOString(),
        closeDate: isoDate(closeDate),
        amount: rng.int(5, 120) * 1000,
      });
    }
  }

  return {
    orgDomains: [...DEMO_ORG_DOMAINS],
    users,
    mailboxUsers,
    accounts,
    leads,
    strangers: rng.sample(STRANGER_DOMAINS, 2).map((d) => personAt(rng, d, used)),
    freeMailContact: { person: freeMailPerson, account: firstAccount },
    freeMailStranger: personAt(rng, 'gmail.com', used),
    aliasSender: { name: 'Contoso Announcements', address: `announcements@${DEMO_ORG_DOMAINS[1]}` },
    crm: {
      accounts: accounts.map((a) => a.account),
      contacts,
      leads: crmLeads,
      opportunities,
      users: crmUsers,
    },
  };
}
