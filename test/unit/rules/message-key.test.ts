import { describe, expect, it } from 'vitest';
import { fingerprintOf, messageKeyOf, normaliseMessageId, type MessageKeyInput } from '../../../src-main/rules/pipeline.js';

const email: MessageKeyInput = {
  internetMessageId: null,
  from: { address: 'alice@customer.example', name: 'Alice' },
  to: [{ address: 'me@ourco.example', name: 'Me' }],
  cc: [{ address: 'bob@lead.example', name: 'Bob' }],
  subject: 'Quote',
  sentAt: '2025-02-10T08:13:58.000Z',
  bodyText: 'Hello,\nplease send the quote.',
};

describe('normaliseMessageId', () => {
  it('trims, strips the angle brackets and lower-cases', () => {
    expect(normaliseMessageId('  <CAF8xQ9v+W2@Mail.Example>  ')).toBe('caf8xq9v+w2@mail.example');
    expect(normaliseMessageId('abc@EXAMPLE')).toBe('abc@example');
  });

  it('has no key for empty, bracket-only or absurdly long ids', () => {
    for (const raw of [null, undefined, '', '   ', '<>', '< >', `<${'a'.repeat(2000)}@x>`]) {
      expect(normaliseMessageId(raw)).toBeNull();
    }
  });
});

describe('messageKeyOf', () => {
  it('uses the normalised Message-ID when there is one', () => {
    expect(messageKeyOf({ ...email, internetMessageId: '<ID@Host>' })).toBe('id@host');
    expect(messageKeyOf({ ...email, internetMessageId: '<ID@Host>', subject: 'other' })).toBe('id@host');
  });

  it('falls back to fp: and the content fingerprint', () => {
    expect(messageKeyOf(email)).toBe(`fp:${fingerprintOf(email)}`);
    expect(messageKeyOf({ ...email, internetMessageId: ' <> ' })).toBe(`fp:${fingerprintOf(email)}`);
  });
});

describe('fingerprintOf', () => {
  it('is a stable SHA-256 hex digest', () => {
    const fp = fingerprintOf(email);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(structuredClone(email))).toBe(fp);
  });

  it('ignores what differs between mailboxes that saw the same message', () => {
    const fp = fingerprintOf(email);
    expect(fingerprintOf({ ...email, to: email.cc, cc: email.to })).toBe(fp);
    expect(fingerprintOf({ ...email, from: { ...email.from, name: 'A. Smith' } })).toBe(fp);
    expect(fingerprintOf({ ...email, bodyText: 'Hello,\r\n  please send   the quote.\r\n' })).toBe(fp);
    expect(fingerprintOf({ ...email, subject: '  Quote ' })).toBe(fp);
  });

  it('differs when content differs', () => {
    const fp = fingerprintOf(email);
    const changed: MessageKeyInput[] = [
      { ...email, from: { address: 'eve@customer.example', name: 'Alice' } },
      { ...email, to: [] },
      { ...email, subject: 'Quote 2' },
      { ...email, sentAt: '2025-02-10T08:13:59.000Z' },
      { ...email, bodyText: 'Hello, please send the invoice.' },
    ];
    for (const other of changed) expect(fingerprintOf(other)).not.toBe(fp);
  });

  it('reads only the first 1,024 characters of the body', () => {
    const prefix = 'x'.repeat(1024);
    expect(fingerprintOf({ ...email, bodyText: `${prefix}A` })).toBe(fingerprintOf({ ...email, bodyText: `${prefix}B` }));
    expect(fingerprintOf({ ...email, bodyText: `${prefix.slice(1)}A` })).not.toBe(
      fingerprintOf({ ...email, bodyText: `${prefix.slice(1)}B` }),
    );
  });

  it('keeps fields apart: moving text between subject and body changes it', () => {
    expect(fingerprintOf({ ...email, subject: 'ab', bodyText: 'c' })).not.toBe(fingerprintOf({ ...email, subject: 'a', bodyText: 'bc' }));
  });
});
