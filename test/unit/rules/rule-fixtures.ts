/**
 * A small CRM and message builder shared by the rule tests: Acme owns customer.example, Beta owns
 * the subdomain eu.customer.example, one Acme contact uses gmail.com, and an account wrongly lists
 * gmail.com as its domain (it must never match by it).
 */
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import type { CrmSnapshot } from '@correspondent/contract';
import type { FolderInfo, GraphMessage } from '../../../src-main/graph/graph-message.js';
import { createRuleContext, type RuleContext } from '../../../src-main/rules/rule-context.js';

export const snapshot: CrmSnapshot = {
  accounts: [
    { id: 'A-1', name: 'Acme', domains: ['customer.example'] },
    { id: 'B-2', name: 'Beta', domains: ['EU.Customer.Example'] },
    { id: 'G-3', name: 'Gmail Fan Club', domains: ['gmail.com'] },
    { id: 'M-4', name: 'Bücher GmbH', domains: ['bücher.example'] },
  ],
  contacts: [
    { id: 'C-1', email: 'Alice@Customer.example', accountId: 'A-1', name: 'Alice' },
    { id: 'C-2', email: 'dave@gmail.com', accountId: 'A-1', name: 'Dave' },
    { id: 'C-3', email: 'orphan@nowhere.example', accountId: null, name: 'Orphan' },
  ],
  leads: [{ id: 'L-1', email: 'bob@lead.example', company: 'Bob Ltd', name: 'Bob' }],
  opportunities: [],
  users: [],
};

export const inbox: FolderInfo = { id: 'inbox-id', wellKnownName: 'inbox', displayName: 'Inbox' };

export function context(overrides: Partial<{ folder: FolderInfo; orgDomains: string[]; blockedDomains: string[] }> = {}): RuleContext {
  return createRuleContext({
    mailbox: 'me@ourco.example',
    folder: overrides.folder ?? inbox,
    orgDomains: overrides.orgDomains ?? ['ourco.example'],
    blockedDomains: overrides.blockedDomains ?? ['spam.example'],
    crm: CrmIndex.fromSnapshot(snapshot),
  });
}

export function recipient(address: string, name = ''): { emailAddress: { address: string; name: string } } {
  return { emailAddress: { address, name } };
}

/** An inbound customer email that imports unless a test changes it. */
export function message(overrides: Record<string, unknown> = {}): GraphMessage {
  return {
    id: 'AAMk-1',
    isDraft: false,
    subject: 'Quote for 40 units',
    body: { contentType: 'text', content: 'Hello,\r\nplease send the quote.\r\nAlice' },
    from: recipient('alice@customer.example', 'Alice'),
    sender: recipient('alice@customer.example', 'Alice'),
    toRecipients: [recipient('me@ourco.example', 'Me')],
    ccRecipients: [],
    sentDateTime: '2025-02-10T08:13:58Z',
    receivedDateTime: '2025-02-10T08:14:03Z',
    internetMessageId: '<CAF8xQ9v+W2@Mail.Customer.Example>',
    internetMessageHeaders: [],
    ...overrides,
  } as GraphMessage;
}
