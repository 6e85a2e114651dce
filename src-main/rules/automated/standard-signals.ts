/**
 * Signals defined by standards and near-standards (automated-mail.md section 1): reports
 * (RFC 3464/8098/5965), calendar traffic (iTIP/iMIP, Graph eventMessage), Auto-Submitted
 * (RFC 3834), Precedence, the RFC 2369/2919/8058 list headers, null return paths and the
 * auto-reply conventions. List headers are ignored on discussion lists (List-Post, Mailman,
 * Google Groups), where people post with the same headers as machines.
 */
import type { Detector, Signal, SignalInput } from './automated-signal.js';
import type { HeaderIndex } from './header-index.js';

const REPORT_TYPE = /^multipart\/report\s*;.*report-type\s*=\s*"?(delivery-status|disposition-notification|feedback-report)/i;
const CALENDAR_METHOD = /^text\/calendar\s*;.*method\s*=\s*"?(request|cancel|reply|counter|declinecounter|publish|add|refresh)/i;
const BOUNCE_SENDER = /^(mailer[-_]?daemon|postmaster)$/;
const BOUNCE_SUBJECT =
  /^(undeliverable|undelivered mail returned to sender|delivery status notification|mail delivery failed|returned mail|warning: could not send message|delivery failure|failure notice|nondeliverable|non remis|unzustellbar)/i;
const AUTO_REPLY_SUBJECT =
  /^(auto:|auto reply:|auto-reply:|autoreply:|automatic reply:|automatische antwort:|auto response:|autosvar:|automatisk svar:|automatisch antwoord:|abwesenheitsnotiz:|risposta non al computer:|respuesta autom[aá]tica:|fuori sede:|out of office:|out of the office:|fr[aå]nvaro:|r[ée]ponse automatique\s?:|abwesend:)/i;
const OOO_BODY =
  /(out of (the )?office|on (annual |parental )?leave|on vacation|on holiday|i am away|i'm away|limited access to (my )?e-?mail|will (reply|respond|answer)[^.]{0,40}(when i am back|when i'm back|on my return|upon my return)|nicht im b[üu]ro|im urlaub|abwesend|absente? du bureau|fuori sede|afwezig|fuera de la oficina|respond within \d+ business days)/i;

/** Graph's meetingMessageType values; anything else is reported generically (details carry no input text). */
const MEETING_TYPES = new Set(['meetingRequest', 'meetingCancelled', 'meetingAccepted', 'meetingTentativelyAccepted', 'meetingDeclined']);

function firstToken(value: string): string {
  return value.split(/[\s;(]/, 1)[0]?.toLowerCase() ?? '';
}

/** True for mail through a discussion list, where people post with list headers. */
export function isDiscussionList(headers: HeaderIndex): boolean {
  const listPost = headers.first('list-post');
  if (listPost !== null) return listPost.toUpperCase() !== 'NO';
  return headers.has('mailing-list') || headers.has('x-mailing-list') || headers.has('x-google-group-id');
}

const reports: Detector = ({ message, headers }, into) => {
  const contentType = headers.first('content-type') ?? '';
  const report = REPORT_TYPE.exec(contentType);
  if (report) {
    into.push({ id: 'report', label: `a ${report[1]!.toLowerCase()} report (multipart/report)`, weight: 100, kind: 'report' });
    return;
  }
  if (message.isEventMessage) {
    into.push({ id: 'calendar', label: `calendar traffic (${MEETING_TYPES.has(message.meetingMessageType ?? '') ? message.meetingMessageType : 'eventMessage'})`, weight: 100, kind: 'report' });
    return;
  }
  if (CALENDAR_METHOD.test(contentType) || /calendarmessage/i.test(headers.first('content-class') ?? '')) {
    into.push({ id: 'calendar', label: 'calendar traffic (text/calendar with an iTIP method)', weight: 100, kind: 'report' });
  }
};

const bounceFallback: Detector = ({ message, headers, senderLocal }, into) => {
  const nullPath = (headers.first('return-path') ?? '').replace(/\s/g, '') === '<>';
  const fromDaemon = BOUNCE_SENDER.test(senderLocal);
  if (!nullPath && !fromDaemon) return;
  if (headers.has('x-failed-recipients') || BOUNCE_SUBJECT.test(message.subject.trim())) {
    into.push({ id: 'bounce', label: 'a non-delivery report (mailer-daemon or null return path with a bounce subject or X-Failed-Recipients)', weight: 100, kind: 'report' });
  }
};

/**
 * RFC 3834: any value other than `no` says a machine originated the message. That is evidence of
 * WHO wrote it, not of how it was sent, so thread reciprocity does not outweigh it ('machine').
 * Help desks that stamp it on their agents' typed replies are recognised by their own
 * fingerprints and softened (platform-signals.ts softenForHelpdesk).
 */
const autoSubmitted: Detector = ({ headers }, into) => {
  const value = headers.first('auto-submitted');
  if (value === null) return;
  const token = firstToken(value);
  if (token === 'auto-replied') into.push({ id: 'auto-submitted', label: 'Auto-Submitted: auto-replied', weight: 100, kind: 'reply' });
  else if (token !== 'no' && token !== '') into.push({ id: 'auto-submitted', label: `Auto-Submitted: ${token === 'auto-notified' ? 'auto-notified' : 'auto-generated'} (RFC 3834)`, weight: 70, kind: 'machine' });
};

const autoReply: Detector = ({ message, headers, authoredBody, senderLocal }, into) => {
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) {
    into.push({ id: 'x-autoreply', label: 'X-Autoreply/X-Autorespond', weight: 100, kind: 'reply' });
    return;
  }
  const precedence = (headers.first('precedence') ?? '').toLowerCase();
  if (precedence === 'auto_reply') {
    into.push({ id: 'precedence-auto-reply', label: 'Precedence: auto_reply', weight: 100, kind: 'reply' });
    return;
  }
  if (!AUTO_REPLY_SUBJECT.test(message.subject.trim())) return;
  const corroborated =
    (headers.first('return-path') ?? '').replace(/\s/g, '') === '<>' ||
    headers.has('auto-submitted') ||
    precedence !== '' ||
    headers.has('x-auto-response-suppress') ||
    /no[-_.]?reply/.test(senderLocal);
  if (corroborated) {
    into.push({ id: 'auto-reply', label: 'an auto-reply subject with auto-reply headers', weight: 100, kind: 'reply' });
    return;
  }
  into.push({ id: 'auto-reply-subject', label: 'an auto-reply subject', weight: 45, kind: 'reply' });
  if (OOO_BODY.test(authoredBody())) into.push({ id: 'auto-reply-body', label: 'absence wording in the body', weight: 20, kind: 'reply' });
};

const listHeaders: Detector = ({ headers }, into) => {
  if (isDiscussionList(headers)) return;
  if ((headers.first('list-post') ?? '').toUpperCase() === 'NO') {
    into.push({ id: 'announce-list', label: 'List-Post: NO (an announcement list)', weight: 40, kind: 'bulk' });
  }
  const unsubscribes = headers.count('list-unsubscribe');
  if (unsubscribes >= 2) into.push({ id: 'list-unsubscribe-twice', label: 'two List-Unsubscribe headers', weight: 40, kind: 'bulk' });
  else if (unsubscribes === 1) into.push({ id: 'list-unsubscribe', label: 'List-Unsubscribe', weight: 15, kind: 'bulk' });
  if (headers.has('list-unsubscribe-post')) into.push({ id: 'list-unsubscribe-post', label: 'List-Unsubscribe-Post (one-click unsubscribe)', weight: 15, kind: 'bulk' });
  if (headers.has('list-id')) into.push({ id: 'list-id', label: 'List-Id', weight: 10, kind: 'bulk' });
  const precedence = firstToken(headers.first('precedence') ?? '');
  if (precedence === 'bulk' || precedence === 'junk') into.push({ id: 'precedence', label: `Precedence: ${precedence}`, weight: 30, kind: 'bulk' });
  else if (precedence === 'list') into.push({ id: 'precedence', label: 'Precedence: list', weight: 10, kind: 'bulk' });
};

const nullReturnPath: Detector = ({ headers }, into) => {
  if ((headers.first('return-path') ?? '').replace(/\s/g, '') === '<>') {
    into.push({ id: 'null-return-path', label: 'a null return path (Return-Path: <>)', weight: 35, kind: 'bulk' });
  }
};

export const STANDARD_DETECTORS: readonly Detector[] = [reports, bounceFallback, autoSubmitted, autoReply, listHeaders, nullReturnPath];

/** True when a decisive report signal fired: later detectors need not run. */
export function hasReport(signals: readonly Signal[]): boolean {
  return signals.some((signal) => signal.kind === 'report');
}

export type { SignalInput };
