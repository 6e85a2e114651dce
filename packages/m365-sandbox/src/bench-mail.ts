/**
 * The benchmark tenant's mail, generated per team from (seed, team) alone: every colleague's
 * mailbox gets the same copies of a shared message, so a mailbox can be materialised on first
 * access without generating the other 4,999. The mix follows the demo's scenarios (customer
 * threads across colleagues, leads, internal mail, automated mail from customer domains, strangers,
 * blocked-domain mail, drafts, deleted and archived mail, an inbox-rule folder), spread over the
 * last year, with bodies rendered on read (MailWriter lazyBodies) to keep memory bounded.
 */
import { AUTOMATED_KINDS, automatedMail } from './automated-senders.js';
import { BENCH_BLOCKED_DOMAIN, type BenchDirectory, type BenchTeam } from './bench-directory.js';
import { createIdFactory } from './ids.js';
import { HOUR, writeThread, type ThreadSpec } from './mail-thread.js';
import { CUSTOMER_TOPICS, EXTERNAL_TOPICS, INTERNAL_TOPICS, LEAD_TOPICS, fillSubject, type Person } from './mail-content.js';
import { MailWriter } from './mail-writer.js';
import { createRng, type Rng } from './prng.js';
import type { SeedFolder, SeedMessage } from './tenant-seed.js';

export const CUSTOMER_FOLDER = 'Customers';

type Ctx = { rng: Rng; writer: MailWriter; team: BenchTeam; now: Date };

function startTime(ctx: Ctx): Date {
  return new Date(ctx.now.getTime() - ctx.rng.int(60, 365 * 24 * 60) * 60_000);
}

function thread(ctx: Ctx, t: Omit<ThreadSpec, 'start'>): void {
  writeThread(ctx.writer, { ...t, start: startTime(ctx) }, ctx.now, () => ctx.rng.int(1, 30) * HOUR);
}

function other(ctx: Ctx, user: Person): Person {
  const others = ctx.team.members.filter((m) => m.address !== user.address);
  return others.length > 0 ? ctx.rng.pick(others) : user;
}

/** One scenario, drawn by weight. */
function scenario(ctx: Ctx): void {
  const { rng, team } = ctx;
  const user = rng.pick(team.members);
  const a = rng.pick(team.accounts);
  const r = rng.next();
  const topic = rng.pick(CUSTOMER_TOPICS);
  const subject = fillSubject(topic.subject, { account: a.account.name, number: String(rng.int(10000, 99999)) });
  if (r < 0.5) {
    const cc = rng.chance(0.4) ? other(ctx, user) : undefined;
    thread(ctx, { opener: rng.pick(a.contacts), responder: user, ...(cc ? { cc } : {}), topic, subject, length: rng.int(1, 4), expect: { verdict: 'import', reason: 'crm-contact' } });
  } else if (r < 0.56) {
    thread(ctx, { opener: rng.pick(a.contacts), responder: user, topic, subject, length: rng.int(1, 3), expect: { verdict: 'import', reason: 'crm-contact' }, folders: { [user.address]: CUSTOMER_FOLDER } });
  } else if (r < 0.62) {
    thread(ctx, { opener: a.newcomer, responder: user, topic, subject, length: rng.int(1, 2), expect: { verdict: 'import', reason: 'crm-account-domain' } });
  } else if (r < 0.65) {
    const t = rng.pick(LEAD_TOPICS);
    thread(ctx, { opener: team.lead, responder: user, topic: t, subject: t.subject, length: rng.int(1, 2), expect: { verdict: 'import', reason: 'crm-lead' } });
  } else if (r < 0.77) {
    const t = rng.pick(INTERNAL_TOPICS);
    thread(ctx, { opener: user, responder: other(ctx, user), topic: t, subject: t.subject, length: rng.int(1, 2), expect: { verdict: 'skip', reason: 'internal-only' } });
  } else if (r < 0.87) {
    const sentAt = startTime(ctx);
    const kind = rng.pick(AUTOMATED_KINDS);
    const brand = { name: a.account.name, domain: a.account.domains[0] ?? 'unknown.example' };
    ctx.writer.deliverAutomated(automatedMail(kind, rng, brand, user, sentAt), user, sentAt, { verdict: 'skip', reason: 'automated' });
  } else if (r < 0.93) {
    const t = rng.pick(EXTERNAL_TOPICS);
    const stranger: Person = { name: 'Sam Stranger', address: `sam.stranger${rng.int(1, 500)}@unknown${rng.int(1, 200)}.example` };
    thread(ctx, { opener: stranger, responder: user, topic: t, subject: t.subject, length: rng.int(1, 2), expect: { verdict: 'skip', reason: 'no-crm-match' } });
  } else if (r < 0.95) {
    const counsel: Person = { name: 'Ruth Adler', address: `ruth.adler@${BENCH_BLOCKED_DOMAIN}` };
    thread(ctx, { opener: rng.pick(a.contacts), responder: user, cc: counsel, topic, subject, length: rng.int(1, 2), expect: { verdict: 'skip', reason: 'blocked-domain' } });
  } else if (r < 0.97) {
    ctx.writer.draft({ author: user, to: [rng.pick(a.contacts)], subject: `Follow-up: ${a.account.name}`, paragraphs: ['Just checking in on the proposal.'], createdAt: startTime(ctx) });
  } else {
    const folder = rng.pick(['deleteditems', 'archive', 'junkemail']);
    thread(ctx, { opener: rng.pick(a.contacts), responder: user, topic, subject, length: 1, expect: { verdict: 'import', reason: 'crm-contact' }, folders: { [user.address]: folder } });
  }
}

export type TeamMail = { folders: SeedFolder[]; messages: SeedMessage[] };

/** All copies of one team's mail: about `perMailbox` copies in each member's mailbox. */
export function generateTeamMail(dir: BenchDirectory, options: { seed: number; now: Date; perMailbox: number }, g: number): TeamMail {
  const rng = createRng((options.seed * 0x9e3779b1) ^ (g + 1));
  const team = dir.team(g);
  const writer = new MailWriter(rng, createIdFactory(rng), dir.orgDomains, new Set(team.members.map((m) => m.address)), { lazyBodies: true, titles: team.titles });
  const ctx: Ctx = { rng, writer, team, now: options.now };
  const counts = new Map(team.members.map((m) => [m.address, 0]));
  let seen = 0;
  for (let guard = 0; guard < options.perMailbox * team.members.length * 4; guard++) {
    if (Math.min(...counts.values()) >= options.perMailbox) break;
    scenario(ctx);
    for (; seen < writer.messages.length; seen++) {
      const mailbox = writer.messages[seen]?.mailbox ?? '';
      counts.set(mailbox, (counts.get(mailbox) ?? 0) + 1);
    }
  }
  return { folders: team.members.map((m) => ({ mailbox: m.address, displayName: CUSTOMER_FOLDER, parent: 'inbox' })), messages: writer.messages };
}
