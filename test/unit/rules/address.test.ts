import { describe, expect, it } from 'vitest';
import { domainAndParents, findDomainOrParent, normaliseAddress, normaliseDomain } from '../../../src-main/rules/address.js';

describe('normaliseAddress', () => {
  it('trims, lower-cases and converts IDN domains to ASCII', () => {
    expect(normaliseAddress('  Alice@Customer.EXAMPLE ')).toBe('alice@customer.example');
    expect(normaliseAddress('kurt@Bücher.Example')).toBe('kurt@xn--bcher-kva.example');
    expect(normaliseAddress('kurt@xn--bcher-kva.example.')).toBe('kurt@xn--bcher-kva.example');
    expect(normaliseAddress("o'brien+tag@x.example")).toBe("o'brien+tag@x.example");
  });

  it('drops values that are not usable addresses', () => {
    const bad = [
      undefined, null, 42, {}, '', 'alice', '@x.example', 'alice@', 'alice@localhost', 'alice@x..example',
      'al ice@x.example', 'a@b@-x.example', '"quoted"@x.example', 'alice@1.2.3.4', 'alice@[1.2.3.4]',
      '/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=ALICE', `${'a'.repeat(65)}@x.example`,
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
