/**
 * The rule pipeline's public surface: what the sync, the preview, the store and the audit import.
 * Everything behind it is free to move between files.
 */
import { domainOf as domainOfAddress, findDomainOrParent, normaliseAddress as normalise } from './address.js';

export { evaluateEnvelope, evaluateMessage, evaluateMessageView } from './evaluate-message.js';
export { createRuleContext } from './rule-context.js';
export type { RuleContext, RuleContextInput, RuleSettings, RuleSettingsInput } from './rule-context.js';
export { classifyDeltaItem, type DeltaItemKind } from './delta-item.js';
export { addContent, readMessage, type MessageView, type ReadResult } from './read-message.js';
export { addReferencedIds } from './referenced-ids.js';
export { fingerprintOf, messageKeyOf, normaliseMessageId, FINGERPRINT_PREFIX } from './message-key.js';
export type { FingerprintInput, MessageKeyInput } from './message-key.js';
export { normaliseAddress, normaliseDomain, domainOf } from './address.js';
export { BODY_TEXT_MAX_CHARS, HTML_INPUT_MAX_CHARS } from './body-text.js';
export { runPreview, summarisePreview, previewRuleSettings, ownMessageIdsOf, orgDomainsFromMailboxes, folderInfoOf } from './preview.js';
export type { PreviewEnvelope, PreviewLine, PreviewResult, PreviewSummary } from './preview.js';
export { previewJsonLine, previewTable, previewSummaryText } from './preview-format.js';
export { emlToGraphMessage } from './eml-message.js';
export type { ParsedEml } from './eml-message.js';
export type { AutomatedMailPolicy } from './automated/automated-mail-policy.js';


/** True when the address belongs to one of `orgDomains` (or a subdomain): our side. */
export function isAddressWithin(address: string, orgDomains: ReadonlySet<string>): boolean {
  const normalised = normalise(address);
  return normalised !== null && findDomainOrParent(domainOfAddress(normalised), orgDomains) !== null;
}
export { simulateChange } from './simulate.js';
export type { Simulation, SimulatedChange } from './simulate.js';
