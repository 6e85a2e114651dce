/**
 * One page of Graph messages through the rule pipeline, whichever endpoint it came from (delta or
 * a plain listing): removals and partial updates are passed over, each message gets a decision,
 * and what the page adds to the counters is tallied (skips by reason, external domains of
 * no-crm-match skips for "missing from CRM": domain and count only, never content).
 */
import type { CapturedEmail, CrmMatch, Decision, ReasonCode } from '../../src-shared/domain.js';
import type { Engagement } from '../engagement/engagement.js';
import { graphMessageSchema, type FolderInfo, type GraphMessage } from '../graph/graph-message.js';
import { normaliseMessageId } from '../rules/pipeline.js';
import type { ImportDecisionRecord, PageImport } from '../store/mail-store.js';
import { messageFingerprint } from '../audit/audit-hash.js';

/** `isOwnMessageId(normalisedId)`: was that message sent by our side (thread reciprocity)? */
export type EvaluateFn = (message: GraphMessage, mailbox: string, folder: FolderInfo, isOwnMessageId: (id: string) => boolean) => Decision;

/** Matched opportunity and owner of an imported email (engagement/resolve-engagement.ts). */
export type EngageFn = (email: CapturedEmail, match: CrmMatch) => Engagement;

export type DecidedPage = {
  imports: PageImport[];
  skipped: Partial<Record<ReasonCode, number>>;
  missingDomains: Record<string, number>;
  /** Messages decided on. */
  read: number;
  /** Imports stored with identifiers masked (sensitive-content-masked): counted in health like skips. */
  masked: number;
  /** One audit record per decided message: a fingerprint and the rule code only, never content. */
  decisions: ImportDecisionRecord[];
};

/**
 * A delta round reports changes to items it already sent (read flags, categories) with only a
 * few fields (microsoft-graph.md 3.4): such an item carries no addressing and is not a message
 * to decide on; the stored email is immutable content and needs no update, so a partial update
 * never overwrites what was stored.
 */
export function isPartialUpdate(raw: Record<string, unknown>): boolean {
  return !('from' in raw) && !('sender' in raw) && !('toRecipients' in raw) && !('internetMessageId' in raw) && !('subject' in raw);
}

/** Items of a page that are messages in full (not removals, not partial updates). */
export function fullItems(messages: unknown[]): Record<string, unknown>[] {
  return messages.filter(
    (raw): raw is Record<string, unknown> => typeof raw === 'object' && raw !== null && !('@removed' in raw) && !isPartialUpdate(raw as Record<string, unknown>),
  );
}

/** The oldest receivedDateTime among a page's items (null when none carries one). */
export function oldestReceived(messages: unknown[]): Date | null {
  let oldest: number | null = null;
  for (const raw of fullItems(messages)) {
    const value = raw['receivedDateTime'];
    const at = typeof value === 'string' ? Date.parse(value) : NaN;
    if (!Number.isNaN(at) && (oldest === null || at < oldest)) oldest = at;
  }
  return oldest === null ? null : new Date(oldest);
}

/** Message-IDs a page's messages reply to or reference (In-Reply-To, References headers). */
export function referencedIds(messages: unknown[]): string[] {
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

export function decidePage(
  messages: unknown[],
  mailbox: string,
  folder: FolderInfo,
  own: ReadonlySet<string>,
  deps: { evaluate: EvaluateFn; engage: EngageFn },
): DecidedPage {
  const isOwnMessageId = (id: string) => own.has(id);
  const imports: PageImport[] = [];
  const skipped: Partial<Record<ReasonCode, number>> = {};
  const missingDomains: Record<string, number> = {};
  const decisions: ImportDecisionRecord[] = [];
  let read = 0;
  let masked = 0;
  for (const raw of messages) {
    if (typeof raw === 'object' && raw !== null && ('@removed' in raw || isPartialUpdate(raw as Record<string, unknown>))) continue;
    read += 1;
    const parsed = graphMessageSchema.safeParse(raw);
    const decision: Decision = parsed.success
      ? deps.evaluate(parsed.data, mailbox, folder, isOwnMessageId)
      : { verdict: 'skip', reasons: [{ code: 'unreadable', detail: 'The message payload did not match the Graph message shape.' }] };
    const rawId = (raw as { id?: unknown } | null)?.id;
    decisions.push({
      verdict: decision.verdict,
      rule: decision.reasons[0]?.code ?? 'unreadable',
      folder: folder.wellKnownName ?? folder.id,
      fingerprint: messageFingerprint(normaliseMessageId(parsed.success ? parsed.data.internetMessageId : null), typeof rawId === 'string' ? rawId : ''),
    });
    if (decision.verdict === 'import' && decision.email && decision.match && parsed.success) {
      imports.push({ graphId: parsed.data.id, email: decision.email, match: decision.match, engagement: deps.engage(decision.email, decision.match) });
      if (decision.reasons.some((reason) => reason.code === 'sensitive-content-masked')) masked += 1;
      continue;
    }
    const code = decision.reasons[0]?.code ?? 'unreadable';
    skipped[code] = (skipped[code] ?? 0) + 1;
    if (code === 'no-crm-match') {
      for (const domain of decision.externalDomains ?? []) missingDomains[domain] = (missingDomains[domain] ?? 0) + 1;
    }
  }
  return { imports, skipped, missingDomains, read, masked, decisions };
}
