import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assigneeMailbox } from '../../../src-main/engagement/assignee-mailbox.js';

const a = (address: string) => ({ address, name: '' });
const email = {
  from: a('Buyer@Customer.example'),
  to: [a('zoe@ours.example'), a('adam@ours.example')],
  cc: [a('carl@ours.example')],
};

describe('assigneeMailbox', () => {
  it('picks the sender, then To in header order, then Cc, then other mailboxes by address', () => {
    expect(assigneeMailbox({ ...email, from: a('Sales@Ours.example') }, ['adam@ours.example', 'sales@ours.example'])).toBe('sales@ours.example');
    expect(assigneeMailbox(email, ['adam@ours.example', 'zoe@ours.example', 'carl@ours.example'])).toBe('zoe@ours.example');
    expect(assigneeMailbox(email, ['carl@ours.example', 'adam@ours.example'])).toBe('adam@ours.example');
    expect(assigneeMailbox(email, ['bcc-2@ours.example', 'carl@ours.example'])).toBe('carl@ours.example');
    expect(assigneeMailbox(email, ['bcc-2@ours.example', 'bcc-1@ours.example'])).toBe('bcc-1@ours.example');
    expect(assigneeMailbox(email, [])).toBeNull();
  });

  it('depends only on the set of mailboxes, never on their order', () => {
    const mailboxes = ['zoe@ours.example', 'adam@ours.example', 'carl@ours.example', 'bcc-1@ours.example', 'bcc-2@ours.example'];
    fc.assert(
      fc.property(fc.shuffledSubarray(mailboxes, { minLength: 1 }), (seen) => {
        expect(assigneeMailbox(email, seen)).toBe(assigneeMailbox(email, [...seen].sort()));
      }),
    );
  });
});
