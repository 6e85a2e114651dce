/**
 * An RFC 5322 file, as parsed by mailparser, in the shape Graph would return it with $select:
 * from/sender, To, Cc, Bcc, subject, body (HTML when present, else text), dates, Message-ID, and
 * internetMessageHeaders with every header instance unfolded. Calendar parts (text/calendar with
 * an iTIP method) become a Graph eventMessage with its meetingMessageType, as Exchange delivers
 * them. Pure: the caller parses the file; this only maps fields (a structural type, so rules/
 * does not depend on the parser).
 */
import type { GraphMessage } from '../graph/graph-message.js';
import { parseAddressList } from './address-list.js';
import { headerLineText } from './encoded-words.js';
import { newestReceivedDate } from './received-date.js';

/** The fields of mailparser's ParsedMail that the conversion reads (addresses come from the raw header lines). */
export type ParsedEml = {
  headerLines: readonly { key: string; line: string }[];
  subject?: string | undefined;
  date?: Date | undefined;
  messageId?: string | undefined;
  html: string | false;
  text?: string | undefined;
  attachments: readonly { contentType: string; content: { toString(encoding?: string): string } }[];
};

type Recipient = { emailAddress: { name: string; address: string } };

/**
 * The mailboxes of every instance of an address header, read from the raw lines (address-list.ts):
 * mailparser's own parser loses quoted local parts and nested comments, and a mailbox it cannot
 * read would vanish. Group members are listed like any other mailbox; text that holds no address
 * is kept as the address, so that the pipeline reports it.
 */
function recipients(parsed: Pick<ParsedEml, 'headerLines'>, key: string): Recipient[] {
  const out: Recipient[] = [];
  for (const line of parsed.headerLines) {
    if (line.key !== key) continue;
    for (const mailbox of parseAddressList(header(line.line).value)) out.push({ emailAddress: { name: mailbox.name, address: mailbox.address } });
  }
  return out;
}

function header(line: string): { name: string; value: string } {
  const unfolded = headerLineText(line).replace(/\r?\n[ \t]+/g, ' ');
  const colon = unfolded.indexOf(':');
  return colon < 0 ? { name: unfolded.trim(), value: '' } : { name: unfolded.slice(0, colon).trim(), value: unfolded.slice(colon + 1).trim() };
}

const METHOD = /^METHOD:\s*([A-Z]+)/m;
const PARTSTAT = /PARTSTAT=([A-Z-]+)/;

/** Graph's meetingMessageType for a calendar part, or null when the message carries none. */
export function meetingMessageTypeOf(parsed: Pick<ParsedEml, 'attachments'>): string | null {
  for (const attachment of parsed.attachments) {
    if (attachment.contentType.toLowerCase() !== 'text/calendar') continue;
    const ics = attachment.content.toString('utf8');
    const method = METHOD.exec(ics)?.[1];
    if (method === undefined) continue;
    if (method === 'CANCEL') return 'meetingCancelled';
    if (method === 'REPLY') {
      const status = PARTSTAT.exec(ics)?.[1];
      if (status === 'ACCEPTED') return 'meetingAccepted';
      if (status === 'DECLINED') return 'meetingDeclined';
      if (status === 'TENTATIVE') return 'meetingTentativelyAccepted';
      return 'meetingAccepted';
    }
    return 'meetingRequest';
  }
  return null;
}

/** Why a converted .eml cannot be dated, or null when it has a date (Date header, else the newest Received). */
export function emlDateProblem(message: GraphMessage): string | null {
  return message.sentDateTime || message.receivedDateTime
    ? null
    : 'the file has no Date header and none of its Received headers carries a date, so it cannot be dated';
}

export function emlToGraphMessage(parsed: ParsedEml, id: string): GraphMessage {
  const from = recipients(parsed, 'from')[0] ?? null;
  const sender = recipients(parsed, 'sender')[0] ?? from;
  const headers = parsed.headerLines.map((line) => header(line.line));
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null;
  // No Date header: received when the newest Received field says (the organisation's own server).
  const received = date ?? newestReceivedDate(headers);
  const meetingMessageType = meetingMessageTypeOf(parsed);
  return {
    id,
    ...(meetingMessageType ? { '@odata.type': '#microsoft.graph.eventMessage', meetingMessageType } : {}),
    isDraft: false,
    subject: parsed.subject ?? '',
    body: parsed.html !== false ? { contentType: 'html', content: parsed.html } : { contentType: 'text', content: parsed.text ?? '' },
    from,
    sender,
    toRecipients: recipients(parsed, 'to'),
    ccRecipients: recipients(parsed, 'cc'),
    bccRecipients: recipients(parsed, 'bcc'),
    sentDateTime: date,
    receivedDateTime: received,
    internetMessageId: parsed.messageId ?? null,
    internetMessageHeaders: headers,
  } as GraphMessage;
}
