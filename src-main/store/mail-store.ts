/**
 * The store port the sync engine and the Api use. MariaDB implements it (mariadb-mail-store.ts);
 * the contract that matters most: `commitPage` writes a page's emails AND the folder's next
 * cursor in ONE transaction, so a crash anywhere repeats work but never loses or duplicates mail.
 */
import type { CapturedEmail, CrmMatch, CycleSummary, EmailListItem, MailboxStatus, ReasonCode } from '../../src-shared/domain.js';
import type { CrmSnapshot } from '@correspondent/contract';
import type { CrmRefreshStore } from './crm-refresh-port.js';
import type { Engagement } from '../engagement/engagement.js';
import type { ExclusionStore } from './exclusion-store.js';
import type { SyncStateStore } from './sync-state-store.js';

export type MailboxRecord = {
  /** Primary SMTP address, lower case: the key of a mailbox everywhere. */
  address: string;
  displayName: string;
  /** Graph user id. */
  graphUserId: string;
  optedIn: boolean;
};

/** For upserts: `optedIn: null` keeps an existing mailbox's choice (new mailboxes: not opted in). */
/** A mailbox's state without its stored-mail counts (MailStore.mailboxSummaries). */
export type MailboxSummary = Omit<MailboxStatus, 'imported' | 'alreadyStored'>;

export type MailboxUpsert = Omit<MailboxRecord, 'optedIn'> & { optedIn: boolean | null };

export type PageImport = {
  /** Graph id of the message in this mailbox (a sighting). */
  graphId: string;
  email: CapturedEmail;
  match: CrmMatch;
  /**
   * Matched opportunity and owner (engagement/resolve-engagement.ts), computed by the caller from
   * its CrmLookup. Absent: no opportunity, assigned by mailbox. Used only when the email is new.
   */
  engagement?: Engagement;
  /** True when identifiers were masked in the captured subject or body (counted in health). */
  masked?: boolean;
};

/**
 * One message the sync decided. The audit log's `import.decision` entry (issue 8) takes the
 * fingerprint (SHA-256 of the normalised Message-ID or Graph id) and the rule code, never content;
 * the store keeps skips by the Graph id's hash (skip_decisions) so a re-reported message is counted
 * once. `externalDomains`: a no-crm-match skip's external domains, for "missing from CRM" (domain
 * and count only).
 */
export type ImportDecisionRecord = {
  /** The item's Graph id (ImmutableId) in this mailbox. */
  itemId: string;
  verdict: 'import' | 'skip';
  rule: ReasonCode;
  folder: string;
  fingerprint: string;
  externalDomains?: readonly string[];
};

export type CommitPageInput = {
  mailbox: string;
  folderId: string;
  imports: PageImport[];
  /**
   * Every decided message of the page, imports and skips. Skip counts, missing domains and the
   * audit log's decision entries are derived from the ones that are new (not re-reports), in the
   * page's transaction. Skipped content is never stored: a skip is a hash, a rule and domains.
   */
  decisions: ImportDecisionRecord[];
  /** The nextLink or deltaLink that follows this page. */
  nextCursor: string;
  /** True when nextCursor is a deltaLink (the round is complete). */
  roundComplete: boolean;
  /** Where the cursor is saved when not under `folderId` (a backfill or late-match listing of the folder). */
  cursorKey?: string;
};

export type CommitPageResult = {
  /** Emails newly stored by this page (not counting ones already stored from another mailbox). */
  inserted: number;
  /** New sightings of already-stored emails (seen in another mailbox first). */
  sightings: number;
  /** Skips decided by this page, by reason (re-reports with the same rule left out). */
  skipped: Partial<Record<ReasonCode, number>>;
  /** Messages this mailbox had already decided the same way (re-reported by Graph, or a page read again). */
  unchanged: number;
  /** Of the emails newly stored, those stored with identifiers masked. */
  masked: number;
};

export type EmailFilter = {
  mailbox?: string;
  accountId?: string;
  /** Only the emails of this email's thread (thread-key.ts), the email itself included. */
  threadOf?: number;
  limit: number;
  offset: number;
};

/** One email as Elasticsearch indexes it (search/email-index.ts maps these fields). */
export type SearchDocument = {
  emailId: number;
  messageKey: string;
  internetMessageId: string | null;
  subject: string;
  body: string;
  from: { address: string; name: string; domain: string };
  to: string[];
  cc: string[];
  /** From, To and Cc addresses. */
  participants: string[];
  /** Domains of all participants. */
  domains: string[];
  sentAt: string;
  mailboxes: string[];
  accountIds: string[];
  contactIds: string[];
  leadIds: string[];
  opportunityId: string | null;
  assignedTo: string | null;
};

/** A queued change: the email's current document, or null when it no longer exists (delete it). */
export type SearchChange = { emailId: number; document: SearchDocument | null };

/**
 * Sends changes to the search index. Resolves with the emails it could not apply (email id ->
 * reason), which are retried later with backoff; rejects when the index is unreachable, leaving
 * the whole batch queued.
 */
export type SearchSend = (changes: SearchChange[]) => Promise<ReadonlyMap<number, string>>;

/** busy: another instance is draining now (drains are serialised across instances). */
export type DrainOutcome = { busy: boolean; sent: number; failed: number };

export type PurgeTarget = { kind: 'contact'; address: string } | { kind: 'domain'; domain: string } | { kind: 'mailbox'; address: string };

export type PurgeResult = {
  /** Emails deleted from MariaDB (and queued for deletion from Elasticsearch). */
  emails: number;
  /** For a mailbox purge: its sightings of emails that other mailboxes also saw (those emails stay). */
  sightingsRemoved: number;
};

/** Who asked for a change, for the audit log. */
export type Actor = { actor: string; source: string };

// --- Console engagements: search, detail, reassignment (engagement-queries.ts, reassign-email.ts) ---

/** Every present criterion must hold; a list criterion holds when any of its values does. */
export type EmailSearchFilter = {
  accountIds?: readonly string[];
  opportunityIds?: readonly string[];
  assignedTo?: readonly string[];
  /** A participant (From, To or Cc) with this address, or any participant in this domain or a subdomain. */
  participant?: { address: string } | { domain: string };
  /** Words that must all appear in the subject or the body (case-insensitive). */
  text?: string;
  limit: number;
  offset: number;
};

/** One stored email with everything captured and its links; CRM names are the caller's to add. */
export type StoredEmailDetail = {
  id: number;
  messageKey: string;
  internetMessageId: string | null;
  threadKey: string | null;
  from: { address: string; name: string };
  to: { address: string; name: string }[];
  cc: { address: string; name: string }[];
  subject: string;
  bodyText: string;
  sentAt: string;
  inReplyTo: string | null;
  references: string[];
  importedAt: string;
  firstMailbox: string;
  sightings: { mailbox: string; folderId: string; seenAt: string }[];
  accountIds: string[];
  contactIds: string[];
  leadIds: string[];
  opportunityId: string | null;
  assignedTo: string | null;
  /** 'opportunity-owner' | 'mailbox' | 'admin' (emails.assigned_by). */
  assignedBy: string;
  /** Administrators' reassignments of this email, oldest first. */
  reassignments: {
    at: string;
    actor: string;
    opportunityBefore: string | null;
    opportunityAfter: string | null;
    assignedToBefore: string | null;
    assignedToAfter: string | null;
  }[];
};

/** An administrator's change: absent fields stay as they are. */
export type EmailReassignment = { opportunityId?: string | null; assignedTo?: string };

/** The console's engagement reads and the one write (MailStore implements it). */
export interface EngagementStore {
  searchEmails(filter: EmailSearchFilter): Promise<{ items: EmailListItem[]; total: number }>;
  emailDetail(id: number): Promise<StoredEmailDetail | null>;
  /**
   * Sets the email's opportunity and/or owner, marks it assigned by an administrator (so a later
   * sighting does not recompute the owner), queues it for search and records who did it and when,
   * in one transaction. False when there is no such email.
   */
  reassignEmail(id: number, change: EmailReassignment, by: Actor): Promise<boolean>;
}
// --- end console engagements ---

export interface MailStore extends EngagementStore {
  upsertMailboxes(mailboxes: MailboxUpsert[]): Promise<void>;
  /** Every mailbox with its state and its imported / already-stored counts (an aggregate over all stored mail: for the console). */
  listMailboxes(): Promise<MailboxStatus[]>;
  /** Every mailbox with its state, without the counts: what the sync cycle and discovery need, at a cost that does not grow with the stored mail. */
  mailboxSummaries(): Promise<MailboxSummary[]>;
  /** The records (with Graph user ids) of these mailboxes; unknown addresses are left out. */
  mailboxRecords(addresses: string[]): Promise<MailboxRecord[]>;
  setMailboxState(address: string, state: MailboxStatus['state'], error: string | null): Promise<void>;
  getFolderCursor(mailbox: string, folderId: string): Promise<string | null>;
  commitPage(input: CommitPageInput): Promise<CommitPageResult>;
  /** The Graph ids among `itemIds` this mailbox has decided: a sighting (imported) or a skip. */
  knownItems(mailbox: string, itemIds: readonly string[]): Promise<Set<string>>;
  listEmails(filter: EmailFilter): Promise<{ items: EmailListItem[]; total: number }>;
  /** Replaces the CRM tables in one transaction and bumps the CRM revision. The snapshot must be valid (crm-snapshot.ts). */
  replaceCrm(snapshot: CrmSnapshot): Promise<void>;
  loadCrm(): Promise<CrmSnapshot>;
  /**
   * A number that changes whenever the CRM tables are replaced (replaceCrm, or a customer's ETL
   * following docs/crm-tables.md): one primary-key read, cheap enough to poll before each cycle.
   */
  crmRevision(): Promise<number>;
  /** The keys among `keys` of stored emails whose sender `isOurAddress` (thread reciprocity). */
  sentByUs(keys: readonly string[], isOurAddress: (address: string) => boolean): Promise<Set<string>>;
  /** Skipped messages by reason code, all mailboxes or one (health page). */
  skipCounts(mailbox?: string): Promise<Partial<Record<ReasonCode, number>>>;
  /** Emails waiting for Elasticsearch (health: the search backlog). */
  searchBacklog(): Promise<number>;
  /** Sends up to `limit` queued changes through `send`; see search-outbox.ts. */
  drainSearchOutbox(limit: number, send: SearchSend): Promise<DrainOutcome>;
  /** Queues every stored email for indexing (after the index was rebuilt). Returns the number queued. */
  enqueueAllForSearch(): Promise<number>;
  /** Deletes every stored email of a contact, a domain (and its subdomains) or a mailbox; audited. */
  purge(target: PurgeTarget, by: Actor): Promise<PurgeResult>;
  /** Retention: deletes emails sent more than `days` days ago; audited when anything was deleted. */
  purgeOlderThan(days: number, by: Actor): Promise<PurgeResult>;
  /** Stored emails sent before `cutoff`: what a retention with that cutoff would delete (the console asks before saving one). */
  countSentBefore(cutoff: Date): Promise<number>;
  recordCycle(summary: CycleSummary, finishedAt: Date): Promise<void>;
  lastCycle(): Promise<{ cycle: CycleSummary; finishedAt: string } | null>;
  close(): Promise<void>;
  /** Sets the "Import email conversations" choice of these mailboxes; returns how many exist. */
  setOptIn(addresses: string[], optedIn: boolean): Promise<number>;
  /** Leases, pause, health and round state of the sync engine (sync-state-store.ts). */
  readonly syncState: SyncStateStore;
  /** The capture policy's exclusion lists (exclusion-store.ts). */
  /** The live CRM connection and its shared refresh (issue 22). */
  readonly crmRefresh: CrmRefreshStore;
  readonly exclusions: ExclusionStore;
}
