/**
 * The Graph requests of a sync, grouped the way their order is forced: per mailbox, each folder's
 * delta pages form a chain (every page's nextLink comes from the previous page), and everything
 * else (folder lookups and listings) is discovery, which Graph would let run side by side. The
 * ideal time of a sync is computed from these (ideal-time.ts).
 */
import type { RequestLogEntry } from '@correspondent/m365-sandbox';

export type MailboxChains = {
  /** The user segment of the request paths (object id). */
  mailbox: string;
  /** Delta requests per folder, in no particular order. */
  deltaChains: number[];
  /** Non-delta requests (well-known folder lookups, folder listings). */
  discovery: number;
};

const USER = /\/users(?:\('([^']+)'\)|\/([^/?]+))/i;
const FOLDER = /\/mailFolders(?:\('([^']+)'\)|\/([^/?]+))\/messages\/delta/i;

export function chainsOf(log: readonly RequestLogEntry[], since = 0): MailboxChains[] {
  const byMailbox = new Map<string, { chains: Map<string, number>; discovery: number }>();
  for (let i = since; i < log.length; i++) {
    const entry = log[i] as RequestLogEntry;
    const user = USER.exec(entry.path);
    const mailbox = user ? decodeURIComponent(user[1] ?? user[2] ?? '').toLowerCase() : null;
    if (mailbox === null || !entry.path.includes('/mailFolders')) continue;
    const slot = byMailbox.get(mailbox) ?? { chains: new Map<string, number>(), discovery: 0 };
    byMailbox.set(mailbox, slot);
    const folder = FOLDER.exec(entry.path);
    if (folder) {
      const key = decodeURIComponent(folder[1] ?? folder[2] ?? '');
      slot.chains.set(key, (slot.chains.get(key) ?? 0) + 1);
    } else {
      slot.discovery += 1;
    }
  }
  return [...byMailbox].map(([mailbox, slot]) => ({ mailbox, deltaChains: [...slot.chains.values()], discovery: slot.discovery }));
}
