/**
 * Machine-sent mail from customer domains, with the header sets real ESPs add (docs
 * automated-mail.md sections 1-2): Mailchimp and HubSpot newsletters (List-Unsubscribe with
 * One-Click, List-Id, Precedence bulk, campaign headers), Salesforce Marketing Cloud receipts
 * (`X-Delivery: Transactional`) and SendGrid-relayed system notifications (Auto-Submitted,
 * X-Auto-Response-Suppress). The customer's domain must not exempt them: ground truth 'automated'.
 */
import { newsletterHtml, receiptHtml } from './html-bodies.js';
import type { Person } from './mail-content.js';
import type { Rng } from './prng.js';

export type Header = { name: string; value: string };

export type AutomatedKind = 'mailchimp-newsletter' | 'hubspot-newsletter' | 'sfmc-receipt' | 'sendgrid-notification';
export const AUTOMATED_KINDS: readonly AutomatedKind[] = ['mailchimp-newsletter', 'hubspot-newsletter', 'sfmc-receipt', 'sendgrid-notification'];

export type AutomatedMail = {
  from: Person;
  subject: string;
  internetMessageId: string;
  returnPath: string;
  headers: Header[];
  /** Rendered on demand: newsletters are tens of KB. */
  html: () => string;
};

const hex = (rng: Rng, bytes: number) => rng.bytes(bytes).toString('hex');

export function automatedMail(kind: AutomatedKind, rng: Rng, brand: { name: string; domain: string }, recipient: Person, sentAt: Date): AutomatedMail {
  const { name, domain } = brand;
  switch (kind) {
    case 'mailchimp-newsletter': {
      const user = hex(rng, 12);
      const list = hex(rng, 5);
      const kilobytes = rng.int(20, 100);
      return {
        from: { name: `${name} News`, address: `news@${domain}` },
        subject: `${name} monthly: what is new in ${sentAt.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })}`,
        internetMessageId: `<${hex(rng, 10)}.${rng.int(100000, 999999)}@mail${rng.int(10, 99)}.atl11.mcdlv.net>`,
        returnPath: `bounce-mc.us3_${rng.int(1000000, 9999999)}.${rng.int(100000, 999999)}-${recipient.address.replace('@', '=')}@mail${rng.int(10, 99)}.atl11.mcdlv.net`,
        headers: [
          { name: 'List-Unsubscribe', value: `<https://${domain.split('.')[0]}.us3.list-manage.com/unsubscribe?u=${user}&id=${list}>, <mailto:unsubscribe-mc.us3_${user}@unsubscribe.mailchimpapp.net>` },
          { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
          { name: 'List-ID', value: `${name} <${user}mc${list}.list-id.mcsv.net>` },
          { name: 'Precedence', value: 'bulk' },
          { name: 'X-Mailer', value: `Mailchimp Mailer - **CID${hex(rng, 10)}**` },
          { name: 'X-Campaign', value: `mailchimp${user}.${hex(rng, 5)}` },
          { name: 'X-campaignid', value: `mailchimp${user}.${hex(rng, 5)}` },
          { name: 'X-Report-Abuse', value: `Please report abuse for this campaign here: https://mailchimp.com/contact/abuse/?u=${user}` },
          { name: 'X-MC-User', value: user },
          { name: 'Feedback-ID', value: `${rng.int(10000000, 99999999)}:${rng.int(10000000, 99999999)}.${rng.int(100, 999)}:us3:mc` },
        ],
        html: () => newsletterHtml({ brand: name, trackHost: `${domain.split('.')[0]}.us3.list-manage.com`, kilobytes, recipient: recipient.address, postalAddress: `${name}, 1 Market Street, Springfield` }),
      };
    }
    case 'hubspot-newsletter': {
      const kilobytes = rng.int(10, 60);
      return {
        from: { name: `${name} Events`, address: `events@${domain}` },
        subject: `Join the ${name} customer webinar`,
        internetMessageId: `<${sentAt.getTime()}.${rng.guid()}@bf01.hubspotemail.net>`,
        returnPath: `1axbtb${hex(rng, 6)}@bf01.hubspotstarter.net`,
        headers: [
          { name: 'List-Unsubscribe', value: `<mailto:1axbtb${hex(rng, 6)}@bf01.hubspotstarter.net?subject=unsubscribe>` },
          { name: 'Precedence', value: 'bulk' },
          { name: 'X-HS-Cid', value: `1axbtb${hex(rng, 8)}` },
        ],
        html: () => newsletterHtml({ brand: name, trackHost: `t.hubspotemail.net/e2t/${domain.split('.')[0]}`, kilobytes, recipient: recipient.address, postalAddress: `${name}, 20 Harbour Road, Portsmouth` }),
      };
    }
    case 'sfmc-receipt': {
      const number = `INV-${rng.int(100000, 999999)}`;
      const lines = Array.from({ length: rng.int(2, 8) }, (_, i) => ({ item: `Service line ${i + 1}`, amount: rng.int(10, 2000) + rng.int(0, 99) / 100 }));
      return {
        from: { name: `${name} Billing`, address: `billing@${domain}` },
        subject: `Your ${name} invoice ${number}`,
        internetMessageId: `<${rng.guid()}@ind1s06mta${rng.int(100, 999)}.xt.local>`,
        returnPath: `bounce-${rng.int(1000, 9999)}_HTML-${rng.int(100000000, 999999999)}-${rng.int(100000, 999999)}-${rng.int(1000000, 9999999)}-${rng.int(1, 99)}@bounce.${domain}`,
        headers: [
          { name: 'X-SFMC-Stack', value: String(rng.int(1, 11)) },
          { name: 'x-job', value: `${rng.int(1000000, 9999999)}_${rng.int(1000000, 9999999)}` },
          { name: 'X-Delivery', value: 'Transactional' },
          { name: 'x-CSA-Compliance-Source', value: 'SFMC' },
          { name: 'Feedback-ID', value: `${rng.int(1000000, 9999999)}:${rng.int(100000000, 999999999)}:${rng.int(10, 99)}.${rng.int(1, 255)}.${rng.int(1, 255)}.${rng.int(1, 255)}:sfmktgcld` },
        ],
        html: () => receiptHtml({ brand: name, trackHost: `click.${domain}`, number, lines }),
      };
    }
    case 'sendgrid-notification': {
      const ticket = rng.int(10000, 99999);
      const number = String(ticket);
      return {
        from: { name: `${name} Service Portal`, address: `noreply@${domain}` },
        subject: `[${name}] Ticket ${ticket} status changed to Pending`,
        internetMessageId: `<${hex(rng, 11)}@geopod-ismtpd-${rng.int(1, 40)}>`,
        returnPath: `bounces+${rng.int(1000000, 9999999)}-${hex(rng, 2)}-${recipient.address.replace('@', '=')}@em${rng.int(100, 9999)}.${domain}`,
        headers: [
          { name: 'Auto-Submitted', value: 'auto-generated' },
          { name: 'X-Auto-Response-Suppress', value: 'All' },
          { name: 'X-SG-EID', value: rng.bytes(48).toString('base64') },
          { name: 'X-Entity-ID', value: rng.bytes(16).toString('base64') },
        ],
        html: () => receiptHtml({ brand: name, trackHost: `u${rng.int(1000, 9999)}.ct.sendgrid.net`, number, lines: [{ item: `Ticket ${ticket}: awaiting your reply`, amount: 0 }] }),
      };
    }
  }
}
