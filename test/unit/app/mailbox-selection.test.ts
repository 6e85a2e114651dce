/** Which mailboxes `mailboxes opt-in|opt-out` names (issue 20): only real changes, refusals that change nothing. */
import { describe, expect, it } from 'vitest';
import { planOptIn } from '../../../src-main/app/mailbox-selection.js';
import type { MailboxStatus } from '../../../src-shared/domain.js';

const box = (address: string, optedIn: boolean, state: MailboxStatus['state'] = 'never-synced'): MailboxStatus => ({ address, displayName: address, optedIn, state, lastSuccessAt: null, lastError: null, imported: 0, alreadyStored: 0 });
const known = [box('ann@ours.example', true, 'ok'), box('bob@ours.example', false), box('cy@ours.example', false), box('room@ours.example', false, 'no-mailbox')];

describe('planOptIn', () => {
  it('addresses: changes only those not already as asked, case-insensitively', () => {
    expect(planOptIn(known, { kind: 'addresses', addresses: ['ANN@ours.example', 'bob@ours.example', 'bob@ours.example'] }, true)).toEqual({ optedIn: true, change: ['bob@ours.example'], unchanged: ['ann@ours.example'], skipped: [] });
  });

  it('addresses: an unknown one, or opting in a user without a mailbox, refuses the whole plan', () => {
    expect(() => planOptIn(known, { kind: 'addresses', addresses: ['bob@ours.example', 'zed@ours.example'] }, true)).toThrow(/no mailbox zed@ours\.example .*nothing was changed/);
    expect(() => planOptIn(known, { kind: 'addresses', addresses: ['room@ours.example'] }, true)).toThrow(/room@ours\.example has no Exchange Online mailbox/);
    expect(planOptIn(known, { kind: 'addresses', addresses: ['room@ours.example'] }, false).unchanged).toEqual(['room@ours.example']);
  });

  it('--all skips users without a mailbox when opting in; opting out takes everyone opted in', () => {
    expect(planOptIn(known, { kind: 'all' }, true)).toMatchObject({ change: ['bob@ours.example', 'cy@ours.example'], unchanged: ['ann@ours.example'], skipped: [{ address: 'room@ours.example' }] });
    expect(planOptIn(known, { kind: 'all' }, false).change).toEqual(['ann@ours.example']);
  });

  it('--group: members that are not mailboxes here are skipped with the reason; a group with none refuses', () => {
    const plan = planOptIn(known, { kind: 'group', members: ['cy@ours.example', 'guest@partner.example', 'room@ours.example'] }, true);
    expect(plan).toEqual({ optedIn: true, change: ['cy@ours.example'], unchanged: [], skipped: [{ address: 'guest@partner.example', reason: 'not a mailbox of the tenant' }, { address: 'room@ours.example', reason: 'no Exchange Online mailbox' }] });
    expect(() => planOptIn(known, { kind: 'group', members: ['guest@partner.example'] }, true)).toThrow(/No member of the group has a mailbox here/);
  });
});
