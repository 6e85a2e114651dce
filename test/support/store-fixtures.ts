/** Builders for store tests: valid CapturedEmail / PageImport / CommitPageInput values with overrides. */
import type { CapturedEmail } from '../../src-shared/domain.js';
import type { ReasonCode } from '../../src-shared/domain.js';
import type { CommitPageInput, ImportDecisionRecord, PageImport } from '../../src-main/store/mail-store.js';

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
    decisions: [],
    nextCursor: `https://graph.example/delta?mailbox=${encodeURIComponent(mailbox)}&page=2`,
    roundComplete: false,
    ...overrides,
  };
}

/** Skip decisions of distinct items (`<prefix>-<rule>-<n>`), `counts[rule]` of each rule. */
export function skipDecisions(prefix: string, counts: Partial<Record<ReasonCode, number>>): ImportDecisionRecord[] {
  return Object.entries(counts).flatMap(([rule, n]) =>
    Array.from({ length: n ?? 0 }, (_, i) => ({ itemId: `${prefix}-${rule}-${i}`, verdict: 'skip' as const, rule: rule as ReasonCode, folder: 'inbox', fingerprint: `${prefix}${rule}${i}`.padEnd(64, '0') })),
  );
}
