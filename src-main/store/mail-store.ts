/**
 * The store port the sync engine and the Api use. MariaDB implements it (mariadb-mail-store.ts);
 * the contract that matters most: `commitPage` writes a page's emails AND the folder's next
 * cursor in ONE transaction, so a crash anywhere repeats work but never loses or duplicates mail.
 */
import type { CapturedEmail, CrmMatch, CycleSummary, EmailListItem, MailboxStatus, ReasonCode } from '../../src-shared/domain.js';
import type { CrmSnapshot } from '../crm/crm-types.js';

export type MailboxRecord = {
  /** Primary SMTP address, lower case: the key of a mailbox everywhere. */
  address: string;
  displayName: string;
  /** Graph user id. */
  graphUserId: string;
  optedIn: boolean;
};

/** For upserts: `optedIn: null` keeps an existing mailbox's choice (new mailboxes: not opted in). */
export type MailboxUpsert = Omit<MailboxRecord, 'optedIn'> & { optedIn: boolean | null };

export type PageImport = {
  /** Graph id of the message in this mailbox (a sighting). */
  graphId: string;
  email: CapturedEmail;
  match: CrmMatch;
};

export type CommitPageInput = {
  mailbox: string;
  folderId: string;
  imports: PageImport[];
  /** Skipped messages of this page by reason code (counts only: skipped content is never stored). */
  skipped: Partial<Record<ReasonCode, number>>;
  /** The nextLink or deltaLink that follows this page. */
  nextCursor: string;
  /** True when nextCursor is a deltaLink (the round is complete). */
  roundComplete: boolean;
};

export type CommitPageResult = {
  /** Emails newly stored by this page (not counting ones already stored from another mailbox). */
  inserted: number;
  /** New sightings of already-stored emails. */
  sightings: number;
};

export type EmailFilter = { mailbox?: string; accountId?: string; limit: number; offset: number };

export interface MailStore {
  upsertMailboxes(mailboxes: MailboxUpsert[]): Promise<void>;
  listMailboxes(): Promise<MailboxStatus[]>;
  /** The records (with Graph user ids) of these mailboxes; unknown addresses are left out. */
  mailboxRecords(addresses: string[]): Promise<MailboxRecord[]>;
  setMailboxState(address: string, state: MailboxStatus['state'], error: string | null): Promise<void>;
  getFolderCursor(mailbox: string, folderId: string): Promise<string | null>;
  commitPage(input: CommitPageInput): Promise<CommitPageResult>;
  listEmails(filter: EmailFilter): Promise<{ items: EmailListItem[]; total: number }>;
  replaceCrm(snapshot: CrmSnapshot): Promise<void>;
  loadCrm(): Promise<CrmSnapshot>;
  recordCycle(summary: CycleSummary, finishedAt: Date): Promise<void>;
  lastCycle(): Promise<{ cycle: CycleSummary; finishedAt: string } | null>;
  close(): Promise<void>;
}
