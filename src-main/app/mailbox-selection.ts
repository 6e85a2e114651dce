/**
 * Which mailboxes an opt-in or opt-out names (`correspondent mailboxes opt-in|opt-out`, issue 20):
 * addresses given one by one, every mailbox (--all), or a group's members (--group). Pure: the
 * caller reads the tenant's mailboxes (and the group) first and applies the plan through the
 * audited `mailboxes.setOptIn`. An address named explicitly that the tenant does not have, or an
 * opt-in of a user without an Exchange mailbox, refuses the whole command - nothing is changed;
 * a group's members without a mailbox here are listed as skipped, since groups often hold them.
 * Only real changes are applied (and audited); the rest are reported as unchanged.
 */
import type { MailboxStatus } from '../../src-shared/domain.js';
import { AppError } from '../../src-shared/errors.js';

export type MailboxTarget = { kind: 'addresses'; addresses: readonly string[] } | { kind: 'all' } | { kind: 'group'; members: readonly string[] };

export type OptInPlan = {
  optedIn: boolean;
  /** Mailboxes whose choice changes (applied and audited). */
  change: string[];
  /** Already as asked. */
  unchanged: string[];
  /** Named (by the group) but not applicable, with why. */
  skipped: { address: string; reason: string }[];
};

const lower = (address: string) => address.trim().toLowerCase();

export function planOptIn(known: readonly MailboxStatus[], target: MailboxTarget, optedIn: boolean): OptInPlan {
  const byAddress = new Map(known.map((m) => [m.address, m]));
  const plan: OptInPlan = { optedIn, change: [], unchanged: [], skipped: [] };
  const add = (m: MailboxStatus) => {
    if (plan.change.includes(m.address) || plan.unchanged.includes(m.address)) return;
    (m.optedIn === optedIn ? plan.unchanged : plan.change).push(m.address);
  };
  if (target.kind === 'addresses') {
    const wanted = [...new Set(target.addresses.map(lower))];
    const unknown = wanted.filter((a) => !byAddress.has(a));
    if (unknown.length > 0) throw new AppError('invalid-input', `The tenant has no mailbox ${unknown.join(', ')} (see \`correspondent mailboxes list\`); nothing was changed.`);
    const mailless = wanted.filter((a) => byAddress.get(a)?.state === 'no-mailbox');
    if (optedIn && mailless.length > 0) throw new AppError('invalid-input', `${mailless.join(', ')} ${mailless.length === 1 ? 'has' : 'have'} no Exchange Online mailbox to sync; nothing was changed.`);
    for (const address of wanted) add(byAddress.get(address) as MailboxStatus);
  } else if (target.kind === 'all') {
    for (const m of known) {
      if (optedIn && m.state === 'no-mailbox') plan.skipped.push({ address: m.address, reason: 'no Exchange Online mailbox' });
      else add(m);
    }
  } else {
    for (const address of [...new Set(target.members.map(lower))]) {
      const m = byAddress.get(address);
      if (!m) plan.skipped.push({ address, reason: 'not a mailbox of the tenant' });
      else if (optedIn && m.state === 'no-mailbox') plan.skipped.push({ address, reason: 'no Exchange Online mailbox' });
      else add(m);
    }
    if (plan.change.length + plan.unchanged.length === 0) throw new AppError('invalid-input', 'No member of the group has a mailbox here; nothing was changed.');
  }
  plan.change.sort();
  plan.unchanged.sort();
  return plan;
}
