/**
 * Brings one mailbox up to date: each syncable folder's delta chain is followed from its saved
 * cursor (or from the lookback on first sync), each page is decided by the rule pipeline, and the
 * page's imports are committed together with the cursor that follows the page. The cursor only
 * advances in the transaction that stored the page, so a crash repeats a page but never skips one.
 */
import type { CapturedEmail, CrmMatch, Decision, ReasonCode } from '../../src-shared/domain.js';
import type { Engagement } from '../engagement/engagement.js';
import { AppError } from '../../src-shared/errors.js';
import type { Logger } from '../app/logger.js';
import { graphMessageSchema, type FolderInfo, type GraphMessage } from '../graph/graph-message.js';
import { normaliseMessageId } from '../rules/pipeline.js';
import type { GraphMailReader } from '../graph/graph-mail-reader.js';
import type { ImportDecisionRecord, MailboxRecord, MailStore, PageImport } from '../store/mail-store.js';
import { messageFingerprint } from '../audit/audit-hash.js';

export type MailboxSyncResult = {
  read: number;
  imported: number;
  skipped: Partial<Record<ReasonCode, number>>;
};

/** `isOwnMessageId(normalisedId)`: was that message sent by our side (thread reciprocity)? */
export type EvaluateFn = (message: GraphMessage, mailbox: string, folder: FolderInfo, isOwnMessageId: (id: string) => boolean) => Decision;

/** Matched opportunity and owner of an imported email (engagement/resolve-engagement.ts). */
export type EngageFn = (email: CapturedEmail, match: CrmMatch) => Engagement;

export type MailboxSyncDeps = {
  reader: GraphMailReader;
  store: MailStore;
  evaluate: EvaluateFn;
  engage: EngageFn;
  /** The message keys among these that our side sent (stored emails from our addresses). */
  ownMessageIds: (keys: string[]) => Promise<Set<string>>;
  logger: Logger;
};

/**
 * A delta round reports changes to items it already sent (read flags, categories) with only a
 * few fields (microsoft-graph.md 3.4): such an item carries no addressing and is not a message
 * to decide on; the stored email is immutable content and needs no update.
 */
function isPartialUpdate(raw: Record<string, unknown>): boolean {
  return !('from' in raw) && !('sender' in raw) && !('toRecipients' in raw) && !('internetMessageId' in raw) && !('subject' in raw);
}

/** Message-IDs a page's messages reply to or reference (In-Reply-To, References headers). */
function referencedIds(messages: unknown[]): string[] {
  const ids: string[] = [];
  for (const raw of messages) {
    const headers = (raw as { internetMessageHeaders?: unknown } | null)?.internetMessageHeaders;
    if (!Array.isArray(headers)) continue;
    for (const header of headers as { name?: unknown; value?: unknown }[]) {
      const name = typeof header?.name === 'string' ? header.name.toLowerCase() : '';
      if ((name === 'in-reply-to' || name === 'references') && typeof header.value === 'string') {
        for (const token of header.value.split(/\s+/)) {
          const id = normaliseMessageId(token);
          if (id) ids.push(id);
        }
      }
    }
  }
  return ids;
}

function decidePage(messages: unknown[], mailbox: string, folder: FolderInfo, own: ReadonlySet<string>, deps: Pick<MailboxSyncDeps, 'evaluate' | 'engage'>) {
  const isOwnMessageId = (id: string) => own.has(id);
  const imports: PageImport[] = [];
  const skipped: Partial<Record<ReasonCode, number>> = {};
  // Audit (issue 8): one record per decided message, a fingerprint and the rule code only, never content.
  const decisions: ImportDecisionRecord[] = [];
  let read = 0;
  for (const raw of messages) {
    if (typeof raw === 'object' && raw !== null && ('@removed' in raw || isPartialUpdate(raw as Record<string, unknown>))) continue;
    read += 1;
    const parsed = graphMessageSchema.safeParse(raw);
    const decision: Decision = parsed.success
      ? deps.evaluate(parsed.data, mailbox, folder, isOwnMessageId)
      : { verdict: 'skip', reasons: [{ code: 'unreadable', detail: 'The message payload did not match the Graph message shape.' }] };
    if (decision.verdict === 'import' && decision.email && decision.match && parsed.success) {
      imports.push({ graphId: parsed.data.id, email: decision.email, match: decision.match, engagement: deps.engage(decision.email, decision.match) });
    } else {
      const code = decision.reasons[0]?.code ?? 'unreadable';
      skipped[code] = (skipped[code] ?? 0) + 1;
    }
    const rawId = (raw as { id?: unknown } | null)?.id;
    decisions.push({
      verdict: decision.verdict,
      rule: decision.reasons[0]?.code ?? 'unreadable',
      folder: folder.wellKnownName ?? folder.id,
      fingerprint: messageFingerprint(normaliseMessageId(parsed.success ? parsed.data.internetMessageId : null), typeof rawId === 'string' ? rawId : ''),
    });
  }
  return { imports, skipped, read, decisions };
}

export async function syncMailbox(mailbox: MailboxRecord, since: Date, deps: MailboxSyncDeps): Promise<MailboxSyncResult> {
  const result: MailboxSyncResult = { read: 0, imported: 0, skipped: {} };
  const folders = await deps.reader.listSyncableFolders(mailbox.graphUserId);
  // Sent Items first: replies in other folders then find the mail our side sent already stored
  // (thread reciprocity protects them from the automated-mail rule).
  folders.sort((a, b) => Number(b.wellKnownName === 'sentitems') - Number(a.wellKnownName === 'sentitems'));
  for (const folder of folders) {
    await syncFolder(mailbox, folder, since, deps, result);
  }
  return result;
}

async function syncFolder(mailbox: MailboxRecord, folder: FolderInfo, since: Date, deps: MailboxSyncDeps, result: MailboxSyncResult) {
  const what = `folder "${folder.displayName}" of ${mailbox.address}`;
  let cursor = (await deps.store.getFolderCursor(mailbox.address, folder.id)) ?? deps.reader.initialDeltaUrl(mailbox.graphUserId, folder.id, since);
  let restarted = false;
  for (;;) {
    let page;
    try {
      page = await deps.reader.readDeltaPage(cursor, what);
    } catch (error) {
      // An expired delta token restarts the folder from the lookback once; dedup absorbs repeats.
      if (error instanceof AppError && error.code === 'delta-expired' && !restarted) {
        deps.logger.warn({ mailbox: mailbox.address, folder: folder.id }, 'delta token expired; reading the folder again');
        restarted = true;
        cursor = deps.reader.initialDeltaUrl(mailbox.graphUserId, folder.id, since);
        continue;
      }
      throw error;
    }
    const own = await deps.ownMessageIds(referencedIds(page.messages));
    const decided = decidePage(page.messages, mailbox.address, folder, own, deps);
    const nextCursor = page.deltaLink ?? page.nextLink;
    if (!nextCursor) throw new AppError('graph-unavailable', `Graph returned no continuation for ${what}.`);
    const committed = await deps.store.commitPage({
      mailbox: mailbox.address,
      folderId: folder.id,
      imports: decided.imports,
      skipped: decided.skipped,
      decisions: decided.decisions,
      nextCursor,
      roundComplete: page.deltaLink !== null,
    });
    result.read += decided.read;
    result.imported += committed.inserted;
    for (const [code, count] of Object.entries(decided.skipped) as [ReasonCode, number][]) {
      result.skipped[code] = (result.skipped[code] ?? 0) + count;
    }
    if (page.deltaLink) return;
    cursor = nextCursor;
  }
}
