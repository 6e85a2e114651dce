import { describe, expect, it } from 'vitest';
import { FREE_MAIL_DOMAINS, isFreeMailDomain } from '../../../src-main/crm/free-mail-domains.js';
import { normaliseDomain } from '../../../src-main/rules/address.js';

describe('free-mail domain list', () => {
  it('is sorted, unique and already normalised (lower-case ASCII)', () => {
    expect([...FREE_MAIL_DOMAINS].sort()).toEqual(FREE_MAIL_DOMAINS);
    expect(new Set(FREE_MAIL_DOMAINS).size).toBe(FREE_MAIL_DOMAINS.length);
    for (const domain of FREE_MAIL_DOMAINS) expect(normaliseDomain(domain), domain).toBe(domain);
  });

  it('covers the large providers worldwide', () => {
    expect(FREE_MAIL_DOMAINS.length).toBeGreaterThanOrEqual(300);
    for (const domain of ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'web.de', 'gmx.de', 'icloud.com', 'qq.com', 'mail.ru', 'orange.fr']) {
      expect(isFreeMailDomain(domain), domain).toBe(true);
    }
  });

  it('matches exact domains only', () => {
    expect(isFreeMailDomain('customer.example')).toBe(false);
    expect(isFreeMailDomain('mail.gmail.com')).toBe(false);
  });
});
