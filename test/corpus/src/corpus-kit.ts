/**
 * Builders for the labelled corpus (test/corpus/messages.jsonl). Each corpus message is written by
 * hand in the category files; these helpers only spell the envelope in Graph's shape and the
 * header sets that real senders stamp (shared/docs/automated-mail.md sections 1-3), so that a
 * message "sent with Mailchimp" carries what Mailchimp really adds, and a person's mail relayed
 * by an ESP carries that ESP's relay headers too. Written from the doc before the detector, and
 * never edited to suit it.
 */

export type Label = {
  verdict: 'import' | 'skip';
  /** For skips: the expected reason code. */
  reason?: string;
  /** What kind of mail this is (newsletter, receipt, correspondence-in, ...). */
  category: string;
};

export type Header = [name: string, value: string];

export type CorpusMessage = {
  label: Label;
  mailbox: string;
  folder: string;
  message: Record<string, unknown>;
};

export type MessageSpec = {
  label: Label;
  /** Defaults: the first brightline.io To address (inbox), or the sender (sentitems). */
  mailbox?: string;
  folder?: string;
  from: string;
  to?: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  date: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  html?: string;
  text?: string;
  /** Extra headers in the order the sender stamps them (after the envelope headers). */
  headers?: Header[];
  /** Sent Items copies carry no internetMessageHeaders in Graph. */
  noHeaders?: boolean;
  isDraft?: boolean;
  /** Graph eventMessage (calendar traffic). */
  meetingMessageType?: string;
  inferenceClassification?: 'focused' | 'other';
};

export const ORG = 'brightline.io';

let counter = 0;

function parseAddress(raw: string): { name: string; address: string } {
  const match = /^(.*)<([^>]+)>\s*$/.exec(raw);
  if (!match) return { name: '', address: raw.trim() };
  return { name: (match[1] ?? '').trim().replace(/^"|"$/g, ''), address: (match[2] ?? '').trim() };
}

function recipient(raw: string): { emailAddress: { name: string; address: string } } {
  return { emailAddress: parseAddress(raw) };
}

function rfcDate(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

function isOrg(address: string): boolean {
  return parseAddress(address).address.toLowerCase().endsWith(`@${ORG}`);
}

export function msg(spec: MessageSpec): CorpusMessage {
  counter += 1;
  const folder = spec.folder ?? (isOrg(spec.from) && !spec.noHeaders ? 'inbox' : spec.noHeaders ? 'sentitems' : 'inbox');
  const to = spec.to ?? [];
  const cc = spec.cc ?? [];
  const mailbox =
    spec.mailbox ??
    (folder === 'sentitems' || folder === 'drafts' ? parseAddress(spec.from).address : ([...to, ...cc].map((a) => parseAddress(a).address).find((a) => a.endsWith(`@${ORG}`)) ?? `anna.keller@${ORG}`));
  const envelope: Header[] = [
    ['From', spec.from],
    ...(to.length > 0 ? ([['To', to.join(', ')]] as Header[]) : []),
    ...(cc.length > 0 ? ([['Cc', cc.join(', ')]] as Header[]) : []),
    ...(spec.replyTo ? ([['Reply-To', spec.replyTo]] as Header[]) : []),
    ['Subject', spec.subject],
    ['Date', rfcDate(spec.date)],
    ['Message-ID', spec.messageId],
    ...(spec.inReplyTo ? ([['In-Reply-To', spec.inReplyTo]] as Header[]) : []),
    ...(spec.references ? ([['References', spec.references.join(' ')]] as Header[]) : []),
    ['MIME-Version', '1.0'],
  ];
  const headers = spec.noHeaders ? undefined : [...envelope, ...(spec.headers ?? [])].map(([name, value]) => ({ name, value }));
  const received = new Date(new Date(spec.date).getTime() + 4000).toISOString().replace('.000Z', 'Z');
  const message: Record<string, unknown> = {
    id: `AAMkAGI2TG93AAA=${String(counter).padStart(4, '0')}`,
    ...(spec.meetingMessageType ? { '@odata.type': '#microsoft.graph.eventMessage', meetingMessageType: spec.meetingMessageType } : {}),
    isDraft: spec.isDraft ?? false,
    subject: spec.subject,
    body: spec.html !== undefined ? { contentType: 'html', content: spec.html } : { contentType: 'text', content: spec.text ?? '' },
    from: recipient(spec.from),
    sender: recipient(spec.from),
    toRecipients: to.map(recipient),
    ccRecipients: cc.map(recipient),
    sentDateTime: spec.date,
    receivedDateTime: received,
    internetMessageId: spec.messageId,
    conversationId: `AAQkAGI2${counter}`,
    ...(spec.inferenceClassification ? { inferenceClassification: spec.inferenceClassification } : {}),
    ...(headers ? { internetMessageHeaders: headers } : {}),
  };
  return { label: spec.label, mailbox, folder, message };
}

// ---------------------------------------------------------------------------------------------
// Transport headers: what Exchange Online adds on arrival in our tenant, and what clients add.

/** EOP's stamps on inbound mail (automated-mail.md section 1): BCL 0 for people, higher for bulk. */
export function eop(bcl: number, scl = 1): Header[] {
  return [
    ['X-MS-Exchange-Organization-SCL', String(scl)],
    ['X-Microsoft-Antispam', `BCL:${bcl};`],
    ['X-Forefront-Antispam-Report', `CIP:203.0.113.${10 + bcl};CTRY:DE;LANG:en;SCL:${scl};SRV:;IPV:NLI;SFV:NSPM;H:mail.example;PTR:mail.example;CAT:NONE;SFS:(13230040)(4636009);DIR:INB;`],
    ['X-MS-Exchange-CrossTenant-OriginalArrivalTime', '10 Mar 2025 09:12:44.0912 (UTC)'],
  ];
}

export function received(fromHost: string, byHost = 'AM0PR02MB5620.eurprd02.prod.outlook.com'): Header {
  return ['Received', `from ${fromHost} (${fromHost} [198.51.100.23]) by ${byHost} with Microsoft SMTP Server (version=TLS1_2) id 15.20.8511.20; Mon, 10 Mar 2025 09:12:44 +0000`];
}

export function dkim(domain: string, selector = 'selector1'): Header {
  return ['DKIM-Signature', `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${domain}; s=${selector}; h=From:Date:Subject:Message-ID:To:MIME-Version:Content-Type; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=Zm9vYmFy`];
}

export function authResults(domain: string): Header {
  return ['Authentication-Results', `spf=pass (sender IP is 198.51.100.23) smtp.mailfrom=${domain}; dkim=pass (signature was verified) header.d=${domain};dmarc=pass action=none header.from=${domain};compauth=pass reason=100`];
}

/** A person writing from Outlook on Exchange Online (their tenant), as it arrives in ours. */
export function outlookPerson(domain: string, opts: { suppress?: boolean } = {}): Header[] {
  return [
    received(`EUR05-DB8-obe.outbound.protection.outlook.com`),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    dkim(domain),
    ['Thread-Topic', 'see Subject'],
    ['Thread-Index', 'AQHbkZx1Gm2ZrT5eQ0+9a8bYhZP1kQ=='],
    ['Accept-Language', 'en-GB, en-US'],
    ['Content-Language', 'en-GB'],
    ['X-MS-Has-Attach', ''],
    ['X-MS-TNEF-Correlator', ''],
    ...(opts.suppress ? ([['X-Auto-Response-Suppress', 'DR, RN, NRN, OOF, AutoReply']] as Header[]) : []),
    ['Content-Type', 'multipart/alternative; boundary="_000_DB9PR02MB7356B1_"'],
    ...eop(0),
  ];
}

/** A person writing from Gmail or Google Workspace. */
export function gmailPerson(domain: string): Header[] {
  return [
    received('mail-ej1-f49.google.com'),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    dkim(domain, '20230601'),
    ['X-Google-DKIM-Signature', 'v=1; a=rsa-sha256; c=relaxed/relaxed; d=1e100.net; s=20230601'],
    ['X-Gm-Message-State', 'AOJu0YwT3pQ1pZb0n8s8Qv3vF5vM2aR8bYh0mL2wT9xG'],
    ['X-Google-Smtp-Source', 'AGHT+IFq2m1p8o0cQy4bK3sL0hZx9mN7vQ'],
    ['X-Received', 'by 2002:a17:906:1b0e:b0:ac2:8a53 with SMTP id o14mr1918; Mon, 10 Mar 2025 02:12:40 -0700 (PDT)'],
    ['Content-Type', 'multipart/alternative; boundary="000000000000a1b2c3062f1e"'],
    ...eop(0),
  ];
}

export function appleMailPerson(domain: string): Header[] {
  return [
    received('mail.icloud.example'),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    dkim(domain, 'sig1'),
    ['X-Mailer', 'Apple Mail (2.3826.400.131.1.6)'],
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Transfer-Encoding', 'quoted-printable'],
    ...eop(0),
  ];
}

export function thunderbirdPerson(domain: string): Header[] {
  return [
    received(`mx.${domain}`),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    ['User-Agent', 'Mozilla Thunderbird'],
    ['Content-Language', 'de-DE'],
    ['Content-Type', 'text/plain; charset=UTF-8; format=flowed'],
    ...eop(0),
  ];
}

/** ProtonMail personal mail: Feedback-ID ...:user:proton and an X-Pm-Message-ID (Postmark's name clash). */
export function protonPerson(domain: string): Header[] {
  return [
    received('mail-4322.protonmail.ch'),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    dkim(domain, 'protonmail3'),
    ['Feedback-ID', '71384632:user:proton'],
    ['X-Pm-Message-ID', '7f9a1e0b2c3d4e5f60718293a4b5c6d7e8f90a1b'],
    ['X-Pm-Spamscore', '0'],
    ['Content-Type', 'multipart/alternative; boundary="b1_7f9a1e0b2c"'],
    ...eop(0),
  ];
}

/** Amazon WorkMail users' mail goes out through SES. */
export function workmailPerson(domain: string): Header[] {
  return [
    received('a27-51.smtp-out.us-west-2.amazonses.com'),
    authResults(domain),
    ['Return-Path', `<0101019575c2d1e8-5c1a2b3c-aaaa-4bbb-8ccc-1234567890ab-000000@us-west-2.amazonses.com>`],
    dkim(domain, 'workmail1'),
    ['X-Mailer', 'Amazon WorkMail'],
    ['Thread-Index', 'AdmSzL0pQ1WorkMail'],
    ['X-SES-Outgoing', '2025.03.10-54.240.27.51'],
    ['Feedback-ID', '1.us-west-2.Zk3H1dVZfU7pXW5W2kYk0K9wA6NMRdBkqJ3Z8s2F9xI=:AmazonSES'],
    ['Content-Type', 'multipart/alternative; boundary="=_WorkMail_2b3c"'],
    ...eop(1),
  ];
}

/** Corporate mail that leaves through a Mailgun smarthost. */
export function mailgunRelayPerson(domain: string): Header[] {
  return [
    received('m42-7.mailgun.net'),
    authResults(domain),
    ['Return-Path', `<bounce+1a2b3c.4d5e6f-someone=${ORG}@mg.${domain}>`],
    dkim(domain, 'mx'),
    ['X-Mailgun-Sending-Ip', '198.61.254.7'],
    ['X-Mailgun-Sid', 'WyI3YjQ0MyIsICJhbm5hLmtlbGxlckBicmlnaHRsaW5lLmlvIiwgIjFmMmEzYiJd'],
    ['User-Agent', 'Mozilla Thunderbird'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ...eop(1),
  ];
}

/** A person's mail through a SendGrid SMTP relay. */
export function sendgridRelayPerson(domain: string): Header[] {
  return [
    received('o1678912x201.outbound-mail.sendgrid.net'),
    ['Received', 'by filterdrecv-7c9b6d5f-x2h4q with SMTP id filterdrecv-7c9b6d5f-x2h4q-1-67CEB2F1-7; Mon, 10 Mar 2025 09:12:33 +0000'],
    ['Received', `from mail.${domain} (unknown) by geopod-ismtpd-12 (SG) with ESMTP id abcDEF12ghIJ; Mon, 10 Mar 2025 09:12:33 +0000`],
    authResults(domain),
    ['Return-Path', `<bounces+4242424-ab12-someone=${ORG}@em1234.${domain}>`],
    dkim(domain, 's1'),
    ['X-SG-EID', 'u001.k3YvW2hQ8p6x1Tz5aBcDeFgHiJkLmNoPqRsTuVwXyZ0='],
    ['X-Entity-ID', 'u001.Q2h1bmtMb25nRW50aXR5SUQ='],
    ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.7.1'],
    ['Content-Type', 'text/plain; charset=UTF-8; format=flowed'],
    ...eop(1),
  ];
}

/** All of a company's staff mail sent through Mandrill (seen in real archives). */
export function mandrillRelayPerson(domain: string): Header[] {
  return [
    received('mail136-17.atl41.mandrillapp.com'),
    authResults(domain),
    ['Return-Path', `<bounce-md_31050260.67ceb2f1.v1-7f1e2d3c4b5a@mandrillapp.com>`],
    dkim(domain, 'mte1'),
    ['X-Mandrill-User', 'md_31050260'],
    ['Feedback-ID', '31050260:31050260.20250310:md'],
    ['X-Report-Abuse', 'Please forward a copy of this message, including all headers, to abuse@mandrill.com. You can also report abuse here: https://mandrillapp.com/contact/abuse?id=31050260.7f1e2d3c4b5a'],
    ['Content-Type', 'multipart/alternative; boundary="_av-9mE1uA"'],
    ...eop(1),
  ];
}

/** A person's reply relayed by Mailjet, which injects List-Unsubscribe(-Post) (seen in real mail). */
export function mailjetRelayPerson(domain: string): Header[] {
  return [
    received('o25.p25.mailjet.com'),
    authResults(domain),
    ['Return-Path', `<bnc3.ab12cd.aaaaa@bnc3.mailjet.com>`],
    dkim(domain, 'mailjet'),
    ['X-MJ-Mid', 'AAAAAGm9bZEAAAAAAAAAAAADkT0AAAAAAAAAAAAAAAAAD'],
    ['X-MJ-SMTPGUID', '8c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f'],
    ['X-REPORT-ABUSE-TO', 'Message sent by Mailjet with customer ID 3412345'],
    ['Feedback-Id', '42.3412345.3198765:MJ'],
    ['X-CSA-Complaints', 'csa-complaints@eco.de'],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['List-Unsubscribe', '<mailto:unsub-AAAAAGm9bZE@bnc3.mailjet.com>, <https://api.mailjet.com/v3/unsubscribe/AAAAAGm9bZE>'],
    ['Content-Type', 'text/plain; charset=utf-8'],
    ...eop(2),
  ];
}

// ---------------------------------------------------------------------------------------------
// Bulk and marketing senders (automated-mail.md section 2).

export function mailchimp(domain: string, listId: string, campaign: string): Header[] {
  return [
    received('mail182.atl221.rsgsv.net'),
    authResults(domain),
    ['Return-Path', `<bounce-mc.us21_1234567.${campaign}-someone=${ORG}@mail182.atl221.mcdlv.net>`],
    dkim(domain, 'k2'),
    dkim('mailchimpapp.net', 'k3'),
    ['List-Unsubscribe', `<https://${domain.split('.')[0]}.us21.list-manage.com/unsubscribe?u=1a2b3c&id=${listId}&e=4d5e6f&c=${campaign}>, <mailto:unsubscribe-mc.us21_1234567.${campaign}@unsubscribe.mailchimpapp.net?subject=unsubscribe>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['X-Mailer', `Mailchimp Mailer - **CID${campaign}**`],
    ['X-Campaign', `mailchimp1a2b3c.${campaign}`],
    ['X-campaignid', `mailchimp1a2b3c.${campaign}`],
    ['X-Report-Abuse', 'Please report abuse for this campaign here: https://mailchimp.com/contact/abuse/?u=1a2b3c&id=' + campaign],
    ['X-MC-User', '1a2b3c4d5e6f7a8b9c0d1e2f3'],
    ['Feedback-ID', `21:21.1234567:us21:mc`],
    ['List-ID', `${listId}mc list <${listId}.list-id.mcsv.net>`],
    ['X-Accounttype', 'pd'],
    ['Precedence', 'bulk'],
    ['Content-Type', 'multipart/alternative; boundary="_----------=_MCPart_1425"'],
    ...eop(4, 1),
  ];
}

export function sfmc(domain: string, opts: { transactional?: boolean } = {}): Header[] {
  return [
    received('mta.email.' + domain),
    authResults('email.' + domain),
    ['Return-Path', `<bounce-1276_HTML-91827364-3141592-7001234-9@bounce.email.${domain}>`],
    dkim('email.' + domain, '200608'),
    ['x-CSA-Compliance-Source', 'SFMC'],
    ['X-SFMC-Stack', '7'],
    ['x-job', '7001234_3141592'],
    ['x-messageKey', 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f'],
    ['X-CSA-Complaints', 'csa-complaints@eco.de'],
    ...(opts.transactional ? ([['X-Delivery', 'Transactional']] as Header[]) : ([['List-ID', '<7001234.xt.local>'], ['X-Delivery', 'Marketing']] as Header[])),
    ['List-Unsubscribe', `<https://click.email.${domain}/subscription_center.aspx?jwt=eyJhbGciOiJIUzI1NiJ9>, <mailto:leave-fd8a1c7d-4471@leave.email.${domain}>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['Feedback-ID', '7001234:3141592:203.0.113.44:sfmktgcld'],
    ['Content-Type', 'multipart/alternative; boundary="TUyv4HnjU=_?:"'],
    ...eop(opts.transactional ? 2 : 5),
  ];
}

export function marketo(domain: string): Header[] {
  return [
    received('mail-abmas01.marketo.org'),
    authResults('info.' + domain),
    ['Return-Path', `<107-FMS-070.0.1234.0.0.1111.9.2345678@potomac.${domain}>`],
    dkim('info.' + domain, 'm1'),
    ['X-MSFBL', 'eyJnIjoiMTA3LUZNUy0wNzAiLCJyIjoic29tZW9uZUBicmlnaHRsaW5lLmlvIiwiYiI6ImFibWFzMDFfZXNjX21rdG8ifQ=='],
    ['X-MarketoID', '107-FMS-070:1234:2345678:1111:9'],
    ['X-MktArchive', 'false'],
    ['X-PVIQ', 'mkto-107-FMS-070-abmas01'],
    ['X-Binding', 'abmas01'],
    ['X-MktMailDKIM', 'true'],
    ['List-Unsubscribe', `<mailto:unsubscribe-MTA3LUZNUy0wNzA@unsub-ab.mktomail.com>`],
    ['Content-Type', 'multipart/alternative; boundary="----=_Part_34512_98765.1741597960000"'],
    ...eop(5),
  ];
}

export function hubspotMarketing(domain: string): Header[] {
  return [
    received('bf02z.hubspotemail.net'),
    authResults(domain),
    ['Return-Path', `<1axbtfbk8jh3v2a6mv4t1lzp5h2v4dj9r@bf02z.hubspotemail.net>`],
    dkim(domain, 'hs1-8765432'),
    ['X-HS-Cid', '1a9dEV2Ut2kkKXhSNUuH2CK0Oq6R6Qm3ZYo3Yq'],
    ['List-Unsubscribe', `<mailto:1axbtfbk8jh3v2a6mv4t1lzp5h2v4dj9r@bf02z.hubspotemail.net?subject=unsubscribe>, <https://hs-8765432.s.hubspotemail.net/hs/manage-preferences/unsubscribe-all?data=W2nXS-V3K8>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['X-Report-Abuse-To', 'abuse@hubspot.com'],
    ['Content-Type', 'multipart/alternative; boundary="----=_Part_7281_1290218742.1741597962114"'],
    ...eop(4),
  ];
}

export function brevo(domain: string): Header[] {
  return [
    received('smtp-relay.sendinblue.com'),
    authResults(domain),
    ['Return-Path', `<bounces-4711-someone=${ORG}@sender-sib.com>`],
    dkim(domain, 'mail'),
    ['X-Mailin-EID', 'MTIzNDU2Nzg5fnNvbWVvbmVAYnJpZ2h0bGluZS5pb34%3D'],
    ['X-sib-id', 'Vk9fQ1l2X3B5c3Ryb2tfYnJldm9fY2FtcGFpZ24'],
    ['Origin-messageId', '<202503100912.71234567891@smtp-relay.mailin.fr>'],
    ['Feedback-ID', '185.41.28.109:4711_-1:4711:Sendinblue'],
    ['X-CSA-Complaints', 'csa-complaints@eco.de'],
    ['List-Unsubscribe', `<https://r.${domain}/unsubscribe/v2/abc123>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['Precedence', 'bulk'],
    ['Content-Type', 'text/html; charset=utf-8'],
    ...eop(5),
  ];
}

export function klaviyo(domain: string): Header[] {
  return [
    received('o1.ptr3021.klaviyomail.com'),
    authResults('send.' + domain),
    ['Return-Path', `<bounces+8776543-1a2b-someone=${ORG}@send.ksd1.klaviyomail.com>`],
    dkim(domain, 'kl'),
    ['X-Kmail-Relay', '[41.krelaymail.com]:587'],
    ['X-Kmail-Flow', 'Rr8jAB'],
    ['X-Kmail-Message', '01JNZ8F1QX2Y3Z'],
    ['X-Kmail-Account', 'Xy7AbC'],
    ['X-SG-EID', 'u001.kL1avIyo2Sg3EiD4='],
    ['List-Unsubscribe', `<https://manage.kmail-lists.com/subscriptions/unsubscribe?a=Xy7AbC&c=01JNZ8>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['Content-Type', 'multipart/alternative; boundary="===============8231902211==' + '"'],
    ...eop(5),
  ];
}

export function cleverreach(domain: string): Header[] {
  return [
    received('mta12.crsend.com'),
    authResults(domain),
    ['Return-Path', `<b-1234567-89abcdef@bounce-eu2.crsend.com>`],
    dkim(domain, 'cr'),
    ['X-Mailer', 'gomailer-2.4.1'],
    ['X-Mailing', '12345678'],
    ['X-Customer', '1234567'],
    ['X-Client', '987654'],
    ['X-email', 'c29tZW9uZUBicmlnaHRsaW5lLmlv'],
    ['List-Id', `<987654.${domain}.crsend.com>`],
    ['List-Unsubscribe', `<https://seu2.cleverreach.com/rmftlp.php?cid=987654&mid=12345678>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['X-CSA-Complaints', 'csa-complaints@eco.de'],
    ['Content-Type', 'multipart/alternative; boundary="CR-2b7e1f"'],
    ...eop(6),
  ];
}

export function convertkit(domain: string): Header[] {
  return [
    received('o3.email.convertkit-mail4.com'),
    authResults(domain),
    ['Return-Path', `<bounces+8765432-d13f-someone=${ORG}@email.convertkit-mail4.com>`],
    dkim(domain, 'ck1'),
    ['X-SG-EID', 'u001.CoNvErTkItSgEiD='],
    ['X-Report-Abuse', '<abuse@convertkit.com>'],
    ['Feedback-ID', '8765432:sendgrid:CK'],
    ['List-Unsubscribe', '<https://unsubscribe.convertkit-mail4.com/6ku3n>, <mailto:unsubscribe@convertkit-mail4.com>'],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['Content-Type', 'multipart/alternative; boundary="--==_mimepart_67ceb2f1"'],
    ...eop(4),
  ];
}

export function inxmail(domain: string): Header[] {
  return [
    received('mx-relay41.inxserver.com'),
    authResults(domain),
    ['Return-Path', `<bounce-62-1871-someone=${ORG}@bounces.${domain}>`],
    dkim(domain, 'inx'),
    ['X-Mailer', 'Inxmail EE 4.8.24.262'],
    ['Feedback-ID', '62:1871:campaign:inxmailde'],
    ['List-Id', '"0" <1871.62.localhost>'],
    ['List-Unsubscribe', `<https://newsletter.${domain}/-unsubscribe/1871/abc>`],
    ['X-CSA-Complaints', 'csa-complaints@eco.de'],
    ['Content-Type', 'multipart/alternative; boundary="----=_Part_INX_1871"'],
    ...eop(5),
  ];
}

export function episerver(domain: string): Header[] {
  return [
    received('mta2.campaign.episerver.net'),
    authResults(domain),
    ['Return-Path', `<m-1ab2c3-someone=${ORG}@bounce.${domain}>`],
    ['X-Mailer', 'Episerver Campaign'],
    ['X-ulpe', 're-pO_jRuF3Bq9kQoOEhrq9hb2Z8mA1Kqz@optimizely.net'],
    ['X-sender', `news@${domain}`],
    ['Feedback-ID', '1ab2c3:4d5e:newsletter:episerver'],
    ['List-Unsubscribe', `<https://news.${domain}/unsubscribe?uid=1ab2c3>`],
    ['Content-Type', 'multipart/alternative; boundary="----EPI"'],
    ...eop(5),
  ];
}

export function constantContact(domain: string): Header[] {
  return [
    received('ccm27.constantcontact.com'),
    authResults('shared1.ccsend.com'),
    ['Return-Path', `<bounce-xyz_HTML-12345@in.constantcontact.com>`],
    ['X-Roving-ID', '1102837465123.1101928374'],
    ['X-Mailer', 'Roving Constant Contact 2012 (http://www.constantcontact.com)'],
    ['X-Campaign-Activity-ID', 'a1b2c3d4-e5f6-7a8b-9c0d-e1f2a3b4c5d6'],
    ['List-Unsubscribe', `<https://visitor.constantcontact.com/do?p=un&m=001xyz&se=001abc&t=001def&ea=someone%40${ORG}>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['X-Channel-ID', '8f3e1d2c-3b4a-11e5-9876-d4ae52a45a09'],
    ['Content-Type', 'multipart/alternative; boundary="----=_Part_CC"'],
    ...eop(6),
    ['X-Sender-Domain', domain],
  ];
}

// Transactional platforms.

export function postmark(domain: string, tag = 'receipt'): Header[] {
  return [
    received('sc-ord-mta117.mtasv.net'),
    authResults(domain),
    ['Return-Path', `<pm_bounces@pm-bounces.${domain}>`],
    dkim(domain, '20240311pm'),
    ['X-PM-Message-Id', 'b6d7e8f9-0a1b-4c2d-8e3f-4a5b6c7d8e9f'],
    ['X-PM-RCPT', '|bTB8MTEyMzQ1fDIyMzQ1fHNvbWVvbmVAYnJpZ2h0bGluZS5pbw==|'],
    ['X-PM-Tag', tag],
    ['X-PM-Message-Options', 'v1;1.abc123'],
    ['Feedback-ID', 's1234567-X3JlY2VpcHQ=:s1234567:a98765:postmark'],
    ['X-Complaints-To', 'abuse@postmarkapp.com'],
    ['Content-Type', 'multipart/alternative; boundary="mk3-0d1e2f3a"'],
    ...eop(1),
  ];
}

export function sesTransactional(domain: string): Header[] {
  return [
    received('a8-41.smtp-out.amazonses.com'),
    authResults(domain),
    ['Return-Path', '<0100019575c3e0f1-a1b2c3d4-e5f6-7a8b-9c0d-e1f2a3b4c5d6-000000@amazonses.com>'],
    dkim(domain, 'ug7nbtf4gccmlpwj322ax3p6ow6yfsug'),
    dkim('amazonses.com', '224i4yxa5dv7c2xz3womw6peuasteono'),
    ['X-SES-Outgoing', '2025.03.10-54.240.8.41'],
    ['Feedback-ID', '1.us-east-1.ZHcGJK6s+x+i9lRHKog4RW3tECwWIf1xzTYCZyUaiec=:AmazonSES'],
    ['Content-Type', 'multipart/alternative; boundary="----=_Part_1093_123"'],
    ...eop(2),
  ];
}

export function sendgridApi(domain: string): Header[] {
  return [
    received('o16.email.' + domain),
    ['Received', 'by filterdrecv-66c8f7c9d5-l9x7k with SMTP id filterdrecv-66c8f7c9d5-l9x7k-1-67CEB2F2-1; Mon, 10 Mar 2025 09:12:34 +0000'],
    ['Received', 'from MTIzNDU2Nzg (unknown) by geopod-ismtpd-5 (SG) with HTTP id 8xQzPqWZQ; Mon, 10 Mar 2025 09:12:34 +0000'],
    authResults('email.' + domain),
    ['Return-Path', `<bounces+1234567-a1b2-someone=${ORG}@email.${domain}>`],
    dkim(domain, 's1'),
    ['X-SG-EID', 'u001.ApIsEnDtRaNsAcTiOnAl='],
    ['X-SG-ID', 'u001.SdBcaXIiMHd2eqPPW0p='],
    ['X-Entity-ID', 'u001.RnJvbUFwaQ=='],
    ['Content-Type', 'multipart/alternative; boundary="b4e2f0c9a"'],
    ...eop(2),
  ];
}

export function sparkpost(domain: string): Header[] {
  return [
    received('mta-214-87.sparkpostmail.com'),
    authResults(domain),
    ['Return-Path', `<msprvs1=19801Kx7Y3_Sb=bounces-261117@bounce.${domain}>`],
    dkim(domain, 'scph0221'),
    ['X-MSFBL', 'Nzg5ZmE=|eyJ0ZW5hbnRfaWQiOiJzcGMiLCJjdXN0b21lcl9pZCI6IjI2MTExNyIsIm1lc3NhZ2VfaWQiOiI2N2NlYjJmMiJ9'],
    ['Content-Type', 'multipart/alternative; boundary="=_spk_1"'],
    ...eop(3),
  ];
}

// Help desks and CRMs.

/** Zendesk stamps these on every outbound message, agents' typed replies included. */
export function zendesk(domain: string, accountId = '4b1c7e2'): Header[] {
  return [
    received('outbyoip12.pod27.use1.zdsys.com'),
    authResults(domain),
    ['Return-Path', `<support+id48213@${domain.split('.')[0]}.zendesk.com>`],
    dkim(domain, 'zendesk1'),
    ['X-Mailer', 'Zendesk Mailer'],
    ['X-Zendesk-From-Account-Id', accountId],
    ['X-Zendesk-Email-Id', '01JNZ9K2B3C4D5E6F7G8H9J0K1'],
    ['X-Delivery-Context', 'event-id-27361823117'],
    ['Auto-Submitted', 'auto-generated'],
    ['X-Auto-Response-Suppress', 'All'],
    ['Content-Type', 'multipart/alternative; boundary="--==_mimepart_67ceb3"'],
    ...eop(1),
  ];
}

export function freshdesk(domain: string): Header[] {
  return [
    received('mail2.freshdesk.com'),
    authResults(domain),
    ['Return-Path', `<bounces+99887766-0a1b-someone=${ORG}@emailus.freshdesk.com>`],
    dkim(domain, 'fd'),
    ['X-SG-EID', 'u001.FrEsHdEsKsGeId='],
    ['X-FD-Email-Type', 'ticket_reply'],
    ['Content-Type', 'multipart/alternative; boundary="--==_mimepart_fd"'],
    ...eop(1),
  ];
}

export function salesforceCore(domain: string, category: string): Header[] {
  return [
    received('smtp06-ia4-sp3.mta.salesforce.com'),
    authResults(domain),
    ['Return-Path', `<bounce@${domain}>`],
    dkim(domain, 'sf1'),
    ['X-SFDC-LK', '00D5g000004abcD'],
    ['X-SFDC-User', '0055g00000C1dEf'],
    ['X-Sender', 'postmaster@salesforce.com'],
    ['X-mail_abuse_inquiries', 'http://www.salesforce.com/company/abuse.jsp'],
    ['X-SFDC-TLS-NoRelay', '1'],
    ['X-SFDC-Binding', '1WrIRBV94myi25uB'],
    ['X-SFDC-EmailCategory', category],
    ['X-SFDC-EntityId', '5005g00000XyZaB'],
    ['Content-Type', 'multipart/alternative; boundary="----=_Part_11_sfdc"'],
    ...eop(1),
  ];
}

// Lists.

export function mailmanDiscussion(listHost: string, list: string): Header[] {
  return [
    received(listHost),
    authResults(listHost),
    ['Return-Path', `<${list}-bounces@${listHost}>`],
    ['X-BeenThere', `${list}@${listHost}`],
    ['X-Mailman-Version', '2.1.39'],
    ['Precedence', 'list'],
    ['List-Id', `${list} discussion <${list}.${listHost}>`],
    ['List-Unsubscribe', `<https://${listHost}/mailman/options/${list}>, <mailto:${list}-request@${listHost}?subject=unsubscribe>`],
    ['List-Archive', `<https://${listHost}/pipermail/${list}/>`],
    ['List-Post', `<mailto:${list}@${listHost}>`],
    ['List-Help', `<mailto:${list}-request@${listHost}?subject=help>`],
    ['List-Subscribe', `<https://${listHost}/mailman/listinfo/${list}>, <mailto:${list}-request@${listHost}?subject=subscribe>`],
    ['Errors-To', `${list}-bounces@${listHost}`],
    ['Sender', `"${list}" <${list}-bounces@${listHost}>`],
    ['Content-Type', 'text/plain; charset="us-ascii"'],
    ...eop(1),
  ];
}

/** Mail to a Google-Groups-backed address (a customer's sales@ or partners@). */
export function googleGroup(domain: string, group: string): Header[] {
  return [
    received('mail-sor-f69.google.com'),
    authResults(domain),
    ['Return-Path', `<${group}+bncBDZ3QYKX7EOBBZ6@${domain}>`],
    ['X-Original-Sender', `someone@${domain}`],
    ['X-Original-Authentication-Results', `mx.google.com; dkim=pass header.i=@${domain}`],
    ['Precedence', 'list'],
    ['Mailing-list', `list ${group}@${domain}; contact ${group}+owners@${domain}`],
    ['List-ID', `<${group}.${domain}>`],
    ['X-Spam-Checked-In-Group', `${group}@${domain}`],
    ['X-Google-Group-Id', '684092712345'],
    ['List-Post', `<https://groups.google.com/a/${domain}/group/${group}/post>, <mailto:${group}@${domain}>`],
    ['List-Help', `<https://support.google.com/a/${domain}/bin/topic.py?topic=25838>, <mailto:${group}+help@${domain}>`],
    ['List-Archive', `<https://groups.google.com/a/${domain}/group/${group}/>`],
    ['List-Unsubscribe', `<mailto:googlegroups-manage+684092712345+unsubscribe@googlegroups.com>, <https://groups.google.com/a/${domain}/group/${group}/subscribe>`],
    ['Content-Type', 'multipart/alternative; boundary="0000000000009f3c1d062f1f"'],
    ...eop(1),
  ];
}

export function announceList(listHost: string, list: string): Header[] {
  return [
    received(listHost),
    authResults(listHost),
    ['Return-Path', `<${list}-bounces@${listHost}>`],
    ['X-Mailman-Version', '3.3.9'],
    ['Precedence', 'list'],
    ['List-Id', `${list} announcements <${list}.${listHost}>`],
    ['List-Post', 'NO'],
    ['List-Unsubscribe', `<mailto:${list}-leave@${listHost}>`],
    ['List-Archive', `<https://${listHost}/archives/list/${list}@${listHost}/>`],
    ['Content-Type', 'text/plain; charset="utf-8"'],
    ...eop(3),
  ];
}

// Auto-replies, reports and calendar.

export function exchangeOof(domain: string): Header[] {
  return [
    received('EUR03-AM7-obe.outbound.protection.outlook.com'),
    authResults(domain),
    ['Return-Path', '<>'],
    ['Thread-Topic', 'Automatic reply'],
    ['X-MS-Exchange-Inbox-Rules-Loop', `someone@${domain}`],
    ['Auto-Submitted', 'auto-generated'],
    ['X-Auto-Response-Suppress', 'All'],
    ['X-MS-Exchange-Transport-CrossTenantHeadersStamped', 'AS8PR02MB9999'],
    ['Content-Type', 'text/plain; charset="us-ascii"'],
    ...eop(0),
  ];
}

export function gmailVacation(domain: string): Header[] {
  return [
    received('mail-sor-f41.google.com'),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    dkim(domain, '20230601'),
    ['Auto-Submitted', 'auto-replied'],
    ['X-Autoreply', 'yes'],
    ['Precedence', 'bulk'],
    ['Content-Type', 'multipart/alternative; boundary="000000000000b7e0"'],
    ...eop(0),
  ];
}

/** Apple/iCloud "Auto reply:" carries no Auto-Submitted header (sisimai rfc3834-03). */
export function icloudAutoReply(domain: string): Header[] {
  return [
    received('mr85p00im-zteg06021601.me.com'),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    ['Content-Type', 'text/plain; charset=us-ascii'],
    ...eop(0),
  ];
}

export function sieveVacation(domain: string): Header[] {
  return [
    received(`mx.${domain}`),
    authResults(domain),
    ['Return-Path', '<>'],
    ['Auto-Submitted', 'auto-replied (vacation)'],
    ['Precedence', 'bulk'],
    ['Content-Type', 'text/plain; charset=utf-8'],
    ...eop(0),
  ];
}

export function dsn(reportingHost: string): Header[] {
  return [
    received(reportingHost),
    ['Return-Path', '<>'],
    ['Auto-Submitted', 'auto-replied'],
    ['Content-Type', `multipart/report; report-type=delivery-status; boundary="3A1B2C3D4E.1741597964/${reportingHost}"`],
    ...eop(0),
  ];
}

/** A qmail/old Exchange style bounce: no multipart/report. */
export function legacyBounce(reportingHost: string): Header[] {
  return [
    received(reportingHost),
    ['Return-Path', '<>'],
    ['X-Failed-Recipients', 'someone@example.invalid'],
    ['Content-Type', 'text/plain; charset=us-ascii'],
    ...eop(0),
  ];
}

export function readReceipt(domain: string): Header[] {
  return [
    received('EUR01-VE1-obe.outbound.protection.outlook.com'),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    ['Content-Type', 'multipart/report; report-type=disposition-notification; boundary="----=_NextPart_MDN"'],
    ['X-MS-Exchange-Organization-Network-Message-Id', '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e'],
    ...eop(0),
  ];
}

export function outlookInvite(domain: string): Header[] {
  return [
    received('EUR02-DB5-obe.outbound.protection.outlook.com'),
    authResults(domain),
    ['Return-Path', `<someone@${domain}>`],
    ['Content-Class', 'urn:content-classes:calendarmessage'],
    ['X-MS-Has-Attach', ''],
    ['X-MS-TNEF-Correlator', ''],
    ['X-Auto-Response-Suppress', 'DR, RN, NRN, OOF, AutoReply'],
    ['Content-Type', 'multipart/alternative; boundary="_000_PAXPR02MB7711"'],
    ...eop(0),
  ];
}

export function googleInvite(domain: string): Header[] {
  return [
    received('mail-sor-f73.google.com'),
    authResults(domain),
    ['Return-Path', `<3h8jOZwkOBZk@calendar-server.bounces.google.com>`],
    dkim('google.com', '20230601'),
    ['Sender', 'Google Calendar <calendar-notification@google.com>'],
    ['Content-Type', 'multipart/mixed; boundary="000000000000c4d3f7062f1f"'],
    ...eop(0),
  ];
}

// Bodies.

export function newsletterHtml(title: string, paragraphs: string[], footer: string): string {
  return `<!DOCTYPE html><html><head><style>.preheader{display:none!important}</style></head><body><span class="preheader" style="display:none;max-height:0">${title}</span><table width="600" align="center"><tr><td><a href="https://click.example/ls/click?upn=abc"><img src="https://cdn.example/logo.png" alt="logo" width="180"></a></td></tr><tr><td><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}<p><a href="https://click.example/ls/click?upn=cta">Read more</a></p></td></tr><tr><td style="font-size:11px;color:#888">${footer}<br><a href="https://click.example/unsub">Unsubscribe</a> | <a href="https://click.example/prefs">Manage preferences</a> | <a href="https://click.example/view">View in browser</a></td></tr></table><img src="https://open.example/o/abc.gif" width="1" height="1" alt=""></body></html>`;
}

export function personHtml(lines: string[], signature: string): string {
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div dir="ltr">${lines.map((l) => `<div>${l}</div>`).join('<div><br></div>')}<div><br></div><div>${signature.replace(/\n/g, '<br>')}</div></div></body></html>`;
}

/** Adds a Bcc recipient (Graph returns bccRecipients on the sender's copy). */
export function withBcc(message: CorpusMessage, bcc: string): CorpusMessage {
  return { ...message, message: { ...message.message, bccRecipients: [recipient(bcc)] } };
}
