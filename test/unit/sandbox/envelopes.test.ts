import { describe, expect, it } from 'vitest';
import { parseEnvelopesJsonl, tenantFromEnvelopes } from '@correspondent/m365-sandbox/envelopes.js';
import { createRng } from '@correspondent/m365-sandbox/prng.js';
import { SandboxInputError } from '@correspondent/m365-sandbox/sandbox-input-error.js';

const line = (mailbox: string, folder: string, id: string) =>
  JSON.stringify({ mailbox, folder, message: { id, subject: 'Hi', internetMessageId: `<${id}@x.example>`, extra: 'kept' } });

function thrown(fn: () => unknown): SandboxInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SandboxInputError) return error;
    throw error;
  }
  throw new Error('expected a SandboxInputError');
}

describe('parseEnvelopesJsonl', () => {
  it('parses one envelope per line, ignoring blank lines and normalising the mailbox', () => {
    const text = `${line('Megan@Contoso.example', 'inbox', 'm1')}\r\n\n${line('alex@contoso.example', 'Projects', 'm2')}\n`;
    const envelopes = parseEnvelopesJsonl(text);
    expect(envelopes.map((e) => [e.mailbox, e.folder, e.message.id])).toEqual([
      ['megan@contoso.example', 'inbox', 'm1'],
      ['alex@contoso.example', 'Projects', 'm2'],
    ]);
    expect(envelopes[0]!.message['extra']).toBe('kept');
  });

  it('names the line of invalid JSON', () => {
    const error = thrown(() => parseEnvelopesJsonl(`${line('a@b.example', 'inbox', 'm1')}\n{not json`));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('line 2');
  });

  it('names the line and field of an envelope that does not match the schema', () => {
    const bad = JSON.stringify({ mailbox: 'not-an-address', folder: 'inbox', message: { id: 'x' } });
    const missingId = JSON.stringify({ mailbox: 'a@b.example', folder: 'inbox', message: { subject: 's' } });
    const first = thrown(() => parseEnvelopesJsonl(`\n\n${bad}`));
    expect(first.code).toBe('invalid-input');
    expect(first.message).toContain('line 3');
    expect(first.issues?.[0]?.path).toBe('line 3.mailbox');
    const second = thrown(() => parseEnvelopesJsonl(missingId));
    expect(second.issues?.[0]?.path).toBe('line 1.message.id');
  });
});

describe('tenantFromEnvelopes', () => {
  it('makes each envelope mailbox a user with a mailbox, org domains from the mailboxes, and an empty CRM', () => {
    const envelopes = parseEnvelopesJsonl([line('megan.bowen@contoso.example', 'inbox', 'm1'), line('alex@fabrikam.example', 'sentitems', 'm2'), line('megan.bowen@contoso.example', 'archive', 'm3')].join('\n'));
    const tenant = tenantFromEnvelopes(envelopes, createRng(1), new Date('2025-03-01T00:00:00Z'));
    expect(tenant.users.map((u) => [u.address, u.displayName, u.hasMailbox])).toEqual([
      ['megan.bowen@contoso.example', 'Megan Bowen', true],
      ['alex@fabrikam.example', 'Alex', true],
    ]);
    expect(tenant.orgDomains).toEqual(['contoso.example', 'fabrikam.example']);
    expect(tenant.crm.accounts).toEqual([]);
    expect(tenant.crm.contacts).toEqual([]);
    expect(tenant.crm.users.map((u) => [u.email, u.optedIn])).toEqual([
      ['megan.bowen@contoso.example', true],
      ['alex@fabrikam.example', true],
    ]);
    expect(tenant.messages.map((m) => m.folder)).toEqual(['inbox', 'sentitems', 'archive']);
  });
});
