import { describe, expect, it } from 'vitest';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { createRuleContext } from '../../../src-main/rules/rule-context.js';
import { extractParticipants } from '../../../src-main/rules/participants.js';
import type { MessageView } from '../../../src-main/rules/read-message.js';

const crm = CrmIndex.fromSnapshot({ accounts: [], contacts: [], leads: [], opportunities: [], users: [] });
const folder = { id: 'inbox', wellKnownName: 'inbox', displayName: 'Inbox' };

function view(to: string[]): MessageView {
  return { from: { address: 'buyer@customer.example', name: 'Buyer' }, sender: null, to: to.map((address) => ({ address, name: '' })), cc: [] } as unknown as MessageView;
}

describe('mailbox aliases count as the organisation', () => {
  it('makes an alias outside the organisation domains internal, and nothing else', () => {
    const without = createRuleContext({ orgDomains: ['contoso.example'], blockedDomains: [], crm, mailbox: 'ann@contoso.example', folder });
    const withAliases = createRuleContext({ orgDomains: ['contoso.example'], blockedDomains: [], crm, mailbox: 'ann@contoso.example', folder, orgAddresses: ['Ann.Smith@Legacy-Contoso.example'] });
    const message = view(['ann.smith@legacy-contoso.example', 'bob@legacy-contoso.example']);
    const internal = (context: typeof without) => Object.fromEntries(extractParticipants(message, context).all.map((p) => [p.address, p.internal]));
    expect(internal(without)).toEqual({ 'buyer@customer.example': false, 'ann.smith@legacy-contoso.example': false, 'bob@legacy-contoso.example': false });
    expect(internal(withAliases)).toEqual({ 'buyer@customer.example': false, 'ann.smith@legacy-contoso.example': true, 'bob@legacy-contoso.example': false });
  });
});
