/**
 * Turns "A writes to B and C" into the Graph message copies Exchange would hold: the sender's
 * Sent Items copy (no internetMessageHeaders, as in Exchange) and one received copy per
 * recipient mailbox, all sharing one internetMessageId and conversationId. Each copy is labelled
 * with the verdict the scenario intends, which is what the sandbox's ground truth reports.
 */
import type { AutomatedMail } from './automated-senders.js';
import { outlookHtml, quotedPart } from './html-bodies.js';
import type { IdFactory } from './ids.js';
import { graphDateTime, receivedHeaders, type Person } from './mail-content.js';
import type { Rng } from './prng.js';
import type { Expectation, SeedMessage } from './tenant-seed.js';

export type SentMail = {
  internetMessageId: string;
  conversationId: string;
  subject: string;
  from: Person;
  sentAt: Date;
  paragraphs: string[];
  references: string[];
  to: Person[];
  /** The HTML body (rendered on each call when bodies are lazy). */
  html: () => string;
};

export type SendSpec = {
  from: Person;
  to: Person[];
  cc?: Person[];
  subject: string;
  paragraphs: string[];
  sentAt: Date;
  replyTo?: SentMail;
  expect: Expectation;
  /** Folder per mailbox address when not the default (sentitems for the sender, inbox otherwise). */
  folders?: Record<string, string>;
};

const EXCLUDED_FOLDERS = new Set(['deleteditems', 'junkemail', 'outbox']);

const recipient = (p: Person) => ({ emailAddress: { name: p.name, address: p.address } });

export type MailWriterOptions = {
  /**
   * Bodies as getters rendered on each read instead of stored strings: the benchmark tenant holds
   * thousands of messages per materialised mailbox and must not hold their HTML too.
   */
  lazyBodies?: boolean;
  /** Job titles by address, for signatures. */
  titles?: ReadonlyMap<string, string>;
};

/** Sets `message.body` to an HTML body, stored or rendered on read. */
function setBody(message: Record<string, unknown>, html: () => string, lazy: boolean): void {
  if (lazy) Object.defineProperty(message, 'body', { enumerable: true, configurable: true, get: () => ({ contentType: 'html', content: html() }) });
  else message['body'] = { contentType: 'html', content: html() };
}

export class MailWriter {
  readonly messages: SeedMessage[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly ids: IdFactory,
    private readonly orgDomains: readonly string[],
    private readonly mailboxes: ReadonlySet<string>,
    private readonly options: MailWriterOptions = {},
  ) {}

  private memo(render: () => string): () => string {
    if (this.options.lazyBodies) return render;
    const html = render();
    return () => html;
  }

  send(spec: SendSpec): SentMail {
    const cc = spec.cc ?? [];
    const parent = spec.replyTo;
    const subject = parent ? `RE: ${parent.subject.replace(/^RE: /, '')}` : spec.subject;
    const mail: SentMail = {
      internetMessageId: this.messageId(spec.from.address),
      conversationId: parent?.conversationId ?? this.ids.conversationId(),
      subject,
      from: spec.from,
      sentAt: spec.sentAt,
      paragraphs: spec.paragraphs,
      references: parent ? [...parent.references, parent.internetMessageId] : [],
      to: spec.to,
      html: () => '',
    };
    const title = this.options.titles?.get(spec.from.address.toLowerCase());
    mail.html = this.memo(() =>
      outlookHtml({
        from: spec.from,
        to: spec.to,
        paragraphs: spec.paragraphs,
        ...(title ? { title } : {}),
        ...(parent ? { quoted: { from: parent.from, to: parent.to, sentAt: parent.sentAt, subject: parent.subject, paragraphs: parent.paragraphs, quotedHtml: quotedPart(parent.html()) } } : {}),
      }),
    );
    const base = {
      subject,
      from: recipient(spec.from),
      sender: recipient(spec.from),
      toRecipients: spec.to.map(recipient),
      ccRecipients: cc.map(recipient),
      bccRecipients: [],
      replyTo: [],
      sentDateTime: graphDateTime(spec.sentAt),
      internetMessageId: mail.internetMessageId,
      conversationId: mail.conversationId,
      isDraft: false,
      hasAttachments: false,
      importance: 'normal',
      inferenceClassification: 'focused',
      categories: [],
      flag: { flagStatus: 'notFlagged' },
    };
    const sender = spec.from.address.toLowerCase();
    if (this.mailboxes.has(sender)) {
      const folder = spec.folders?.[sender] ?? 'sentitems';
      this.place(sender, folder, { ...base, receivedDateTime: graphDateTime(spec.sentAt), isRead: true }, spec.expect, mail.html);
    }
    const internal = this.isOrg(sender);
    const seen = new Set([sender]);
    for (const person of [...spec.to, ...cc]) {
      const address = person.address.toLowerCase();
      if (seen.has(address) || !this.mailboxes.has(address)) continue;
      seen.add(address);
      const receivedAt = new Date(spec.sentAt.getTime() + this.rng.int(2, 60) * 1000);
      const headers = receivedHeaders({
        from: spec.from,
        to: spec.to,
        cc,
        subject,
        internetMessageId: mail.internetMessageId,
        sentAt: spec.sentAt,
        receivedAt,
        internal,
        references: mail.references,
      });
      const message = {
        ...base,
        receivedDateTime: graphDateTime(receivedAt),
        isRead: this.rng.chance(0.7),
        internetMessageHeaders: headers,
      };
      this.place(address, spec.folders?.[address] ?? 'inbox', message, spec.expect, mail.html);
    }
    return mail;
  }

  /** Machine-sent mail (automated-senders.ts) delivered to one mailbox user. */
  deliverAutomated(mail: AutomatedMail, to: Person, sentAt: Date, expect: Expectation, folder = 'inbox'): void {
    const receivedAt = new Date(sentAt.getTime() + this.rng.int(2, 300) * 1000);
    const headers = receivedHeaders({
      from: mail.from,
      to: [to],
      cc: [],
      subject: mail.subject,
      internetMessageId: mail.internetMessageId,
      sentAt,
      receivedAt,
      internal: false,
      references: [],
      returnPath: mail.returnPath,
      extra: mail.headers,
    });
    const message = {
      subject: mail.subject,
      from: recipient(mail.from),
      sender: recipient(mail.from),
      toRecipients: [recipient(to)],
      ccRecipients: [],
      bccRecipients: [],
      replyTo: [],
      sentDateTime: graphDateTime(sentAt),
      receivedDateTime: graphDateTime(receivedAt),
      internetMessageId: mail.internetMessageId,
      conversationId: this.ids.conversationId(),
      isDraft: false,
      isRead: this.rng.chance(0.4),
      hasAttachments: false,
      importance: 'normal',
      inferenceClassification: 'other',
      categories: [],
      flag: { flagStatus: 'notFlagged' },
      internetMessageHeaders: headers,
    };
    this.place(to.address.toLowerCase(), folder, message, expect, this.memo(mail.html));
  }

  /** An unsent draft in the author's Drafts folder (no sender yet, as Outlook leaves it). */
  draft(spec: { author: Person; to: Person[]; subject: string; paragraphs: string[]; createdAt: Date }): void {
    const at = graphDateTime(spec.createdAt);
    this.place(
      spec.author.address.toLowerCase(),
      'drafts',
      {
        subject: spec.subject,
        toRecipients: spec.to.map(recipient),
        ccRecipients: [],
        bccRecipients: [],
        replyTo: [],
        receivedDateTime: at,
        sentDateTime: at,
        internetMessageId: this.messageId(spec.author.address),
        conversationId: this.ids.conversationId(),
        isDraft: true,
        isRead: true,
        hasAttachments: false,
        importance: 'normal',
        inferenceClassification: 'focused',
        categories: [],
        flag: { flagStatus: 'notFlagged' },
      },
      { verdict: 'skip', reason: 'draft' },
      this.memo(() => outlookHtml({ from: spec.author, to: spec.to, paragraphs: spec.paragraphs })),
    );
  }

  private place(mailbox: string, folder: string, message: Record<string, unknown>, expect: Expectation, html: () => string): void {
    const label: Expectation = EXCLUDED_FOLDERS.has(folder) ? { verdict: 'skip', reason: 'excluded-folder' } : expect;
    setBody(message, html, this.options.lazyBodies ?? false);
    this.messages.push({ mailbox, folder, message, expect: label });
  }

  private isOrg(address: string): boolean {
    const domain = address.split('@')[1] ?? '';
    return this.orgDomains.includes(domain);
  }

  private messageId(fromAddress: string): string {
    const domain = (fromAddress.split('@')[1] ?? 'unknown.example').toLowerCase();
    if (this.isOrg(fromAddress.toLowerCase())) {
      const host = `AM6PR04MB${this.rng.int(1000, 9999)}`;
      return `<${host}${this.rng.bytes(8).toString('hex').toUpperCase()}@${host}.eurprd04.prod.outlook.com>`;
    }
    if (domain === 'gmail.com') return `<CA${this.rng.bytes(18).toString('base64url')}@mail.gmail.com>`;
    return `<${this.rng.bytes(10).toString('hex')}.${this.rng.int(100000, 999999)}@mail.${domain}>`;
  }
}
