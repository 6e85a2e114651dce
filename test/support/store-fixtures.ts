/** Builders for store tests: valid CapturedEmail / PageImport / CommitPageInput values with overrides. */
import type { CapturedEmail } from '../../src-shared/domain.js';
import type { CommitPageInput, PageImport } from '../../src-main/store/mail-store.js';

export function capturedEmail(overrides: Partial<CapturedEmail> & { messageKey: string }): CapturedEmail {
  return {
    internetMessageId: overrides.messageKey,
    from: { address: 'buyer@customer.example', name: 'Bea Buyer' },
    to: [{ address: 'seller@ours.example', name: 'Sam Seller' }],
    cc: [],
    subject: `Subject of ${overrides.messageKey}`,
    bodyText: 'Hello',
    sentAt: '2024-03-01T10:00:00.000Z',
    inReplyTo: null,
    references: [],
    ...overrides,
  };
}

export function pageImport(graphId: string, email: CapturedEmail, accountIds: string[] = ['acc-1']): PageImport {
  return { graphId, email, match: { accountIds, contactIds: [], leadIds: [] } };
}

export function page(mailbox: string, imports: PageImport[], overrides: Partial<CommitPageInput> = {}): CommitPageInput {
  return {
    mailbox,
    folderId: 'AAMkInbox',
    imports,
    skipped: {},
    nextCursor: `https://graph.example/delta?mailbox=${encodeURIComponent(mailbox)}&page=2`,
    roundComplete: false,
    ...overrides,
  };
}
