/** What the generator's ground truth says must be stored after a complete sync of some mailboxes. */
import { EXCLUDED_WELL_KNOWN_FOLDERS } from '../../../src-main/rules/message-rules.js';
import { normaliseMessageId } from '../../../src-main/rules/pipeline.js';
import type { SandboxHandle } from '@correspondent/m365-sandbox';
import { lookbackStart } from '../../../src-main/sync/lookback.js';

/** Message key -> the mailboxes that must have a sighting of it. */
export function expectedSightings(sandbox: SandboxHandle, mailboxes: string[], syncedAt: Date): Map<string, Set<string>> {
  const expected = new Map<string, Set<string>>();
  for (const raw of mailboxes) {
    const mailbox = raw.toLowerCase();
    const since = lookbackStart({ mailbox, crm: sandbox.crm, now: syncedAt, lookbackMaxDays: null }).getTime();
    for (const g of sandbox.groundTruthFor(mailbox)) {
      if (g.verdict !== 'import' || EXCLUDED_WELL_KNOWN_FOLDERS.has(g.folder) || Date.parse(g.receivedDateTime) < since) continue;
      const key = normaliseMessageId(g.internetMessageId) ?? '';
      expected.set(key, (expected.get(key) ?? new Set()).add(mailbox));
    }
  }
  return expected;
}
