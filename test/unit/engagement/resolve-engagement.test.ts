import { describe, expect, it } from 'vitest';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { resolveEngagement } from '../../../src-main/engagement/resolve-engagement.js';
import type { CapturedEmail } from '../../../src-shared/domain.js';

const crm: CrmSnapshot = {
  accounts: [
    { id: 'A1', name: 'Customer', domains: ['customer.example'] },
    { id: 'A2', name: 'Other', domains: ['other.example'] },
  ],
  contacts: [],
  leads: [],
  opportunities: [
    { id: 'O-near', accountId: 'A1', ownerUserId: 'U-sam', stage: 'Proposal', isClosed: false, createdAt: '2024-01-01T00:00:00Z', closeDate: '2024-03-15', amount: 10 },
    { id: 'O-ann', accountId: 'A1', ownerUserId: 'U-ann', stage: 'Qualify', isClosed: false, createdAt: '2024-01-01T00:00:00Z', closeDate: '2024-12-31', amount: 10 },
    { id: 'O-closed', accountId: 'A1', ownerUserId: 'U-bob', stage: 'Won', isClosed: true, createdAt: '2024-01-01T00:00:00Z', closeDate: '2024-03-10', amount: 10 },
    { id: 'O-other', accountId: 'A2', ownerUserId: 'U-bob', stage: 'Qualify', isClosed: false, createdAt: '2024-01-01T00:00:00Z', closeDate: '2024-03-10', amount: 10 },
  ],
  users: [
    { id: 'U-sam', email: 'sam@ours.example', name: 'Sam', signedUpAt: null, optedIn: true },
    { id: 'U-ann', email: 'Ann@Ours.example', name: 'Ann', signedUpAt: null, optedIn: true },
    { id: 'U-bob', email: 'bob@ours.example', name: 'Bob', signedUpAt: null, optedIn: true },
  ],
};
const index = CrmIndex.fromSnapshot(crm);
const email = (to: string[]): CapturedEmail => ({
  messageKey: 'm@customer.example',
  internetMessageId: 'm@customer.example',
  from: { address: 'buyer@customer.example', name: '' },
  to: to.map((address) => ({ address, name: '' })),
  cc: [],
  subject: 's',
  bodyText: 'b',
  sentAt: '2024-03-10T12:00:00Z',
  inReplyTo: null,
  references: [],
});
const match = { accountIds: ['A1'], contactIds: [], leadIds: [] };

describe('resolveEngagement', () => {
  it('assigns to the owner of the matched opportunity when the owner takes part', () => {
    expect(resolveEngagement(email(['ann@ours.example']), match, index)).toEqual({ opportunityId: 'O-ann', ownerAddress: 'ann@ours.example' });
  });

  it('falls back to the tie-break and to mailbox assignment when no owner takes part', () => {
    expect(resolveEngagement(email(['bob@ours.example']), match, index)).toEqual({ opportunityId: 'O-near', ownerAddress: null });
  });

  it('considers only the matched accounts', () => {
    expect(resolveEngagement(email(['bob@ours.example']), { ...match, accountIds: ['A2'] }, index)).toEqual({
      opportunityId: 'O-other',
      ownerAddress: 'bob@ours.example',
    });
    expect(resolveEngagement(email(['bob@ours.example']), { ...match, accountIds: [] }, index)).toEqual({ opportunityId: null, ownerAddress: null });
  });
});
