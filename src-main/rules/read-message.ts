/**
 * Reads a Graph message payload into the view the rules work on. Lenient on purpose: Graph delta
 * items carry only some fields and a payload may be malformed, and one odd field (a recipient
 * without an address, a non-string subject) must not cost a customer email. Each field is checked
 * on its own against the contract's shape (graph-message.ts); a field that does not match counts
 * as absent. Only a payload that is not an object with an `id` is unreadable.
 * The field shapes (strings, booleans, recipients, headers, body) are checked by hand, exactly as
 * the schemas define them: a zod safeParse per field was a tenth of a decision (test/bench).
 */
import { z } from 'zod';
import { SENSITIVITY_VALUES, type SensitivityValue } from '../../src-shared/capture-policy.js';
import { classifyDeltaItem } from './delta-item.js';

const identitySchema = z.object({ id: z.string().min(1) });

export type RawAddress = { address: string; name: string };
export type MessageHeader = { name: string; value: string };

export type MessageView = {
  id: string;
  isDraft: boolean;
  subject: string;
  body: { contentType: 'html' | 'text'; content: string };
  from: RawAddress | null;
  sender: RawAddress | null;
  to: RawAddress[];
  cc: RawAddress[];
  sentDateTime: string | null;
  receivedDateTime: string | null;
  internetMessageId: string | null;
  headers: MessageHeader[];
  /** Graph eventMessage: meeting requests, cancellations and responses (calendar traffic). */
  isEventMessage: boolean;
  /** Graph meetingMessageType (meetingRequest, meetingCancelled, meetingAccepted, ...), or null. */
  meetingMessageType: string | null;
  /** Graph Focused Inbox classification ('focused' | 'other'), when selected; a soft signal only. */
  inferenceClassification: string | null;
  /**
   * Outlook's sensitivity as Exchange stores it (MAPI PidTagSensitivity, `Integer 0x0036` among the
   * expanded singleValueExtendedProperties, 0-3), else a `sensitivity` property of the payload;
   * null when neither is there. The RFC 2156 `Sensitivity` header is read by the rule itself
   * (sensitivity-rule.ts), only for candidates.
   */
  sensitivity: SensitivityValue | null;
};

export type ReadResult = { ok: true; message: MessageView } | { ok: false; detail: string };

function parsed<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isOptionalString = (value: unknown): boolean => value === undefined || value === null || typeof value === 'string';

/** `recipientSchema` (graph-message.ts) by hand: a recipient object whose emailAddress, if any, has string-or-null name and address. */
function readAddress(value: unknown): RawAddress | null {
  if (!isRecord(value)) return null;
  const address = value['emailAddress'];
  if (address === undefined || address === null) return null;
  if (!isRecord(address) || !isOptionalString(address['name']) || !isOptionalString(address['address'])) return null;
  if (typeof address['address'] !== 'string') return null;
  return { address: address['address'], name: (address['name'] as string | null | undefined) ?? '' };
}

/** `{ contentType?: string | null, content: string }`, else undefined. */
function readBody(value: unknown): { contentType: string | null | undefined; content: string } | undefined {
  if (!isRecord(value) || typeof value['content'] !== 'string' || !isOptionalString(value['contentType'])) return undefined;
  return { contentType: value['contentType'] as string | null | undefined, content: value['content'] };
}

/** A field whose schema is `z.string().nullish()`: the string, else undefined. */
function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function readAddresses(value: unknown): RawAddress[] {
  if (!Array.isArray(value)) return [];
  const out: RawAddress[] = [];
  for (const item of value) {
    const address = readAddress(item);
    if (address) out.push(address);
  }
  return out;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function isEventMessage(raw: Record<string, unknown>, meetingMessageType: string | null): boolean {
  const type = optionalString(raw['@odata.type']);
  if (type !== null && /eventmessage/i.test(type)) return true;
  return meetingMessageType !== null && meetingMessageType.toLowerCase() !== 'none';
}

function readHeaders(value: unknown): MessageHeader[] {
  if (!Array.isArray(value)) return [];
  const out: MessageHeader[] = [];
  for (const item of value) {
    if (isRecord(item) && typeof item['name'] === 'string' && typeof item['value'] === 'string') out.push({ name: item['name'], value: item['value'] });
  }
  return out;
}

/** PidTagSensitivity as Graph names it in `$expand=singleValueExtendedProperties($filter=id eq 'Integer 0x0036')`. */
const SENSITIVITY_PROPERTY = /^integer\s+0x0*36$/i;

function readSensitivity(raw: Record<string, unknown>): SensitivityValue | null {
  const extended = raw['singleValueExtendedProperties'];
  if (Array.isArray(extended)) {
    for (const item of extended) {
      if (!isRecord(item) || typeof item['id'] !== 'string' || !SENSITIVITY_PROPERTY.test(item['id'].trim())) continue;
      const value = Number(item['value']);
      if (Number.isInteger(value) && value >= 0 && value <= 3) return SENSITIVITY_VALUES[value]!;
    }
  }
  const property = raw['sensitivity'];
  if (typeof property !== 'string') return null;
  const value = property.trim().toLowerCase();
  return (SENSITIVITY_VALUES as readonly string[]).includes(value) ? (value as SensitivityValue) : null;
}

export function readMessage(payload: unknown): ReadResult {
  if (classifyDeltaItem(payload) === 'removed') {
    return { ok: false, detail: 'a delta removal entry (@removed) is not a message; the sync handles removals' };
  }
  return readMessageItem(payload);
}

function readBodyView(value: unknown): MessageView['body'] {
  const body = readBody(value);
  return { contentType: body?.contentType?.trim().toLowerCase() === 'html' ? 'html' : 'text', content: body?.content ?? '' };
}

/**
 * Reads an item `classifyDeltaItem` already called a message (read-page.ts classifies each item of
 * a page once), without classifying it again.
 */
export function readMessageItem(payload: unknown): ReadResult {
  const identity = parsed(identitySchema, payload);
  if (!identity) return { ok: false, detail: 'the payload is not a message object with an id' };
  const raw = payload as Record<string, unknown>;
  const meetingMessageType = optionalString(raw.meetingMessageType);
  return {
    ok: true,
    message: {
      id: identity.id,
      isDraft: raw.isDraft === true,
      subject: stringField(raw.subject) ?? '',
      body: readBodyView(raw.body),
      from: readAddress(raw.from),
      sender: readAddress(raw.sender),
      to: readAddresses(raw.toRecipients),
      cc: readAddresses(raw.ccRecipients),
      sentDateTime: stringField(raw.sentDateTime) ?? null,
      receivedDateTime: stringField(raw.receivedDateTime) ?? null,
      internetMessageId: stringField(raw.internetMessageId) ?? null,
      headers: readHeaders(raw.internetMessageHeaders),
      isEventMessage: isEventMessage(raw, meetingMessageType),
      meetingMessageType,
      inferenceClassification: optionalString(raw.inferenceClassification),
      sensitivity: readSensitivity(raw),
    },
  };
}

/**
 * Header-first capture: a message read from its envelope, completed with the content fetched for
 * it (graph-message.ts CONTENT_SELECT: body and internetMessageHeaders, with Graph's `id` and
 * `@odata` annotations). Only the content is read - the envelope was read once already - and the
 * view is the one `readMessage` gives for the envelope and content merged
 * (test/unit/rules/read-message-content.test.ts).
 */
export function addContent(message: MessageView, content: Readonly<Record<string, unknown>>): MessageView {
  const odataType = content['@odata.type'];
  return {
    ...message,
    body: readBodyView(content['body']),
    headers: readHeaders(content['internetMessageHeaders']),
    // A later `@odata.type` wins over the envelope's, as in a merge.
    ...(odataType === undefined ? {} : { isEventMessage: isEventMessage(content, message.meetingMessageType) }),
  };
}
