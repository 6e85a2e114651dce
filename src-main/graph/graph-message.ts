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

/** The folder a message was read from, as the rules need it. */
export type FolderInfo = {
  id: string;
  /** Graph well-known name (inbox, sentitems, archive, deleteditems, ...) or null for a user folder. */
  wellKnownName: string | null;
  displayName: string;
};
