/**
 * The message resource as Graph returns it (graph doc 4.1-4.2, 3.3): `id`, `@odata.type` and
 * `@odata.etag` always; `$select` projection otherwise; internetMessageHeaders and uniqueBody
 * only when selected (and never on Sent Items copies, which Exchange stores without headers);
 * bodies converted to text when `Prefer: outlook.body-content-type="text"` asks for it.
 */
import { compile } from 'html-to-text';
import { expandedProperties } from './graph-expand.js';
import type { MessageRecord } from './mailbox.js';

export const MESSAGE_FIELDS: ReadonlySet<string> = new Set([
  'id', 'internetMessageId', 'conversationId', 'conversationIndex', 'subject', 'bodyPreview', 'body', 'uniqueBody',
  'from', 'sender', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'receivedDateTime', 'sentDateTime',
  'createdDateTime', 'lastModifiedDateTime', 'isDraft', 'isRead', 'isReadReceiptRequested', 'isDeliveryReceiptRequested',
  'hasAttachments', 'parentFolderId', 'categories', 'importance', 'inferenceClassification', 'flag', 'changeKey',
  'webLink', 'internetMessageHeaders',
]);

const ONLY_WHEN_SELECTED = new Set(['internetMessageHeaders', 'uniqueBody']);

export type ProjectionOptions = {
  select: string[] | null;
  bodyType: 'html' | 'text' | null;
  immutableIds: boolean;
  /** Extended property ids asked for with $expand (graph-expand.ts); absent or null: none. */
  expand?: string[] | null;
};

// Compiled once: html-to-text's `convert` rebuilds its selector tables on every call.
const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
});

export function htmlToText(html: string): string {
  return toText(html).replace(/\r?\n/g, '\r\n');
}

function bodyAs(body: unknown, bodyType: 'html' | 'text' | null): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const { contentType, content } = body as { contentType?: unknown; content?: unknown };
  if (bodyType === 'text' && typeof contentType === 'string' && contentType.toLowerCase() === 'html' && typeof content === 'string') {
    return { contentType: 'text', content: htmlToText(content) };
  }
  return body;
}

function preview(body: unknown): string {
  const { contentType, content } = (body ?? {}) as { contentType?: unknown; content?: unknown };
  if (typeof content !== 'string') return '';
  const text = contentType === 'html' ? htmlToText(content) : content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

export function messageId(record: MessageRecord, immutableIds: boolean): string {
  return immutableIds ? record.immutableId : record.restId;
}

/** The value of one property of the message resource, computed only when asked for. */
function propertyOf(record: MessageRecord, field: string, options: ProjectionOptions): unknown {
  switch (field) {
    case 'id':
      return messageId(record, options.immutableIds);
    case 'createdDateTime':
      return record.createdDateTime;
    case 'lastModifiedDateTime':
      return record.lastModifiedDateTime;
    case 'changeKey':
      return record.changeKey;
    case 'parentFolderId':
      return record.folderId;
    case 'bodyPreview':
      return preview(record.data['body']);
    case 'body':
    case 'uniqueBody':
      return bodyAs(record.data['body'] ?? null, options.bodyType);
    default:
      return record.data[field] ?? null;
  }
}

function envelope(record: MessageRecord, options: ProjectionOptions): Record<string, unknown> {
  const odataType = record.data['@odata.type'];
  return {
    '@odata.type': typeof odataType === 'string' ? odataType : '#microsoft.graph.message',
    '@odata.etag': `W/"${record.changeKey}"`,
    id: messageId(record, options.immutableIds),
  };
}

const COMPUTED_FIELDS = ['createdDateTime', 'lastModifiedDateTime', 'changeKey', 'bodyPreview', 'parentFolderId'];

export function projectMessage(record: MessageRecord, options: ProjectionOptions): Record<string, unknown> {
  const out = envelope(record, options);
  const fields =
    options.select ??
    [...Object.keys(record.data).filter((k) => k !== '@odata.type' && !ONLY_WHEN_SELECTED.has(k) && !COMPUTED_FIELDS.includes(k)), ...COMPUTED_FIELDS];
  for (const field of fields) {
    if (field === 'id') continue;
    if (field === 'internetMessageHeaders' && record.data[field] === undefined) continue;
    out[field] = propertyOf(record, field, options);
  }
  if (options.expand) out['singleValueExtendedProperties'] = expandedProperties(record.data, options.expand);
  return out;
}

/**
 * An updated item in a later delta round: `id`, the changed properties that were selected, and
 * `parentFolderId` - Outlook sends little more than that even when more was selected (graph doc
 * 3.4, example 4.4 b), so clients must merge, never overwrite, on updates.
 */
export function projectUpdate(record: MessageRecord, changed: readonly string[], options: ProjectionOptions): Record<string, unknown> {
  const out = envelope(record, options);
  const wanted = changed.filter((f) => f !== 'id' && (options.select === null || options.select.includes(f)));
  for (const field of [...new Set([...wanted, 'parentFolderId'])]) out[field] = propertyOf(record, field, options);
  return out;
}
