/**
 * One page through the rule pipeline, whichever endpoint it came from (delta or a plain listing):
 * each message read by `readPage` gets a decision. What the page adds to the counters (skips by
 * reason, domains missing from the CRM) is derived by the store from the decisions that are new
 * (store/page-decisions.ts), so a message Graph reports again is not counted again.
 */
import type { Decision } from '../../src-shared/domain.js';
import { messageFingerprint } from '../audit/audit-hash.js';
import type { FolderInfo } from '../graph/graph-message.js';
import { normaliseMessageId } from '../rules/pipeline.js';
import type { ImportDecisionRecord, PageImport } from '../store/mail-store.js';
import type { PageRules } from './page-rules.js';
import type { ReadPage } from '../rules/read-page.js';

export type DecidedPage = {
  imports: PageImport[];
  /** Messages decided on. */
  read: number;
  /** One record per decided message: its Graph id, a fingerprint and the rule code, never content. */
  decisions: ImportDecisionRecord[];
  /** How many were decided on their envelope, and on their content (header-first capture). */
  stages: { envelope: number; content: number };
};

export function decidePage(page: ReadPage, mailbox: string, folder: FolderInfo, own: ReadonlySet<string>, rules: PageRules): DecidedPage {
  const isOwn = (id: string) => own.has(id);
  const folderRules = rules.forPage(mailbox, folder, isOwn);
  const imports: PageImport[] = [];
  const decisions: ImportDecisionRecord[] = [];
  let atEnvelope = 0;
  for (const item of page.items) {
    const { raw, read } = item;
    // A message found elsewhere is decided by the rules of the folder it is in.
    const where = item.folder ?? folder;
    // Settled on the envelope (content-stage.ts), else decided on the whole message.
    const decision: Decision = item.decidedAtEnvelope ?? (item.folder ? rules.forPage(mailbox, item.folder, isOwn) : folderRules).decide(read);
    if (item.decidedAtEnvelope) atEnvelope += 1;
    const rawId = (raw as { id?: unknown } | null)?.id;
    const itemId = typeof rawId === 'string' ? rawId : '';
    decisions.push({
      itemId,
      verdict: decision.verdict,
      rule: decision.reasons[0]?.code ?? 'unreadable',
      folder: where.wellKnownName ?? where.id,
      fingerprint: messageFingerprint(normaliseMessageId(read.ok ? read.message.internetMessageId : null), itemId),
      ...(decision.externalDomains && decision.externalDomains.length > 0 ? { externalDomains: decision.externalDomains } : {}),
    });
    if (decision.verdict === 'import' && decision.email && decision.match && read.ok) {
      // Masked imports are counted in health when the store keeps them as new emails (commit-page.ts).
      const masked = decision.reasons.some((reason) => reason.code === 'sensitive-content-masked');
      imports.push({ graphId: read.message.id, email: decision.email, match: decision.match, engagement: rules.engage(decision.email, decision.match), ...(masked ? { masked } : {}) });
    }
  }
  return { imports, read: page.items.length, decisions, stages: { envelope: atEnvelope, content: page.items.length - atEnvelope } };
}
