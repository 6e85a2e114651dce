/**
 * The Graph `message` resource (learn.microsoft.com/graph/api/resources/message), as the product
 * reads it and the simulator serves it. Parsed leniently:
 * Graph adds properties over time and delta updates carry only some fields, so everything but
 * `id` is optional and unknown properties pass through untouched.
 */
import { z } from 'zod';

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
  })
  .passthrough();

export type GraphMessage = z.infer<typeof graphMessageSchema>;

