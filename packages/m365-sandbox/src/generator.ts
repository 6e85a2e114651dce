/**
 * The seeded demo tenant: same seed and same `now`, same tenant (users, CRM, ids, mail). The mail
 * mix covers every branch the rule pipeline has to get right, and each copy carries the verdict
 * the scenario was written for, so demo runs and tests can compare the pipeline against it.
 * Automated mail (newsletters, receipts, notifications from customer domains, with real ESP header
 * sets) is opt-in (`includeAutomated`) until the rule pipeline detects it; mail involving the
 * blocked external-counsel domain is always there, with that domain in `suggestedSettings`.
 */
import { AUTOMATED_KINDS, automatedMail } from './automated-senders.js';
import { buildDemoDirectory, type DemoDirectory } from './demo-directory.js';
import { createIdFactory } from './ids.js';
import {
  CUSTOMER_TOPICS,
  EXTERNAL_TOPICS,
  INTERNAL_TOPICS,
  JUNK_TOPICS,
  LEAD_TOPICS,
  fillSubject,
  type Person,
  type Topic,
} from './mail-content.js';
import { MailWriter } from './mail-writer.js';
import { HOUR, writeThread, type ThreadSpec } from './mail-thread.js';
import { createRng, type Rng } from './prng.js';
import type { Expectation, SeedFolder, TenantSeed } from './tenant-seed.js';

export type GeneratorOptions = {
  seed: number;
  now: Date;
  scale?: 'demo';
  /** Adds newsletters, receipts and notifications from customer domains (ground truth 'automated'). */
  includeAutomated?: boolean;
};

/** External counsel: mail that involves them is privileged and never imported. */
export const DEMO_BLOCKED_DOMAIN = 'counsel-partners.example';


type Thread = ThreadSpec;

class DemoMail {
  constructor(
    private readonly rng: Rng,
    private readonly writer: MailWriter,
    private readonly now: Date,
  ) {}

  /** A start time within the last 30 days that leaves room for replies. */
  start(): Date {
    return new Date(this.now.getTime() - this.rng.int(2 * 24 * 60, 30 * 24 * 60) * 60_000);
  }

  /** A start two to four days ago: inside every mailbox's lookback. */
  recent(): number {
    return this.now.getTime() - this.rng.int(2 * 24 * 60, 4 * 24 * 60) * 60_000;
  }

  /** Alternating messages between the opener and the responder, each a reply to the previous one. */
  thread(t: Thread): void {
    writeThread(this.writer, t, this.now, () => this.rng.int(1, 20) * HOUR + this.rng.int(0, 59) * 60_000);
  }


  colleagueOf(user: Person, users: Person[]): Person {
    return this.rng.pick(users.filter((u) => u.address !== user.address));
  }
}

function customerMail(m: DemoMail, rng: Rng, dir: DemoDirectory, folders: SeedFolder[]): void {
  const users = dir.mailboxUsers;
  const topics = rng.sample(CUSTOMER_TOPICS, CUSTOMER_TOPICS.length);
  dir.accounts.forEach((a, i) => {
    const values = { account: a.account.name, number: String(rng.int(10000, 99999)) };
    const topic = topics[i % topics.length] as Topic;
    const other = topics[(i + 3) % topics.length] as Topic;
    m.thread({
      opener: a.contacts[0] as Person,
      responder: a.owner,
      cc: rng.chance(0.5) ? m.colleagueOf(a.owner, users) : undefined,
      topic,
      subject: fillSubject(topic.subject, values),
      start: m.start(),
      length: rng.int(2, 4),
      expect: { verdict: 'import', reason: 'crm-contact' },
    });
    m.thread({
      opener: a.contacts[1] as Person,
      responder: rng.pick(users),
      topic: other,
      subject: fillSubject(other.subject, values),
      start: m.start(),
      length: rng.int(1, 3),
      expect: { verdict: 'import', reason: 'crm-contact' },
    });
    m.thread({
      opener: a.newcomer,
      responder: a.owner,
      topic,
      subject: fillSubject(topic.subject, values),
      start: m.start(),
      length: rng.int(1, 2),
      expect: { verdict: 'import', reason: 'crm-account-domain' },
    });
  });

  // Every demo tenant has a recent thread copied to a colleague, so one message sits in two
  // mailboxes inside any mailbox's lookback (at least one week), whatever the seed.
  const shared = dir.accounts[0];
  if (shared) {
    const sharedTopic = rng.pick(CUSTOMER_TOPICS);
    m.thread({
      opener: shared.contacts[0] as Person,
      responder: shared.owner,
      cc: m.colleagueOf(shared.owner, users),
      topic: sharedTopic,
      subject: fillSubject(sharedTopic.subject, { account: shared.account.name, number: String(rng.int(10000, 99999)) }),
      start: new Date(m.recent()),
      length: 2,
      expect: { verdict: 'import', reason: 'crm-contact' },
    });
  }

  const projectAccount = dir.accounts[0];
  if (projectAccount) {
    const folder = `${projectAccount.account.name} project`;
    folders.push({ mailbox: projectAccount.owner.address, displayName: folder, parent: 'inbox' });
    const topic = rng.pick(CUSTOMER_TOPICS);
    m.thread({
      opener: projectAccount.contacts[1] as Person,
      responder: projectAccount.owner,
      topic,
      subject: fillSubject(topic.subject, { account: projectAccount.account.name }),
      start: m.start(),
      length: 3,
      expect: { verdict: 'import', reason: 'crm-contact' },
      folders: { [projectAccount.owner.address]: folder },
    });
  }

  const { person, account } = dir.freeMailContact;
  const freeTopic = rng.pick(CUSTOMER_TOPICS);
  m.thread({
    opener: person,
    responder: account.owner,
    topic: freeTopic,
    subject: fillSubject(freeTopic.subject, { account: account.account.name }),
    start: m.start(),
    length: 2,
    expect: { verdict: 'import', reason: 'crm-contact' },
  });

  for (const [folder, count] of [['archive', 1], ['deleteditems', 2]] as const) {
    for (let k = 0; k < count; k++) {
      const a = rng.pick(dir.accounts);
      const t = rng.pick(CUSTOMER_TOPICS);
      m.thread({
        opener: rng.pick(a.contacts),
        responder: a.owner,
        topic: t,
        subject: fillSubject(t.subject, { account: a.account.name }),
        start: m.start(),
        length: 1,
        expect: { verdict: 'import', reason: 'crm-contact' },
        folders: { [a.owner.address]: folder },
      });
    }
  }

  for (const lead of dir.leads) {
    const t = rng.pick(LEAD_TOPICS);
    m.thread({ opener: lead, responder: rng.pick(users), topic: t, subject: t.subject, start: m.start(), length: 2, expect: { verdict: 'import', reason: 'crm-lead' } });
  }
}

function otherMail(m: DemoMail, rng: Rng, dir: DemoDirectory, writer: MailWriter, now: Date): void {
  const users = dir.mailboxUsers;
  const noMatch: Expectation = { verdict: 'skip', reason: 'no-crm-match' };
  for (const stranger of dir.strangers) {
    for (const user of rng.sample(users, 2)) {
      const t = rng.pick(EXTERNAL_TOPICS);
      m.thread({ opener: stranger, responder: user, topic: t, subject: t.subject, start: m.start(), length: rng.int(1, 2), expect: noMatch });
    }
  }
  const t = rng.pick(EXTERNAL_TOPICS);
  m.thread({ opener: dir.freeMailStranger, responder: rng.pick(users), topic: t, subject: t.subject, start: m.start(), length: 1, expect: noMatch });

  const internal: Expectation = { verdict: 'skip', reason: 'internal-only' };
  users.forEach((user, i) => {
    const topic = INTERNAL_TOPICS[i % INTERNAL_TOPICS.length] as Topic;
    m.thread({ opener: user, responder: users[(i + 1) % users.length] as Person, topic, subject: topic.subject, start: m.start(), length: rng.int(1, 2), expect: internal });
  });
  writer.send({
    from: dir.aliasSender,
    to: users,
    subject: 'Office closed on Monday',
    paragraphs: ['The office will be closed on Monday for maintenance.'],
    sentAt: m.start(),
    expect: internal,
  });

  const junkSender: Person = { name: 'Deals of the Day', address: 'promo@deals-of-the-day.example' };
  for (const user of users) {
    const a = rng.pick(dir.accounts);
    writer.draft({
      author: user,
      to: [rng.pick(a.contacts)],
      subject: `Follow-up: ${a.account.name}`,
      paragraphs: ['Just checking in on the proposal we sent last week.'],
      createdAt: new Date(now.getTime() - rng.int(1, 72) * HOUR),
    });
    const junk = rng.pick(JUNK_TOPICS);
    writer.send({
      from: junkSender,
      to: [user],
      subject: junk.subject,
      paragraphs: junk.opening,
      sentAt: m.start(),
      expect: noMatch,
      folders: { [user.address]: 'junkemail' },
    });
  }
}

function blockedDomainMail(m: DemoMail, rng: Rng, dir: DemoDirectory): void {
  const counsel: Person = { name: 'Ruth Adler', address: `ruth.adler@${DEMO_BLOCKED_DOMAIN}` };
  const blocked: Expectation = { verdict: 'skip', reason: 'blocked-domain' };
  const a = rng.pick(dir.accounts);
  const topic = CUSTOMER_TOPICS.find((t) => t.subject === 'Contract redlines') ?? rng.pick(CUSTOMER_TOPICS);
  // A CRM contact copies their lawyers: the CRM match does not matter, the blocked domain wins.
  m.thread({ opener: a.contacts[0] as Person, responder: a.owner, cc: counsel, topic, subject: `${topic.subject} (privileged)`, start: m.start(), length: 2, expect: blocked });
  const own = rng.pick(dir.mailboxUsers);
  const legal: Topic = { subject: 'Engagement letter', opening: ['Please find our engagement terms for the coming year.'], replies: ['Thank you, signed copy to follow.'] };
  m.thread({ opener: counsel, responder: own, topic: legal, subject: legal.subject, start: m.start(), length: 2, expect: blocked });
}

function automatedDemoMail(m: DemoMail, rng: Rng, dir: DemoDirectory, writer: MailWriter, folders: SeedFolder[]): void {
  const automated: Expectation = { verdict: 'skip', reason: 'automated' };
  dir.accounts.slice(0, AUTOMATED_KINDS.length).forEach((a, i) => {
    const kind = AUTOMATED_KINDS[i] ?? 'mailchimp-newsletter';
    const brand = { name: a.account.name, domain: a.account.domains[0] ?? 'unknown.example' };
    for (const user of kind === 'mailchimp-newsletter' ? rng.sample(dir.mailboxUsers, 2) : [a.owner]) {
      const sentAt = m.start();
      writer.deliverAutomated(automatedMail(kind, rng, brand, user, sentAt), user, sentAt, automated);
    }
  });
  // An inbox rule files one user's webinar invitations into a folder of their own.
  const user = rng.pick(dir.mailboxUsers);
  folders.push({ mailbox: user.address, displayName: 'Newsletters', parent: 'inbox' });
  const a = rng.pick(dir.accounts);
  const sentAt = m.start();
  writer.deliverAutomated(automatedMail('hubspot-newsletter', rng, { name: a.account.name, domain: a.account.domains[0] ?? 'unknown.example' }, user, sentAt), user, sentAt, automated, 'Newsletters');
}

/** Generates the demo tenant (about 4 mailboxes and 60-120 messages over the last 30 days). */
export function generateDemoTenant(options: GeneratorOptions): TenantSeed {
  const rng = createRng(options.seed);
  const dir = buildDemoDirectory(rng, options.now);
  const titles = new Map(dir.users.map((u) => [u.address, u.jobTitle ?? '']));
  const writer = new MailWriter(rng, createIdFactory(rng), dir.orgDomains, new Set(dir.mailboxUsers.map((u) => u.address)), { titles });
  const mail = new DemoMail(rng, writer, options.now);
  const folders: SeedFolder[] = [];
  customerMail(mail, rng, dir, folders);
  otherMail(mail, rng, dir, writer, options.now);
  blockedDomainMail(mail, rng, dir);
  if (options.includeAutomated) automatedDemoMail(mail, rng, dir, writer, folders);
  return {
    orgDomains: dir.orgDomains,
    users: dir.users,
    crm: dir.crm,
    folders,
    messages: writer.messages,
    suggestedSettings: { blockedDomains: [DEMO_BLOCKED_DOMAIN] },
  };
}
