/**
 * The Graph `message` resource as Correspondent selects it: the fields the rules read ($select
 * below) and the shape shared with the simulator (@correspondent/contract).
 */
export { graphMessageSchema, recipientSchema, type GraphMessage, type GraphRecipient } from '@correspondent/contract';

export const MESSAGE_SELECT = [
  'id',
  'isDraft',
  'parentFolderId',
  'subject',
  'body',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'receivedDateTime',
  'sentDateTime',
  'internetMessageId',
  'conversationId',
  'internetMessageHeaders',
  'inferenceClassification',
] as const;

/**
 * Outlook's sensitivity (Personal, Private, Confidential). Graph v1.0's message resource has no
 * `sensitivity` property (only event does; selecting it is a 400), so the sync expands MAPI
 * PidTagSensitivity, `Integer 0x0036`, as an extended property (rules/sensitivity-rule.ts).
 */
export const MESSAGE_EXPAND = "singleValueExtendedProperties($filter=id eq 'Integer 0x0036')";

/** The folder a message was read from, as the rules need it. */
export type FolderInfo = {
  id: string;
  /** Graph well-known name (inbox, sentitems, archive, deleteditems, ...) or null for a user folder. */
  wellKnownName: string | null;
  displayName: string;
};
