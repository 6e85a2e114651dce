/**
 * @correspondent/contract: the only code the product and its simulators share. It holds shapes,
 * never behaviour, so that neither side can lean on the other's internals.
 */
export { graphMessageSchema, recipientSchema, type GraphMessage, type GraphRecipient } from './graph-message.js';
export type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmSnapshot, CrmUser } from './crm-snapshot.js';
export type { Expectation, ExpectedReason, ExpectedVerdict } from './ground-truth.js';
