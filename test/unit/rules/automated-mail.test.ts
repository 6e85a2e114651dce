/**
 * The automated-mail rule's behaviour on the cases automated-mail.md singles out: what must skip,
 * what must survive (relay headers, help-desk agents, discussion lists, replies to our mail), and
 * how reciprocity, admin patterns and sensitivity change the outcome.
 */
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../src-shared/domain.js';
import { settingsSchema, type SettingsInput } from '../../../src-shared/settings.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { createRuleContext, type RuleContext } from '../../../src-main/rules/rule-context.js';
import { inbox, message, snapshot } from './rule-fixtures.js';

const OUR_ID = '<sent-1@ourco.example>';
const sentItems = { id: 's', wellKnownName: 'sentitems', displayName: 'Sent Items' };

function ctx(automatedMail: SettingsInput['automatedMail'] = {}, folder = inbox): RuleContext {
  return createRuleContext({
    mailbox: 'me@ourco.example',
    folder,
    orgDomains: ['ourco.example'],
    blockedDomains: [],
    crm: CrmIndex.fromSnapshot(snapshot),
    automatedMail: settingsSchema.parse({ automatedMail }).automatedMail,
    isOwnMessageId: (id) => id === 'sent-1@ourco.example',
  });
}

function withHeaders(headers: [string, string][], overrides: Record<string, unknown> = {}) {
  return message({ internetMessageHeaders: headers.map(([name, value]) => ({ name, value })), ...overrides });
}

function skipDetail(decision: Decision): string {
  expect(decision.verdict).toBe('skip');
  expect(decision.reasons[0]?.code).toBe('automated');
  return decision.reasons[0]!.detail;
}

const mailchimp: [string, string][] = [
  ['List-Unsubscribe', '<https://x.us21.list-manage.com/unsubscribe?u=1>'],
  ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
  ['X-Mailer', 'Mailchimp Mailer - **CID123**'],
  ['X-Campaign', 'mailchimp1.123'],
  ['List-ID', '<abc.list-id.mcsv.net>'],
  ['Precedence', 'bulk'],
];
const zendeskAgent: [string, string][] = [
  ['X-Mailer', 'Zendesk Mailer'],
  ['X-Zendesk-From-Account-Id', '4b1c7e2'],
  ['Auto-Submitted', 'auto-generated'],
  ['X-Auto-Response-Suppress', 'All'],
];
const replyToUs: [string, string][] = [['In-Reply-To', OUR_ID], ['References', OUR_ID]];

describe('automated mail: what skips', () => {
  it('skips a customer-domain newsletter and names the signals, never an address', () => {
    const detail = skipDetail(evaluateMessage(withHeaders(mailchimp), ctx()));
    expect(detail).toContain('List-Unsubscribe');
    expect(detail).toContain('Precedence: bulk');
    expect(detail).toContain('x-campaign');
    expect(detail).not.toContain('@');
  });

  it('skips delivery reports and read receipts by MIME type, and non-standard bounces by sender and subject', () => {
    const dsn = withHeaders([['Content-Type', 'multipart/report; report-type=delivery-status; boundary="x"']]);
    expect(skipDetail(evaluateMessage(dsn, ctx()))).toContain('delivery-status');
    const mdn = withHeaders([['Content-Type', 'multipart/report; report-type="disposition-notification"']]);
    expect(skipDetail(evaluateMessage(mdn, ctx()))).toContain('disposition-notification');
    const qmail = withHeaders([['Return-Path', '<>'], ['X-Failed-Recipients', 'x@customer.example']], { from: { emailAddress: { address: 'MAILER-DAEMON@mx.customer.example', name: '' } } });
    expect(skipDetail(evaluateMessage(qmail, ctx()))).toContain('non-delivery');
  });

  it('skips calendar traffic even when it is our own sent invitation', () => {
    const invite = message({ '@odata.type': '#microsoft.graph.eventMessage', meetingMessageType: 'meetingRequest', from: { emailAddress: { address: 'me@ourco.example', name: '' } }, toRecipients: [{ emailAddress: { address: 'alice@customer.example', name: '' } }] });
    expect(skipDetail(evaluateMessage(invite, ctx({}, sentItems)))).toContain('calendar');
  });

  it('skips an auto-reply even though it answers our own message', () => {
    const ooo = withHeaders([...replyToUs, ['Auto-Submitted', 'auto-generated'], ['Return-Path', '<>']], { subject: 'Automatic reply: Quote for 40 units' });
    expect(skipDetail(evaluateMessage(ooo, ctx()))).toContain('auto-reply');
    const apple = withHeaders(replyToUs, { subject: 'Auto reply: Quote', body: { contentType: 'text', content: 'I am away until Monday and will answer when I am back.' } });
    expect(evaluateMessage(apple, ctx()).verdict).toBe('skip');
  });

  it('treats an explicit RFC 3834 Auto-Submitted value as strong evidence that reciprocity does not cancel', () => {
    const reply = (value: string) => withHeaders([...replyToUs, ['Auto-Submitted', value]], { body: { contentType: 'text', content: 'Thanks, noted.' } });
    for (const value of ['auto-generated', 'auto-notified', 'auto-generated (failure)', 'Auto-Generated']) {
      const detail = skipDetail(evaluateMessage(reply(value), ctx()));
      expect(detail).toContain('RFC 3834');
    }
    // 'no' is the standard's "a person sent this": our thread's reply imports as before.
    const human = evaluateMessage(reply('no'), ctx());
    expect(human.verdict).toBe('import');
    // A help desk that stamps its agents' typed replies is recognised by its own fingerprint, as before.
    const agent = evaluateMessage(withHeaders([...zendeskAgent, ...replyToUs], { body: { contentType: 'text', content: 'Hi, I raised your limit. Emma' } }), ctx());
    expect(agent.verdict).toBe('import');
    expect(agent.reasons.find((r) => r.code === 'thread-reciprocity')?.detail).toContain('stamped by a help desk');
  });

  it('skips a ticket-system acknowledgement even in our thread, but not the agent reply that follows', () => {
    const ack = withHeaders([...zendeskAgent, ...replyToUs], { body: { contentType: 'html', content: '<p>Your request (48213) has been received and is being reviewed.</p>' } });
    expect(skipDetail(evaluateMessage(ack, ctx()))).toContain('ticket-system');
    const agent = withHeaders([...zendeskAgent, ...replyToUs], { body: { contentType: 'html', content: '<p>Hi, I raised your limit to 20 requests per second. Emma</p>' } });
    expect(evaluateMessage(agent, ctx()).verdict).toBe('import');
  });

  it('reads body cues only while the other signals leave the verdict open (tie-breakers)', () => {
    const wording = { body: { contentType: 'html', content: '<p>This is an automated message. <a href="https://x.example/u">Unsubscribe</a></p>' } };
    // List-Unsubscribe (15) alone is below the threshold: the body's wording (30) and unsubscribe link (15) decide.
    const open = skipDetail(evaluateMessage(withHeaders([['List-Unsubscribe', '<mailto:u@customer.example>']], wording), ctx()));
    expect(open).toContain('"automated message, do not reply" wording');
    expect(open).toContain('score 60');
    // The newsletter's headers decide alone; the body is not read and the skip names what decided it.
    const decided = skipDetail(evaluateMessage(withHeaders(mailchimp, wording), ctx()));
    expect(decided).not.toContain('wording');
    expect(decided).toContain('x-campaign');
  });

  it('skips no-reply senders inside our threads (bots reply in-thread), unless a person is the Reply-To', () => {
    const bot = withHeaders(replyToUs, { from: { emailAddress: { address: 'no-reply@customer.example', name: 'Portal' } } });
    expect(skipDetail(evaluateMessage(bot, ctx()))).toContain('no-reply');
    const personal = withHeaders([['Reply-To', 'Alice <alice@customer.example>']], { from: { emailAddress: { address: 'no-reply@customer.example', name: '' } } });
    expect(evaluateMessage(personal, ctx()).verdict).toBe('import');
  });

  it('skips an announcement list (List-Post: NO) but keeps a post to a discussion list', () => {
    const list: [string, string][] = [['List-Id', '<users.lists.customer.example>'], ['List-Unsubscribe', '<mailto:leave@lists.customer.example>'], ['Precedence', 'list']];
    expect(evaluateMessage(withHeaders([...list, ['List-Post', 'NO']]), ctx()).verdict).toBe('skip');
    expect(evaluateMessage(withHeaders([...list, ['List-Post', '<mailto:users@lists.customer.example>'], ['Precedence', 'bulk']]), ctx()).verdict).toBe('import');
  });
});

describe('automated mail: what survives', () => {
  it('never skips on relay headers alone (SES, Mailgun, Mandrill, SendGrid SMTP, Feedback-ID, X-Auto-Response-Suppress)', () => {
    const relayed = withHeaders([
      ['X-SES-Outgoing', '2025.03.10-54.240.27.51'], ['X-Mailgun-Sid', 'WyI3YjQ0MyJd'], ['X-Mandrill-User', 'md_1'], ['X-SG-EID', 'u001.x'],
      ['Feedback-ID', '1:1:md'], ['X-Auto-Response-Suppress', 'DR, OOF'], ['Return-Path', '<bounces+1-a=b@em.customer.example>'],
    ]);
    const decision = evaluateMessage(relayed, ctx());
    expect(decision.verdict).toBe('import');
    expect(decision.reasons.map((r) => r.code)).toContain('automated-below-threshold');
  });

  it('keeps a Zendesk agent reply without reciprocity: Auto-Submitted there says how, not whether', () => {
    expect(evaluateMessage(withHeaders(zendeskAgent), ctx()).verdict).toBe('import');
    expect(evaluateMessage(withHeaders(zendeskAgent.filter(([n]) => !n.startsWith('X-Zendesk'))), ctx()).verdict).toBe('skip');
  });

  it('lets reciprocity outweigh bulk headers a relay injected, and says so', () => {
    const mailjetReply = withHeaders([...replyToUs, ...mailchimp]);
    const decision = evaluateMessage(mailjetReply, ctx());
    expect(decision.verdict).toBe('import');
    const note = decision.reasons.find((r) => r.code === 'thread-reciprocity');
    expect(note?.detail).toContain('List-Unsubscribe');
    expect(evaluateMessage(withHeaders(mailchimp), ctx()).verdict).toBe('skip');
  });

  it('treats a Sent Items copy from an organisation address as ours', () => {
    const ours = withHeaders(mailchimp, { from: { emailAddress: { address: 'me@ourco.example', name: '' } }, toRecipients: [{ emailAddress: { address: 'alice@customer.example', name: '' } }] });
    const decision = evaluateMessage(ours, ctx({}, sentItems));
    expect(decision.verdict).toBe('import');
    expect(decision.reasons.map((r) => r.code)).toContain('own-message');
    expect(evaluateMessage(ours, ctx()).verdict).toBe('skip');
  });

  it('does not read quoted or forwarded parts', () => {
    const text = 'Alice here, see below.\n\n-----Original Message-----\nThis is an automated message. Do not reply to this email. Your request #1 has been received.';
    expect(evaluateMessage(message({ body: { contentType: 'text', content: text } }), ctx()).verdict).toBe('import');
    expect(evaluateMessage(message({ body: { contentType: 'text', content: 'Your request #1 has been received.' } }), ctx()).verdict).toBe('skip');
  });

  it('tells ProtonMail personal mail from Postmark despite the X-Pm-Message-ID name clash', () => {
    const proton = withHeaders([['X-Pm-Message-ID', '7f9a1e0b2c3d4e5f60718293a4b5c6d7e8f90a1b'], ['Feedback-ID', '71384632:user:proton']]);
    expect(evaluateMessage(proton, ctx()).reasons.map((r) => r.code)).toEqual(['crm-contact']);
    const postmark = withHeaders([['X-PM-Message-Id', 'b6d7e8f9-0a1b-4c2d-8e3f-4a5b6c7d8e9f'], ['X-PM-Tag', 'receipt']]);
    expect(evaluateMessage(postmark, ctx()).reasons.find((r) => r.code === 'automated-below-threshold')?.detail).toContain('Postmark');
  });
});

describe('automated mail: settings', () => {
  it('allow patterns rescue a sender domain, but not calendar traffic', () => {
    const allowed = evaluateMessage(withHeaders(mailchimp), ctx({ allow: { senders: ['customer.example'] } }));
    expect(allowed.verdict).toBe('import');
    expect(allowed.reasons.find((r) => r.code === 'allow-listed')?.detail).toContain('customer.example');
    const invite = message({ '@odata.type': '#microsoft.graph.eventMessage', meetingMessageType: 'meetingCancelled' });
    expect(evaluateMessage(invite, ctx({ allow: { senders: ['customer.example'] } })).verdict).toBe('skip');
  });

  it('block patterns skip by sender or header, except replies to our mail', () => {
    expect(skipDetail(evaluateMessage(message(), ctx({ block: { senders: ['alice@*'] } })))).toContain('customer.example');
    const tool = withHeaders([['X-Mailer', 'AcmeBlast 3.1']]);
    expect(skipDetail(evaluateMessage(tool, ctx({ block: { headers: [{ name: 'X-Mailer', contains: 'acmeblast' }] } })))).toContain('x-mailer');
    expect(evaluateMessage(withHeaders([...replyToUs, ['X-Mailer', 'AcmeBlast']]), ctx({ block: { headers: [{ name: 'X-Mailer' }] } })).verdict).toBe('import');
  });

  it('sensitivity moves the threshold', () => {
    // X-HS-Cid (30) + List-Unsubscribe (15) + List-Unsubscribe-Post (15) = 60
    const hubspot = withHeaders([['X-HS-Cid', 'abc'], ['List-Unsubscribe', '<mailto:u@bf01.hubspotstarter.net>'], ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click']]);
    expect(evaluateMessage(hubspot, ctx({ sensitivity: 'normal' })).verdict).toBe('skip');
    expect(evaluateMessage(hubspot, ctx({ sensitivity: 'low' })).verdict).toBe('import');
    const weaker = withHeaders([['X-HS-Cid', 'abc'], ['List-Unsubscribe', '<mailto:u@bf01.hubspotstarter.net>']]);
    expect(evaluateMessage(weaker, ctx({ sensitivity: 'normal' })).verdict).toBe('import');
    expect(evaluateMessage(weaker, ctx({ sensitivity: 'high' })).verdict).toBe('skip');
  });

  it('validates patterns with messages that name the field', () => {
    const bad = settingsSchema.safeParse({ automatedMail: { allow: { senders: ['not a pattern'] }, block: { headers: [{ name: 'X Mailer' }] }, sensitivity: 'max' } });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages.some((m) => m.startsWith('automatedMail.allow.senders.0: must be an address'))).toBe(true);
    expect(messages.some((m) => m.startsWith('automatedMail.block.headers.0.name: must be a header field name'))).toBe(true);
    expect(messages.some((m) => m.startsWith('automatedMail.sensitivity'))).toBe(true);
    expect(settingsSchema.parse({}).automatedMail).toEqual({ sensitivity: 'normal', allow: { senders: [], headers: [] }, block: { senders: [], headers: [] } });
  });
});
