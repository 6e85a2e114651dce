/**
 * The workload of a sync, the input of the Graph-limits ideal (ideal-time.ts): per mailbox, how
 * many messages each folder's delta round must return. It comes from the tenant's content (the
 * sandbox's ground truth and the mail a bench delivered), never from the requests the app made:
 * every folder a sync must read (the well-known ones the product does not exclude and the bench
 * tenant's own folder), counting the messages received since `since` - the mailbox's lookback
 * start for a first sync, the measurement's start for a steady-state cycle.
 */
import { CUSTOMER_FOLDER } from '@correspondent/m365-sandbox/bench-mail.js';
import { WELL_KNOWN_FOLDERS } from '@correspondent/m365-sandbox/mailbox.js';
import { EXCLUDED_WELL_KNOWN_FOLDERS } from '../../../src-main/rules/message-rules.js';
import type { MailboxWorkload } from './ideal-time.js';

/** A message copy as the tenant holds it: its folder (well-known name or display name) and arrival. */
export type HeldMessage = { folder: string; receivedDateTime: string };

const SYNCED_WELL_KNOWN = WELL_KNOWN_FOLDERS.map((f) => f.name).filter((name) => !EXCLUDED_WELL_KNOWN_FOLDERS.has(name));

export function mailboxWorkload(messages: Iterable<HeldMessage>, since: Date): MailboxWorkload {
  const counts = new Map<string, number>([...SYNCED_WELL_KNOWN, CUSTOMER_FOLDER].map((name) => [name, 0]));
  const from = since.getTime();
  for (const message of messages) {
    if (EXCLUDED_WELL_KNOWN_FOLDERS.has(message.folder.toLowerCase())) continue;
    if (Date.parse(message.receivedDateTime) < from) continue;
    counts.set(message.folder, (counts.get(message.folder) ?? 0) + 1);
  }
  return [...counts.values()];
}
