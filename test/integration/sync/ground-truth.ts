/**
 * What the generator's ground truth says must be stored after a complete sync of some mailboxes,
 * computed from the generator's data alone, by rules written down here from the design
 * (architecture.md "Lookback" and "Dedup"), not with the product's lookback, folder or Message-ID
 * helpers: a bug in those must show up as a difference, not move expected and actual together.
 * The generator labels every seeded copy (excluded folders and drafts included) with its verdict.
 */
import type { SandboxHandle } from '@correspondent/m365-sandbox';

const WEEK_MS = 7 * 86_400_000;

/** The first sync reads from the oldest open opportunity the mailbox's user owns, else one week back. */
function lookbackOf(sandbox: SandboxHandle, mailbox: string, syncedAt: Date): number {
  const userIds = new Set(sandbox.crm.users.filter((u) => u.email.toLowerCase() === mailbox).map((u) => u.id));
  const created = sandbox.crm.opportunities.filter((o) => !o.isClosed && userIds.has(o.ownerUserId)).map((o) => Date.parse(o.createdAt));
  return created.length > 0 ? Math.min(...created) : syncedAt.getTime() - WEEK_MS;
}

/** An email's key: its Message-ID without the angle brackets, in lower case. */
function keyOf(internetMessageId: string): string {
  const trimmed = internetMessageId.trim();
  const bare = trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1).trim() : trimmed;
  return bare.toLowerCase();
}

/** Message key -> the mailboxes that must have a sighting of it. */
export function expectedSightings(sandbox: SandboxHandle, mailboxes: string[], syncedAt: Date): Map<string, Set<string>> {
  const expected = new Map<string, Set<string>>();
  for (const raw of mailboxes) {
    const mailbox = raw.toLowerCase();
    const since = lookbackOf(sandbox, mailbox, syncedAt);
    for (const g of sandbox.groundTruthFor(mailbox)) {
      if (g.verdict !== 'import' || Date.parse(g.receivedDateTime) < since) continue;
      const key = keyOf(g.internetMessageId);
      expected.set(key, (expected.get(key) ?? new Set()).add(mailbox));
    }
  }
  return expected;
}
