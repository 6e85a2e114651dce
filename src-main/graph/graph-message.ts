/**
 * The Graph `message` resource as Correspondent selects it ($select below). Parsed leniently:
 * Graph adds properties over time and delta updates carry only some fields, so everything but
 * `id` is optional and unknown properties pass through untouched.
 */
import { z } from 'zod';

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

const emailAddress = z
  .object({ name: z.string().nullish(), address: z.string().nullish() })
  .passthrough();
export const recipientSchema = z.object({ emailAddress: emailAddress.nullish() }).passthrough();
export type GraphRecipient = z.infer<typeof recipientSchema>;

export const graphMessageSchema = z
  .object({
    id: z.string().min(1),
    '@removed': z.object({ reason: z.string().optional() }).passthrough().optional(),
    '@odata.type': z.string().optional(),
    isDraft: z.boolean().nullish(),
    parentFolderId: z.string().nullish(),
    subject: z.string().nullish(),
    body: z.object({ contentType: z.string().nullish(), content: z.string().nullish() }).passthrough().nullish(),
    from: recipientSchema.nullish(),
    sender: recipientSchema.nullish(),
    toRecipients: z.array(recipientSchema).nullish(),
    ccRecipients: z.array(recipientSchema).nullish(),
    bccRecipients: z.array(recipientSchema).nullish(),
    receivedDateTime: z.string().nullish(),
    sentDateTime: z.string().nullish(),
    internetMessageId: z.string().nullish(),
    conversationId: z.string().nullish(),
    internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() }).passthrough()).nullish(),
    singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string().nullish() }).passthrough()).nullish(),
  })
  .passthrough();

export type GraphMessage = z.infer<typeof graphMessageSchema>;

/** The folder a message was read from, as the rules need it. */
export type FolderInfo = {
  id: string;
  /** Graph well-known name (inbox, sentitems, archive, deleteditems, ...) or null for a user folder. */
  wellKnownName: string | null;
  displayName: string;
};
