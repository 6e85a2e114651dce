/**
 * Builds the CapturedEmail of a message the rules decided to import: exactly the documented fields
 * (sender, To, Cc, subject, plain-text body, orig-date, Message-ID, In-Reply-To, References) and
 * nothing else of the message, so no other data of the mailbox is ever stored.
 */
import { z } from 'zod';
import type { Address, CapturedEmail, Reason } from '../../src-shared/domain.js';
import { bodyToText } from './body-text.js';
import { messageKeyOf } from './message-key.js';
import type { Participant, Participants } from './participants.js';
import type { MessageHeader, MessageView } from './read-message.js';

const MAX_SUBJECT_LENGTH = 998;
/** RFC 5322 line limit: a longer "msg-id" is not one. */
const MAX_MESSAGE_ID_LENGTH = 998;
/** References beyond this keep the first (thread root) and the most recent ones. */
export const MAX_REFERENCES = 100;

/**
 * The pattern `z.iso.datetime({ offset: true })` checks, tested directly: a zod safeParse per
 * import cost more than the test itself (test/bench).
 */
const ISO_DATE_TIME = z.regexes.datetime({ offset: true });
const MSG_ID_TOKEN = /<[^<>\s]+>/g;

export type CaptureResult = { ok: true; email: CapturedEmail } | { ok: false; reason: Reason };

/** sentDateTime, else receivedDateTime, as ISO 8601 UTC; null when neither is a valid date-time. */
export function sentAtOf(message: Pick<MessageView, 'sentDateTime' | 'receivedDateTime'>): string | null {
  for (const candidate of [message.sentDateTime, message.receivedDateTime]) {
    if (candidate === null || !ISO_DATE_TIME.test(candidate)) continue;
    const time = new Date(candidate).getTime();
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  return null;
}

function header(headers: readonly MessageHeader[], name: string): string | null {
  const wanted = name.toLowerCase();
  return headers.find((h) => h.name.trim().toLowerCase() === wanted)?.value ?? null;
}

/** The msg-id tokens (`<id>`) of a header value; a value with no brackets counts as one id. */
function messageIds(value: string | null): string[] {
  if (value === null) return [];
  const tokens = value.match(MSG_ID_TOKEN) ?? [value.trim()];
  return tokens.filter((id) => id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH && !/\s/.test(id));
}

function capReferences(ids: string[]): string[] {
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0] as string, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

function toAddress(participant: Participant): Address {
  return { address: participant.address, name: participant.name };
}

export function captureEmail(message: MessageView, participants: Participants): CaptureResult {
  const from = participants.from;
  if (from === null) {
    return { ok: false, reason: { code: 'unreadable', detail: 'the message has no valid sender address (From or Sender)' } };
  }
  const sentAt = sentAtOf(message);
  if (sentAt === null) {
    return { ok: false, reason: { code: 'unreadable', detail: 'the message has no valid sent or received date-time' } };
  }
  const rawId = message.internetMessageId?.trim() ?? '';
  const internetMessageId = rawId.length > 0 && rawId.length <= MAX_MESSAGE_ID_LENGTH ? rawId : null;
  const fields = {
    internetMessageId,
    from: toAddress(from),
    to: participants.to.map(toAddress),
    cc: participants.cc.map(toAddress),
    subject: message.subject.trim().slice(0, MAX_SUBJECT_LENGTH),
    bodyText: bodyToText(message.body),
    sentAt,
    inReplyTo: messageIds(header(message.headers, 'In-Reply-To'))[0] ?? null,
    references: capReferences(messageIds(header(message.headers, 'References'))),
  };
  return { ok: true, email: { messageKey: messageKeyOf(fields), ...fields } };
}
