/**
 * Body cues, tie-breakers only (automated-mail.md section 3). Read on the raw body (HTML or text)
 * without converting it: the conversion is the pipeline's most expensive step and runs last. Only
 * the authored part is read, so a person forwarding a receipt or quoting a digest is judged on
 * what they wrote, not on the quoted footer.
 */
import { anchoredPhrases, type Phrase } from './anchored-phrases.js';
import type { Detector } from './automated-signal.js';

/** Characters of authored body scanned at most. */
export const BODY_SCAN_MAX_CHARS = 32 * 1024;

const QUOTE_MARKERS =
  /(-{3,}\s*original message\s*-{3,}|-{3,}\s*forwarded message\s*-{3,}|<blockquote|class="gmail_quote|id="divRplyFwdMsg|id="appendonsend|\n>|\nOn [^\n]{5,120} wrote:|\nAm [^\n]{5,120} schrieb|\nLe [^\n]{5,120} a écrit|\nFrom: [^\n]+\n(Sent|Date):)/i;
const BULK_WORDING =
  /(unsubscribe|manage (your )?(email )?preferences|update your preferences|email preferences|view (it |this email )?in (your )?browser|you are receiving this|you received this (email|message)? ?because|abmelden|se d[ée]sinscrire|afmelden)/i;
/**
 * The two cues with the most phrases, written for anchoredPhrases: as plain alternations they were
 * a fifth of a decision on the realistic mix (newsletter-sized bodies; test/bench).
 */
export const MACHINE_PHRASES: readonly Phrase[] = [
  ['this is an ', 'automated (?:message|notification|e-?mail)'],
  ['do not ', 'reply to this (?:e-?mail|message)'],
  ['please do not ', 'reply to this'],
  ['this (?:mailbox|address) is ', 'not monitored'],
  ['', 'automatically generated'],
  // Covers "automatisch gegenereerd bericht" too.
  ['', 'automatisch (?:erstellt|generiert|gegenereerd)'],
  ['message ', 'automatique'],
  ['merci de ne pas y ', 'r[ée]pondre'],
  ['r[ée]ponse ', 'automatique'],
];
export const TICKET_PHRASES: readonly Phrase[] = [
  ['\\b(?:request|ticket|case)\\b[^.\\n<]{0,40}\\b', '(?:has been|was) (?:received|solved|resolved|closed|created)'],
  ['how would you ', 'rate the (?:support|service)'],
  ['nous avons ', 'bien re[çc]u votre (?:demande|message)'],
  ['wir haben ihre ', 'anfrage erhalten'],
];
const MACHINE_WORDING = anchoredPhrases(MACHINE_PHRASES);
const TICKET_NOTICE = anchoredPhrases(TICKET_PHRASES);
const TRACKING_PIXEL = /<img[^>]*\b(width="?1"?[^>]*height="?1"?|height="?1"?[^>]*width="?1"?)[^>]*>/i;

/** The body up to the first quote or forward marker, at most BODY_SCAN_MAX_CHARS. */
export function authoredPart(body: string): string {
  const head = body.length > BODY_SCAN_MAX_CHARS ? body.slice(0, BODY_SCAN_MAX_CHARS) : body;
  const marker = QUOTE_MARKERS.exec(head);
  return marker ? head.slice(0, marker.index) : head;
}

const bodyCues: Detector = (input, into) => {
  const authoredBody = input.authoredBody();
  if (TICKET_NOTICE.test(authoredBody)) into.push({ id: 'ticket-notice', label: 'a ticket-system notice (request received/solved, satisfaction survey)', weight: 60, kind: 'machine' });
  if (MACHINE_WORDING.test(authoredBody)) into.push({ id: 'automated-wording', label: '"automated message, do not reply" wording', weight: 30, kind: 'machine' });
  if (BULK_WORDING.test(authoredBody)) into.push({ id: 'bulk-wording', label: 'unsubscribe or preferences wording', weight: 15, kind: 'bulk' });
  if (TRACKING_PIXEL.test(authoredBody)) into.push({ id: 'tracking-pixel', label: 'a 1x1 tracking image', weight: 10, kind: 'bulk' });
};

export const BODY_DETECTORS: readonly Detector[] = [bodyCues];
