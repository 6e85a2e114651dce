import { describe, expect, it } from 'vitest';
import { domainAndParents, findDomainOrParent, normaliseAddress, normaliseDomain } from '../../../src-main/rules/address.js';

describe('normaliseAddress', () => {
  it('trims, lower-cases and converts IDN domains to ASCII', () => {
    expect(normaliseAddress('  Alice@Customer.EXAMPLE ')).toBe('alice@customer.example');
    expect(normaliseAddress('kurt@Bücher.Example')).toBe('kurt@xn--bcher-kva.example');
    expect(normaliseAddress('kurt@xn--bcher-kva.example.')).toBe('kurt@xn--bcher-kva.example');
    expect(normaliseAddress("o'brien+tag@x.example")).toBe("o'brien+tag@x.example");
  });

  it('reads the RFC 5322 / 6531 forms: UTF-8 local parts, quotes, comments, angle-addr, address literals', () => {
    expect(normaliseAddress('Bücher.Kunde@kunde.example')).toBe('bücher.kunde@kunde.example');
    expect(normaliseAddress('jöhn@例え.jp')).toBe('jöhn@xn--r8jz45g.jp');
    // A quoted local part whose content is a dot-atom is the same mailbox as the unquoted one (RFC 5321 4.1.2).
    expect(normaliseAddress('"quoted"@x.example')).toBe('quoted@x.example');
    expect(normaliseAddress('"John Doe"@x.example')).toBe('"john doe"@x.example');
    expect(normaliseAddress('"a\\"b"@x.example')).toBe('"a\\"b"@x.example');
    expect(normaliseAddress('john.doe (sales) @ x.example')).toBe('john.doe@x.example');
    expect(normaliseAddress('Jane Doe <Jane@Exämple.de>')).toBe('jane@xn--exmple-cua.de');
    expect(normaliseAddress('<@relay.example:d@z.example>')).toBe('d@z.example');
    expect(normaliseAddress('alice@[1.2.3.4]')).toBe('alice@[1.2.3.4]');
    expect(normaliseAddress('e@[IPv6:2001:DB8::1]')).toBe('e@[IPv6:2001:db8::1]');
  });

  it('drops values that are not addresses', () => {
    const bad = [
      undefined, null, 42, {}, '', 'alice', '@x.example', 'alice@', 'alice@localhost', 'alice@x..example',
      'al ice@x.example', 'a@b@-x.example', '"unclosed@x.example', 'alice@1.2.3.4', 'alice@[999.2.3.4]', 'a..b@x.example',
      '/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=ALICE', `${'a'.repeat(65)}@x.example`, `${'ü'.repeat(33)}@x.example`,
    ];
    for (const value of bad) expect(normaliseAddress(value), String(value)).toBeNull();
  });
});

describe('normaliseDomain', () => {
  it('accepts real domains in any spelling and refuses the rest', () => {
    expect(normaliseDomain(' Customer.Example. ')).toBe('customer.example');
    expect(normaliseDomain('пример.рф')).toBe('xn--e1afmkfd.xn--p1ai');
    for (const value of ['', 'com', '-x.example', 'x_y', 'a b.example', 42]) expect(normaliseDomain(value)).toBeNull();
  });
});

describe('domain hierarchy', () => {
  it('walks from a domain to its parents', () => {
    expect([...domainAndParents('a.b.example')]).toEqual(['a.b.example', 'b.example', 'example']);
  });

  it('finds the nearest listed domain, never a mere suffix of letters', () => {
    const set = new Set(['customer.example', 'eu.customer.example']);
    expect(findDomainOrParent('x.eu.customer.example', set)).toBe('eu.customer.example');
    expect(findDomainOrParent('mail.customer.example', set)).toBe('customer.example');
    expect(findDomainOrParent('notcustomer.example', set)).toBeNull();
  });
});
