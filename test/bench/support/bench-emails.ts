/**
 * The store benchmarks' captured email number `i`: a customer reply with 3 participants, one
 * account and one contact link, threaded on email i-1. Shared by the store part and the fleet's
 * store workers so that both persist the same rows: in the fleet, one thread spans every worker's
 * mailbox (each worker's first email answers the previous worker's last), as colleagues' threads do.
 */
import type { CapturedEmail } from '../../../src-shared/domain.js';
import type { PageImport } from '../../../src-main/store/mail-store.js';

export function benchEmail(i: number): PageImport {
  const captured: CapturedEmail = {
    messageKey: `bench-${i}@customer${i % 50}.example`,
    internetMessageId: `<bench-${i}@customer${i % 50}.example>`,
    from: { address: `buyer${i % 300}@customer${i % 50}.example`, name: `Buyer ${i % 300}` },
    to: [{ address: `seller${i % 40}@contoso.example`, name: `Seller ${i % 40}` }],
    cc: [{ address: `manager${i % 10}@contoso.example`, name: `Manager ${i % 10}` }],
    subject: `RE: Quote ${i} for the renewal`,
    bodyText: 'Thanks for the call today. As discussed, the updated quote covers 40 seats.\n'.repeat(20),
    sentAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    inReplyTo: i > 0 ? `<bench-${i - 1}@customer${(i - 1) % 50}.example>` : null,
    references: i > 0 ? [`<bench-${i - 1}@customer${(i - 1) % 50}.example>`] : [],
  };
  return { graphId: `graph-${i}`, email: captured, match: { accountIds: [`A-${i % 50}`], contactIds: [`C-${i % 300}`], leadIds: [] } };
}
