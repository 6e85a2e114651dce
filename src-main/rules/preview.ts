/**
 * The rule preview without I/O: decisions over a list of message envelopes, in input order, and
 * their summary (by reason, and "missing from CRM" by domain). `correspondent preview` and the
 * console's rule preview both call this, so they cannot disagree. Nothing is stored; the summary
 * names domains and counts only, never content of skipped mail.
 */
import type { Decision, DecisionStage, Reason, Verdict } from '../../src-shared/domain.js';
import type { FolderInfo } from '../graph/graph-message.js';
import { domainOf, findDomainOrParent, normaliseAddress, normaliseDomain } from './address.js';
import { evaluateEnvelope, evaluateMessageView } from './evaluate-message.js';
import { readMessage, type ReadResult } from './read-message.js';
import { normaliseMessageId } from './message-key.js';
import { createRuleContext, type RuleSettings, type RuleSettingsInput } from './rule-context.js';

/**
 * One input: a message envelope, or an input that could not be turned into one (it still gets a
 * line). `read`: the message as the page step read it (read-page.ts: a live mailbox's delta
 * pages), completed with its content by the content stage; absent, the message is read on first
 * use (`envelopeRead`).
 */
export type PreviewEnvelope = MessageEnvelope | { id: string; internetMessageId: string | null; problem: string };
export type MessageEnvelope = { id: string; mailbox: string; folder: string; message: unknown; read?: ReadResult };

const reads = new WeakMap<MessageEnvelope, ReadResult>();

/**
 * The envelope's message read once, however many steps look at it (content stage, thread
 * references, our own sent mail, each policy of a simulation): the preview's page path is the
 * sync's, each message parsed once.
 */
export function envelopeRead(envelope: MessageEnvelope): ReadResult {
  if (envelope.read) return envelope.read;
  let read = reads.get(envelope);
  if (!read) {
    read = readMessage(envelope.message);
    reads.set(envelope, read);
  }
  return read;
}

/** `stage`: where the two-stage pipeline settles the message (header-first: its envelope, or its content). */
export type PreviewLine = { id: string; internetMessageId: string | null; verdict: Verdict; reasons: Reason[]; decision: Decision; stage: DecisionStage };

export type PreviewSummary = {
  total: number;
  imported: number;
  skipped: number;
  /** Messages per reason code (each code counted once per message). */
  byReason: Record<string, number>;
  /** Skipped external mail whose domains are not in the CRM: domain and count, most first. */
  missingFromCrm: { domain: string; count: number }[];
};

export type PreviewResult = { lines: PreviewLine[]; summary: PreviewSummary };

const WELL_KNOWN_FOLDERS = new Set([
  'inbox', 'sentitems', 'deleteditems', 'drafts', 'junkemail', 'archive', 'outbox', 'clutter', 'conflicts', 'conversationhistory',
  'localfailures', 'recoverableitemsdeletions', 'scheduled', 'searchfolders', 'serverfailures', 'syncissues',
]);

/** An envelope's folder name as the rules see it: a Graph well-known name, else a user folder. */
export function folderInfoOf(folder: string): FolderInfo {
  const key = folder.trim().toLowerCase().replace(/\s+/g, '');
  const wellKnown = WELL_KNOWN_FOLDERS.has(key) ? key : key === 'sent' || key === 'sentitems' ? 'sentitems' : null;
  return { id: wellKnown ?? folder, wellKnownName: wellKnown, displayName: folder };
}

function internetMessageIdOf(message: unknown): string | null {
  if (typeof message !== 'object' || message === null) return null;
  const id = (message as { internetMessageId?: unknown }).internetMessageId;
  return typeof id === 'string' && id.trim().length > 0 ? id.trim() : null;
}

/** Organisation domains when none are configured: the domains of the envelopes' mailboxes. */
export function orgDomainsFromMailboxes(envelopes: readonly PreviewEnvelope[]): string[] {
  const out = new Set<string>();
  for (const envelope of envelopes) {
    if (!('mailbox' in envelope)) continue;
    const address = normaliseAddress(envelope.mailbox);
    if (address !== null) out.add(domainOf(address));
  }
  return [...out];
}

/**
 * Message-IDs our side sent, as far as the input shows: Sent Items copies written by an
 * organisation address. The sync fills the same lookup from the store.
 */
export function ownMessageIdsOf(envelopes: readonly PreviewEnvelope[], orgDomains: Iterable<string>): Set<string> {
  const org = new Set<string>();
  for (const raw of orgDomains) {
    const domain = normaliseDomain(raw);
    if (domain !== null) org.add(domain);
  }
  const ids = new Set<string>();
  for (const envelope of envelopes) {
    if (!('message' in envelope) || folderInfoOf(envelope.folder).wellKnownName !== 'sentitems') continue;
    const read = envelopeRead(envelope);
    const from = read.ok ? normaliseAddress(read.message.from?.address) : null;
    if (!read.ok || from === null || findDomainOrParent(domainOf(from), org) === null) continue;
    const id = normaliseMessageId(read.message.internetMessageId);
    if (id !== null) ids.add(id);
  }
  return ids;
}

/** Rule settings for a preview: unless the caller knows our sent Message-IDs, take them from the input. */
export function previewRuleSettings(envelopes: readonly PreviewEnvelope[], input: RuleSettingsInput): RuleSettings {
  if (input.isOwnMessageId) return createRuleContext(input);
  const own = ownMessageIdsOf(envelopes, input.orgDomains);
  return createRuleContext({ ...input, isOwnMessageId: (id) => own.has(id) });
}

function decide(envelope: PreviewEnvelope, settings: RuleSettings): PreviewLine {
  if (!('message' in envelope)) {
    const decision: Decision = { verdict: 'skip', reasons: [{ code: 'unreadable', detail: envelope.problem }] };
    return { id: envelope.id, internetMessageId: envelope.internetMessageId, verdict: 'skip', reasons: decision.reasons, decision, stage: 'envelope' };
  }
  const mailbox = normaliseAddress(envelope.mailbox) ?? envelope.mailbox.trim().toLowerCase();
  const context = { ...settings, mailbox, folder: folderInfoOf(envelope.folder) };
  // The sync's two stages: what the envelope settles is decided there (the same decision the whole
  // message gets), the rest on the whole message - fetched first for a live mailbox (preview-content.ts).
  const read = envelopeRead(envelope);
  const early = evaluateEnvelope(read, context);
  const decision = early ?? evaluateMessageView(read, context);
  return { id: envelope.id, internetMessageId: internetMessageIdOf(envelope.message), verdict: decision.verdict, reasons: decision.reasons, decision, stage: early ? 'envelope' : 'content' };
}

export function summarisePreview(lines: readonly PreviewLine[]): PreviewSummary {
  const byReason: Record<string, number> = {};
  const missing = new Map<string, number>();
  let imported = 0;
  for (const line of lines) {
    if (line.verdict === 'import') imported += 1;
    for (const code of new Set(line.reasons.map((reason) => reason.code))) byReason[code] = (byReason[code] ?? 0) + 1;
    if (line.verdict === 'skip') for (const domain of line.decision.externalDomains ?? []) missing.set(domain, (missing.get(domain) ?? 0) + 1);
  }
  const missingFromCrm = [...missing].map(([domain, count]) => ({ domain, count })).sort((a, b) => b.count - a.count || a.domain.localeCompare(b.domain));
  return { total: lines.length, imported, skipped: lines.length - imported, byReason, missingFromCrm };
}

/** Decides every envelope, in input order, and summarises. */
export function runPreview(envelopes: readonly PreviewEnvelope[], settings: RuleSettings): PreviewResult {
  const lines = envelopes.map((envelope) => decide(envelope, settings));
  return { lines, summary: summarisePreview(lines) };
}
