/**
 * An RFC 5322 file, as parsed by mailparser, in the shape Graph would return it with $select:
 * from/sender, To, Cc, Bcc, subject, body (HTML when present, else text), dates, Message-ID, and
 * internetMessageHeaders with every header instance unfolded. Calendar parts (text/calendar with
 * an iTIP method) become a Graph eventMessage with its meetingMessageType, as Exchange delivers
 * them. Pure: the caller parses the file; this only maps fields (a structural type, so rules/
 * does not depend on the parser).
 */
import type { GraphMessage } from '../graph/graph-message.js';

type ParsedAddress = { address?: string; name?: string; group?: ParsedAddress[] };
type ParsedAddressObject = { value: ParsedAddress[] };

/** The fields of mailparser's ParsedMail that the conversion reads. */
export type ParsedEml = {
  headerLines: readonly { key: string; line: string }[];
  from?: ParsedAddressObject | undefined;
  sender?: ParsedAddressObject | undefined;
  to?: ParsedAddressObject | ParsedAddressObject[] | undefined;
  cc?: ParsedAddressObject | ParsedAddressObject[] | undefined;
  bcc?: ParsedAddressObject | ParsedAddressObject[] | undefined;
  subject?: string | undefined;
  date?: Date | undefined;
  messageId?: string | undefined;
  html: string | false;
  text?: string | undefined;
  attachments: readonly { contentType: string; content: { toString(encoding?: string): string } }[];
};

type Recipient = { emailAddress: { name: string; address: string } };

function flatten(addresses: readonly ParsedAddress[], into: Recipient[]): void {
  for (const entry of addresses) {
    if (entry.group) flatten(entry.group, into);
    else if (entry.address) into.push({ emailAddress: { name: entry.name ?? '', address: entry.address } });
  }
}

function recipients(field: ParsedAddressObject | ParsedAddressObject[] | undefined): Recipient[] {
  const out: Recipient[] = [];
  for (const object of Array.isArray(field) ? field : field ? [field] : []) flatten(object.value, out);
  return out;
}

function header(line: string): { name: string; value: string } {
  const unfolded = line.replace(/\r?\n[ \t]+/g, ' ');
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

export function emlToGraphMessage(parsed: ParsedEml, id: string): GraphMessage {
  const from = recipients(parsed.from)[0] ?? null;
  const sender = recipients(parsed.sender)[0] ?? from;
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null;
  const meetingMessageType = meetingMessageTypeOf(parsed);
  return {
    id,
    ...(meetingMessageType ? { '@odata.type': '#microsoft.graph.eventMessage', meetingMessageType } : {}),
    isDraft: false,
    subject: parsed.subject ?? '',
    body: parsed.html !== false ? { contentType: 'html', content: parsed.html } : { contentType: 'text', content: parsed.text ?? '' },
    from,
    sender,
    toRecipients: recipients(parsed.to),
    ccRecipients: recipients(parsed.cc),
    bccRecipients: recipients(parsed.bcc),
    sentDateTime: date,
    receivedDateTime: date,
    internetMessageId: parsed.messageId ?? null,
    internetMessageHeaders: parsed.headerLines.map((line) => header(line.line)),
  } as GraphMessage;
}
