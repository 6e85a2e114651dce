/**
 * The message resource as Graph returns it (graph doc 4.1-4.2, 3.3): `id`, `@odata.type` and
 * `@odata.etag` always; `$select` projection otherwise; internetMessageHeaders and uniqueBody
 * only when selected (and never on Sent Items copies, which Exchange stores without headers);
 * bodies converted to text when `Prefer: outlook.body-content-type="text"` asks for it.
 */
import { convert } from 'html-to-text';
import type { MessageRecord } from './mailbox.js';

export const MESSAGE_FIELDS: ReadonlySet<string> = new Set([
  'id', 'internetMessageId', 'conversationId', 'conversationIndex', 'subject', 'bodyPreview', 'body', 'uniqueBody',
  'from', 'sender', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'receivedDateTime', 'sentDateTime',
  'createdDateTime', 'lastModifiedDateTime', 'isDraft', 'isRead', 'isReadReceiptRequested', 'isDeliveryReceiptRequested',
  'hasAttachments', 'parentFolderId', 'categories', 'importance', 'inferenceClassification', 'flag', 'changeKey',
  'webLink', 'internetMessageHeaders',
]);

const ONLY_WHEN_SELECTED = new Set(['internetMessageHeaders', 'uniqueBody']);

export type ProjectionOptions = { select: string[] | null; bodyType: 'html' | 'text' | null; immutableIds: boolean };

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).replace(/\r?\n/g, '\r\n');
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

export function projectMessage(record: MessageRecord, options: ProjectionOptions): Record<string, unknown> {
  const { '@odata.type': odataType, ...data } = record.data;
  const full: Record<string, unknown> = {
    ...data,
    createdDateTime: record.createdDateTime,
    lastModifiedDateTime: record.lastModifiedDateTime,
    changeKey: record.changeKey,
    bodyPreview: preview(data['body']),
    parentFolderId: record.folderId,
    id: messageId(record, options.immutableIds),
  };
  if (data['body'] !== undefined) full['uniqueBody'] = data['body'];
  const out: Record<string, unknown> = {
    '@odata.type': typeof odataType === 'string' ? odataType : '#microsoft.graph.message',
    '@odata.etag': `W/"${record.changeKey}"`,
    id: full['id'],
  };
  const fields = options.select ?? Object.keys(full).filter((k) => !ONLY_WHEN_SELECTED.has(k));
  for (const field of fields) {
    if (field === 'id') continue;
    if (field === 'internetMessageHeaders' && full[field] === undefined) continue;
    const value = full[field] ?? null;
    out[field] = field === 'body' || field === 'uniqueBody' ? bodyAs(value, options.bodyType) : value;
  }
  return out;
}
