/**
 * One page through the rule pipeline, whichever endpoint it came from (delta or a plain listing):
 * each message read by `readPage` gets a decision, and what the page adds to the counters is
 * tallied (skips by reason, external domains of no-crm-match skips for "missing from CRM":
 * domain and count only, never content).
 */
import type { Decision, ReasonCode } from '../../src-shared/domain.js';
import { messageFingerprint } from '../audit/audit-hash.js';
import type { FolderInfo } from '../graph/graph-message.js';
import { normaliseMessageId } from '../rules/pipeline.js';
import type { ImportDecisionRecord, PageImport } from '../store/mail-store.js';
import type { PageRules } from './page-rules.js';
import type { ReadPage } from './read-page.js';

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

export function decidePage(page: ReadPage, mailbox: string, folder: FolderInfo, own: ReadonlySet<string>, rules: PageRules): DecidedPage {
  const folderRules = rules.forPage(mailbox, folder, (id) => own.has(id));
  const imports: PageImport[] = [];
  const skipped: Partial<Record<ReasonCode, number>> = {};
  const missingDomains: Record<string, number> = {};
  const decisions: ImportDecisionRecord[] = [];
  let masked = 0;
  for (const { raw, read } of page.items) {
    const decision: Decision = folderRules.decide(read);
    const code = decision.reasons[0]?.code ?? 'unreadable';
    const rawId = (raw as { id?: unknown } | null)?.id;
    decisions.push({
      verdict: decision.verdict,
      rule: code,
      folder: folder.wellKnownName ?? folder.id,
      fingerprint: messageFingerprint(normaliseMessageId(read.ok ? read.message.internetMessageId : null), typeof rawId === 'string' ? rawId : ''),
    });
    if (decision.verdict === 'import' && decision.email && decision.match && read.ok) {
      imports.push({ graphId: read.message.id, email: decision.email, match: decision.match, engagement: rules.engage(decision.email, decision.match) });
      if (decision.reasons.some((reason) => reason.code === 'sensitive-content-masked')) masked += 1;
      continue;
    }
    skipped[code] = (skipped[code] ?? 0) + 1;
    if (code === 'no-crm-match') {
      for (const domain of decision.externalDomains ?? []) missingDomains[domain] = (missingDomains[domain] ?? 0) + 1;
    }
  }
  return { imports, skipped, missingDomains, read: page.items.length, masked, decisions };
}
