/**
 * Sender local parts and subjects (automated-mail.md section 3, R5 and R9). Strong local parts
 * (no-reply, mailer-daemon, bots, list robots) are machine senders even inside our threads, unless
 * a different, human Reply-To says a person reads replies. Weak role senders (billing@, alerts@)
 * and transactional subjects only count in combination; support@, sales@, info@ never count.
 */
import type { Detector } from './automated-signal.js';

const STRONG_LOCAL =
  /(^|[-_.+])(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|mailer[-_]?daemon|postmaster|bounces?|listserv|majordomo|calendar-notification)([-_.+]|$)|(^|[-_.])bot$|^bot[-_.]|-request$|^owner-|^syzbot\+/;
const WEAK_LOCAL = new Set([
  'notifications', 'notification', 'notify', 'alerts', 'alert', 'billing', 'invoice', 'invoices', 'receipts', 'receipt', 'orders',
  'order', 'statements', 'statement', 'security', 'news', 'newsletter', 'newsletters', 'marketing', 'updates', 'shop', 'webshop',
]);
const TRANSACTIONAL_SUBJECT =
  /(receipt|invoice|your order|order confirmation|has shipped|payment (received|confirmation)|booking confirmation|statement is (ready|available)|password reset|reset your password|verify your (email|e-mail|account)|confirm your (email|e-mail)|new sign-in|security alert|welcome to|^\[github\]|^\[jira\])/i;
const REPLY_PREFIX = /^(re|aw|sv|antw|wg|fw|fwd|tr|rv)\s*:/i;

function localPartOf(address: string | null): string {
  if (address === null) return '';
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(0, at).toLowerCase() : '';
}

function weakRole(local: string): boolean {
  return local.split(/[-_.+]/).some((token) => WEAK_LOCAL.has(token));
}

/** The first Reply-To address when it differs from the sender's, else null. */
function humanReplyTo(replyTo: string | null, senderLocal: string): string | null {
  if (replyTo === null) return null;
  const match = /<?([^<>\s,]+@[^<>\s,]+)>?/.exec(replyTo);
  const local = localPartOf(match?.[1] ?? null);
  return local !== '' && local !== senderLocal && !STRONG_LOCAL.test(local) ? local : null;
}

const senderLocalPart: Detector = ({ senderLocal, headers, message }, into) => {
  if (senderLocal === '') return;
  if (STRONG_LOCAL.test(senderLocal)) {
    if (humanReplyTo(headers.first('reply-to'), senderLocal) !== null) {
      into.push({ id: 'noreply-sender', label: 'a no-reply sender with a personal Reply-To', weight: 35, kind: 'bulk' });
    } else {
      into.push({ id: 'noreply-sender', label: 'a no-reply, daemon, bot or list-robot sender', weight: 70, kind: 'machine' });
    }
    return;
  }
  const role = weakRole(senderLocal);
  const subject = message.subject.trim();
  const transactional = !REPLY_PREFIX.test(subject) && !headers.has('in-reply-to') && TRANSACTIONAL_SUBJECT.test(subject);
  if (role && transactional) into.push({ id: 'transactional-role', label: 'a transactional subject from a role sender (billing, orders, alerts, ...)', weight: 60, kind: 'bulk' });
  else if (role) into.push({ id: 'role-sender', label: 'a role sender (billing, orders, alerts, news, ...)', weight: 20, kind: 'bulk' });
  else if (transactional) into.push({ id: 'transactional-subject', label: 'a receipt, order, reset or notification subject', weight: 20, kind: 'bulk' });
};

export const SENDER_DETECTORS: readonly Detector[] = [senderLocalPart];
export { localPartOf };
