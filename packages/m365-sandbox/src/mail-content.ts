/**
 * Words and wire formats for generated mail: topic pools and the RFC 5322
 * headers Exchange exposes as internetMessageHeaders. Kept apart from the scenario logic so the
 * generator reads as "who writes to whom" and realism can grow here without touching it.
 */
export type Person = { name: string; address: string };

/** DateTimeOffset as Graph writes it: UTC, whole seconds, `Z`. */
export function graphDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type Topic = { subject: string; opening: string[]; replies: string[] };

export const CUSTOMER_TOPICS: readonly Topic[] = [
  {
    subject: 'Renewal quote for {account}',
    opening: ['Could you send us the renewal quote for next year?', 'We would like to keep the same number of seats.'],
    replies: ['Please find the quote below; the price holds until the end of the month.', 'Thanks, we will review it with procurement.'],
  },
  {
    subject: 'Onboarding schedule',
    opening: ['Here is the proposed onboarding plan for the team.', 'Does Tuesday 10:00 work for the kick-off?'],
    replies: ['Tuesday works for us. I will invite our admins.', 'Great, the invitation is on its way.'],
  },
  {
    subject: 'Question about invoice {number}',
    opening: ['Our finance team has a question about the last invoice.', 'The line for support hours looks doubled.'],
    replies: ['You are right, a corrected invoice will follow today.', 'Thank you for the quick fix.'],
  },
  {
    subject: 'Pilot results and next steps',
    opening: ['The pilot ran for three weeks with twelve users.', 'Feedback was positive; we would like to discuss a rollout.'],
    replies: ['Excellent news. Shall we meet next week to plan the rollout?', 'Thursday afternoon would suit us best.'],
  },
  {
    subject: 'Contract redlines',
    opening: ['Legal has returned the redlined agreement.', 'The main open point is the liability cap in section 9.'],
    replies: ['We can accept the revised cap; updated draft attached to follow.', 'Received, we will sign by Friday.'],
  },
  {
    subject: 'Pricing for additional seats',
    opening: ['We are growing the support team by fifteen people.', 'What would additional seats cost mid-term?'],
    replies: ['Additional seats are pro-rated to your renewal date.', 'Understood, please go ahead with the order.'],
  },
  {
    subject: 'Support escalation: sign-in errors',
    opening: ['Several users see sign-in errors since this morning.', 'Could someone look into it urgently?'],
    replies: ['Our engineers are on it and will update you within the hour.', 'The issue is resolved on our side, thank you.'],
  },
];

export const LEAD_TOPICS: readonly Topic[] = [
  {
    subject: 'Request for a product demo',
    opening: ['We are evaluating tools for our customer team.', 'Could we schedule a demo in the coming weeks?'],
    replies: ['Happy to. I have proposed two slots in the calendar invite.', 'The first slot works, see you then.'],
  },
  {
    subject: 'Question about your licensing',
    opening: ['Is licensing per named user or per concurrent user?'],
    replies: ['Licensing is per named user, billed annually.'],
  },
];

export const INTERNAL_TOPICS: readonly Topic[] = [
  { subject: 'Pipeline review prep', opening: ['Can you update your opportunities before Monday?'], replies: ['Done, all updated.'] },
  { subject: 'Team lunch on Friday', opening: ['Shall we book the usual place for twelve?'], replies: ['Count me in.'] },
  { subject: 'Sales kickoff agenda', opening: ['Draft agenda for the kickoff is below, comments welcome.'], replies: ['Looks good to me.'] },
  { subject: 'Expense reports due', opening: ['Reminder: expense reports are due by the 25th.'], replies: ['Thanks for the reminder.'] },
];

export const EXTERNAL_TOPICS: readonly Topic[] = [
  { subject: 'Partnership inquiry', opening: ['We help sales teams with lead enrichment and would love to talk.'], replies: ['Thanks, not at the moment.'] },
  { subject: 'Conference sponsorship 2025', opening: ['Our autumn conference still has two sponsor slots open.'], replies: ['We will pass this year.'] },
  { subject: 'Introduction', opening: ['A mutual contact suggested I reach out to you.'], replies: ['Nice to meet you, happy to chat briefly.'] },
];

export const JUNK_TOPICS: readonly Topic[] = [
  { subject: 'Congratulations, you have been selected', opening: ['Claim your reward before midnight.'], replies: [] },
  { subject: 'Limited offer: 90% off software licenses', opening: ['Act now, stock is limited.'], replies: [] },
];

export function fillSubject(template: string, values: { account?: string; number?: string }): string {
  return template.replace('{account}', values.account ?? 'your account').replace('{number}', values.number ?? '1001');
}

function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function addressList(people: Person[]): string {
  return people.map((p) => `${p.name} <${p.address}>`).join(', ');
}

/** internetMessageHeaders of a received copy, in the order an Exchange Online mailbox shows them. */
export function receivedHeaders(options: {
  from: Person;
  to: Person[];
  cc: Person[];
  subject: string;
  internetMessageId: string;
  sentAt: Date;
  receivedAt: Date;
  internal: boolean;
  references: string[];
  /** The envelope sender when not the From address (ESP bounce addresses). */
  returnPath?: string;
  /** Headers the sending system adds (List-*, Precedence, ESP fingerprints), before Thread-Topic. */
  extra?: { name: string; value: string }[];
}): { name: string; value: string }[] {
  const senderDomain = options.from.address.split('@')[1] ?? 'unknown.example';
  const headers = [
    {
      name: 'Received',
      value: options.internal
        ? `from AM6PR04MB5863.eurprd04.prod.outlook.com by AM6PR04MB5863.eurprd04.prod.outlook.com; ${rfc5322Date(options.receivedAt)}`
        : `from mail.${senderDomain} (203.0.113.25) by AM4PEPF00025F97.mail.protection.outlook.com; ${rfc5322Date(options.receivedAt)}`,
    },
    { name: 'Authentication-Results', value: `spf=pass smtp.mailfrom=${senderDomain}; dkim=pass header.d=${senderDomain}; dmarc=pass` },
    { name: 'Return-Path', value: options.returnPath ?? options.from.address },
    { name: 'Date', value: rfc5322Date(options.sentAt) },
    { name: 'From', value: addressList([options.from]) },
    { name: 'To', value: addressList(options.to) },
  ];
  if (options.cc.length > 0) headers.push({ name: 'Cc', value: addressList(options.cc) });
  headers.push({ name: 'Subject', value: options.subject }, { name: 'Message-ID', value: options.internetMessageId });
  const parent = options.references.at(-1);
  if (parent) {
    headers.push({ name: 'In-Reply-To', value: parent }, { name: 'References', value: options.references.join(' ') });
  }
  headers.push(...(options.extra ?? []));
  headers.push(
    { name: 'Thread-Topic', value: options.subject.replace(/^(RE|FW): /i, '') },
    { name: 'MIME-Version', value: '1.0' },
    { name: 'Content-Type', value: 'multipart/alternative; boundary="_000_sandbox_"' },
    { name: 'X-MS-Has-Attach', value: '' },
    { name: 'X-MS-Exchange-Organization-AuthAs', value: options.internal ? 'Internal' : 'Anonymous' },
  );
  return headers;
}
