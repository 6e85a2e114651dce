/**
 * The Graph `message` resource as Correspondent selects it: the fields the rules read ($select
 * below) and the shape shared with the simulator (@correspondent/contract).
 */
export { graphMessageSchema, recipientSchema, type GraphMessage, type GraphRecipient } from '@correspondent/contract';

/**
 * What the envelope rules decide on (rules/evaluate-message.ts `evaluateEnvelope`): identity,
 * folder, draft flag, addressing, dates, Message-ID, conversation, Focused Inbox and the subject
 * (excluded subject terms). All are `$select`able on message delta (graph message-delta.md,
 * message resource). No body and no internetMessageHeaders: those cross the network only for the
 * messages the envelope leaves open (CONTENT_SELECT, fetched in JSON batches).
 */
export const ENVELOPE_SELECT = [
  'id',
  'isDraft',
  'parentFolderId',
  'subject',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'receivedDateTime',
  'sentDateTime',
  'internetMessageId',
  'conversationId',
  'inferenceClassification',
] as const;

/** The content the header and body rules need (automated mail, reciprocity, capture, sensitive content). */
export const CONTENT_SELECT = ['body', 'internetMessageHeaders'] as const;

/** Everything the rules read, in one request: the full-fetch path, and lookups of single messages. */
export const MESSAGE_SELECT = [...ENVELOPE_SELECT, ...CONTENT_SELECT] as const;

/**
 * How a delta round reads messages: `header-first` selects the envelope only and fetches content
 * for the messages the envelope rules leave open; `full` selects everything on every page (the
 * path before issue 21, kept for comparison: test/bench).
 */
export type FetchMode = 'header-first' | 'full';

/** True when a message item already carries its content (a full-fetch page, or a round begun before header-first). */
export function hasContent(item: unknown): boolean {
  return typeof item === 'object' && item !== null && 'body' in item;
}

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
