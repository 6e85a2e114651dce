/**
 * The decisions a page needs, as one port the sync holds (tests hand in a fake): the rule
 * pipeline over a message already read, and the engagement (opportunity and owner) of what it
 * imports. `createPageRules` binds the cycle's rule settings and CRM index once; the per-folder
 * part of the rule context is built once per page, not once per message.
 */
import type { CapturedEmail, CrmMatch, Decision } from '../../src-shared/domain.js';
import type { CrmLookup } from '../crm/crm-lookup.js';
import type { Engagement } from '../engagement/engagement.js';
import { resolveEngagement } from '../engagement/resolve-engagement.js';
import type { FolderInfo } from '../graph/graph-message.js';
import { evaluateEnvelope, evaluateMessageView, type ReadResult, type RuleContext, type RuleSettings } from '../rules/pipeline.js';

/** Decides the messages of one page of one folder. */
export interface FolderRules {
  decide(read: ReadResult): Decision;
  /** The envelope stage (header-first): the decision when the envelope settles it, else null. */
  decideEnvelope(read: ReadResult): Decision | null;
}

export interface PageRules {
  /** `isOwnMessageId(normalisedId)`: was that message sent by our side (thread reciprocity)? */
  forPage(mailbox: string, folder: FolderInfo, isOwnMessageId: (id: string) => boolean): FolderRules;
  /** Matched opportunity and owner of an imported email (engagement/resolve-engagement.ts). */
  engage(email: CapturedEmail, match: CrmMatch): Engagement;
}

export function createPageRules(settings: RuleSettings, crm: CrmLookup): PageRules {
  return {
    forPage(mailbox, folder, isOwnMessageId) {
      const context: RuleContext = { ...settings, mailbox, folder, isOwnMessageId };
      return { decide: (read) => evaluateMessageView(read, context), decideEnvelope: (read) => evaluateEnvelope(read, context) };
    },
    engage: (email, match) => resolveEngagement(email, match, crm),
  };
}
