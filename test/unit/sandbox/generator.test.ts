import { describe, expect, it } from 'vitest';
import { DEMO_BLOCKED_DOMAIN, generateDemoTenant } from '@correspondent/m365-sandbox/generator.js';
import { REASON_CODES } from '../../../src-shared/domain.js';

const now = new Date('2025-03-01T12:00:00Z');
type Recipient = { emailAddress: { address: string } };
type Header = { name: string; value: string };

const participants = (m: Record<string, unknown>): string[] =>
  [m['from'] as Recipient | undefined, ...((m['toRecipients'] as Recipient[]) ?? []), ...((m['ccRecipients'] as Recipient[]) ?? [])]
    .filter((r): r is Recipient => !!r)
    .map((r) => r.emailAddress.address);

describe('demo tenant generator', () => {
  it('is deterministic: same seed and time, same tenant; another seed, another tenant', () => {
    const a = generateDemoTenant({ seed: 5, now });
    expect(generateDemoTenant({ seed: 5, now })).toEqual(a);
    const b = generateDemoTenant({ seed: 6, now });
    expect(b.users.map((u) => u.graphId)).not.toEqual(a.users.map((u) => u.graphId));
  });

  it.each([1, 2, 3, 99])('builds the demo scale for seed %i', (seed) => {
    const tenant = generateDemoTenant({ seed, now });
    expect(tenant.orgDomains).toHaveLength(2);
    expect(tenant.users.filter((u) => u.hasMailbox)).toHaveLength(4);
    expect(tenant.users.filter((u) => !u.hasMailbox)).toHaveLength(1);
    expect(tenant.messages.length).toBeGreaterThanOrEqual(60);
    expect(tenant.messages.length).toBeLessThanOrEqual(120);

    const userIds = new Set(tenant.crm.users.map((u) => u.id));
    expect(tenant.crm.opportunities.every((o) => userIds.has(o.ownerUserId))).toBe(true);
    expect(tenant.crm.opportunities.some((o) => o.isClosed)).toBe(true);
    expect(tenant.crm.opportunities.some((o) => !o.isClosed)).toBe(true);
    expect(tenant.crm.accounts.flatMap((a) => a.domains)).not.toContain('gmail.com');

    for (const { message } of tenant.messages) {
      expect(message['internetMessageId']).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
      expect(message['body']).toEqual({ contentType: 'html', content: expect.stringContaining('<html>') });
      const received = Date.parse(String(message['receivedDateTime']));
      expect(received).toBeLessThanOrEqual(now.getTime());
      expect(received).toBeGreaterThan(now.getTime() - 31 * 24 * 3600_000);
    }
  });

  it('labels a mix that covers every import reason and the skip reasons of this increment', () => {
    const tenant = generateDemoTenant({ seed: 1, now });
    const reasons = new Set(tenant.messages.map((m) => m.expect?.reason));
    for (const reason of ['draft', 'excluded-folder', 'internal-only', 'no-crm-match', 'blocked-domain', 'crm-contact', 'crm-lead', 'crm-account-domain'] as const) {
      expect(REASON_CODES).toContain(reason);
      expect(reasons).toContain(reason);
    }
    const folders = new Set(tenant.messages.map((m) => m.folder));
    for (const folder of ['inbox', 'sentitems', 'drafts', 'deleteditems', 'junkemail', 'archive']) expect(folders).toContain(folder);
    expect(reasons).not.toContain('automated');
    expect(tenant.folders).toEqual([expect.objectContaining({ parent: 'inbox' })]);
    expect(folders).toContain(tenant.folders[0]!.displayName);
  });

  it('labels by who takes part: CRM contacts, leads, account domains, free mail, internal', () => {
    const tenant = generateDemoTenant({ seed: 1, now });
    const contacts = new Set(tenant.crm.contacts.map((c) => c.email));
    const leads = new Set(tenant.crm.leads.map((l) => l.email));
    const accountDomains = new Set(tenant.crm.accounts.flatMap((a) => a.domains));
    const external = (m: Record<string, unknown>) => participants(m).filter((p) => !tenant.orgDomains.includes(p.split('@')[1]!));
    for (const { message, expect: label, folder } of tenant.messages) {
      const outside = external(message);
      if (label?.reason === 'crm-contact') expect(outside.some((p) => contacts.has(p))).toBe(true);
      if (label?.reason === 'crm-lead') expect(outside.some((p) => leads.has(p))).toBe(true);
      if (label?.reason === 'crm-account-domain') {
        expect(outside.some((p) => accountDomains.has(p.split('@')[1]!) && !contacts.has(p))).toBe(true);
      }
      if (label?.reason === 'internal-only') expect(outside).toEqual([]);
      if (label?.reason === 'no-crm-match') expect(outside.some((p) => contacts.has(p) || leads.has(p) || accountDomains.has(p.split('@')[1]!))).toBe(false);
      if (label?.reason === 'draft') expect([folder, message['isDraft']]).toEqual(['drafts', true]);
    }
    const gmailContact = tenant.crm.contacts.find((c) => c.email.endsWith('@gmail.com'))!;
    expect(tenant.messages.some((m) => participants(m.message).includes(gmailContact.email) && m.expect?.reason === 'crm-contact')).toBe(true);
    expect(tenant.messages.some((m) => m.expect?.reason === 'no-crm-match' && participants(m.message).some((p) => p.endsWith('@gmail.com')))).toBe(true);
  });

  it('puts one message in two mailboxes under one internetMessageId, and threads replies', () => {
    const tenant = generateDemoTenant({ seed: 1, now });
    const mailboxesById = new Map<string, Set<string>>();
    for (const m of tenant.messages) {
      const id = String(m.message['internetMessageId']);
      mailboxesById.set(id, (mailboxesById.get(id) ?? new Set()).add(m.mailbox));
    }
    expect([...mailboxesById.values()].some((s) => s.size >= 2)).toBe(true);

    const byId = new Map(tenant.messages.map((m) => [String(m.message['internetMessageId']), m]));
    const replies = tenant.messages.filter((m) => (m.message['internetMessageHeaders'] as Header[] | undefined)?.some((h) => h.name === 'In-Reply-To'));
    expect(replies.length).toBeGreaterThan(5);
    for (const reply of replies) {
      const headers = reply.message['internetMessageHeaders'] as Header[];
      const parentId = headers.find((h) => h.name === 'In-Reply-To')!.value;
      expect(headers.find((h) => h.name === 'References')!.value.split(' ')).toContain(parentId);
      const parent = byId.get(parentId);
      expect(parent?.message['conversationId']).toBe(reply.message['conversationId']);
    }
    for (const sent of tenant.messages.filter((m) => m.folder === 'sentitems')) expect(sent.message).not.toHaveProperty('internetMessageHeaders');
  });

  it('labels mail with a participant in the blocked domain it suggests as blocked-domain, CRM contacts or not', () => {
    const tenant = generateDemoTenant({ seed: 1, now });
    expect(tenant.suggestedSettings).toEqual({ blockedDomains: [DEMO_BLOCKED_DOMAIN] });
    const blocked = tenant.messages.filter((m) => m.expect?.reason === 'blocked-domain');
    expect(blocked.length).toBeGreaterThanOrEqual(4);
    for (const m of blocked) expect(participants(m.message).some((p) => p.endsWith(`@${DEMO_BLOCKED_DOMAIN}`))).toBe(true);
    for (const m of tenant.messages.filter((x) => x.expect?.reason !== 'blocked-domain' && x.expect?.reason !== 'excluded-folder')) {
      expect(participants(m.message).some((p) => p.endsWith(`@${DEMO_BLOCKED_DOMAIN}`))).toBe(false);
    }
    const contacts = new Set(tenant.crm.contacts.map((c) => c.email));
    expect(blocked.some((m) => participants(m.message).some((p) => contacts.has(p)))).toBe(true);
  });

  it('writes Outlook-like HTML bodies of a few KB whose replies quote the history', () => {
    const tenant = generateDemoTenant({ seed: 1, now });
    const sizes = tenant.messages.map((m) => ((m.message['body'] as { content: string }).content).length);
    expect(Math.min(...sizes)).toBeGreaterThan(1500);
    const reply = tenant.messages.find((m) => String(m.message['subject']).startsWith('RE:') && m.folder === 'inbox')!;
    const content = (reply.message['body'] as { content: string }).content;
    expect(content).toMatch(/<style[^>]*>/);
    expect(content).toContain('id="divRplyFwdMsg"');
  });

  it('adds automated mail from customer domains with ESP header sets only when asked (includeAutomated)', () => {
    const tenant = generateDemoTenant({ seed: 1, now, includeAutomated: true });
    const automated = tenant.messages.filter((m) => m.expect?.reason === 'automated');
    expect(automated.length).toBeGreaterThanOrEqual(5);
    const accountDomains = new Set(tenant.crm.accounts.flatMap((a) => a.domains));
    const headerNames = new Set<string>();
    for (const m of automated) {
      const from = (m.message['from'] as Recipient).emailAddress.address;
      expect(accountDomains.has(from.split('@')[1]!)).toBe(true);
      for (const h of m.message['internetMessageHeaders'] as Header[]) headerNames.add(h.name.toLowerCase());
    }
    for (const name of ['list-unsubscribe', 'list-unsubscribe-post', 'list-id', 'precedence', 'auto-submitted', 'x-auto-response-suppress', 'x-delivery', 'x-sfmc-stack', 'x-hs-cid', 'x-sg-eid', 'feedback-id']) {
      expect(headerNames).toContain(name);
    }
    const newsletter = automated.find((m) => (m.message['internetMessageHeaders'] as Header[]).some((h) => h.name === 'X-MC-User'))!;
    const html = (newsletter.message['body'] as { content: string }).content;
    expect(html.length).toBeGreaterThan(15_000);
    expect(html.length).toBeLessThan(110_000);
    expect(html).toMatch(/<img src="https:\/\/[^"]+" height="1" width="1"/);
    expect(html).toContain('<table');
    expect(tenant.folders.map((f) => f.displayName)).toContain('Newsletters');
    expect(tenant.messages.some((m) => m.folder === 'Newsletters' && m.expect?.reason === 'automated')).toBe(true);
  });
});
