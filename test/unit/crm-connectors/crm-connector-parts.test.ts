/**
 * The pure parts of the CRM connectors: account domains from field values, the nightly full
 * refresh schedule, the Salesforce id checksum (checked against ids printed in Salesforce's own
 * REST examples), the SOQL cursor literal, and the simulator's strict SOQL parser.
 */
import { describe, expect, it } from 'vitest';
import { withChecksum } from '@correspondent/crm-sandbox/salesforce/salesforce-ids.js';
import { parseSoql } from '@correspondent/crm-sandbox/salesforce/soql.js';
import { domainsFromValues } from '../../../src-main/crm/connectors/domain-values.js';
import { fullRefreshDue, lastNightlyMoment } from '../../../src-main/crm/connectors/refresh-schedule.js';
import { parseCursor, soqlDateTime } from '../../../src-main/crm/connectors/salesforce/salesforce-cursor.js';
import { salesforceDateTime } from '../../../src-main/crm/connectors/salesforce/salesforce-rows.js';
import { CrmCursorExpiredError } from '../../../src-main/crm/connectors/crm-connector.js';

describe('domainsFromValues', () => {
  it('reads URLs, bare domains, addresses and lists, drops www and reports what holds no domain', () => {
    expect(domainsFromValues(['https://www.Fabrikam.com/about?x=1', 'fabrikam-eu.example; sales@adatum.example', null, 'www2.litware.example:8443'])).toEqual({
      domains: ['fabrikam.com', 'fabrikam-eu.example', 'adatum.example', 'litware.example'],
      unreadable: [],
    });
    expect(domainsFromValues(['n/a', 'localhost', '192.168.0.1', 'fabrikam.com, fabrikam.com'])).toEqual({ domains: ['fabrikam.com'], unreadable: ['n/a', 'localhost', '192.168.0.1'] });
  });
});

describe('the nightly full refresh', () => {
  it('is due without a cursor, and once per night after 02:00 UTC', () => {
    expect(lastNightlyMoment(new Date('2026-12-02T01:59:00Z')).toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(lastNightlyMoment(new Date('2026-12-02T02:00:00Z')).toISOString()).toBe('2026-12-02T02:00:00.000Z');
    expect(fullRefreshDue({ cursor: null, lastFullAt: '2026-12-02T03:00:00Z' }, new Date('2026-12-02T04:00:00Z'))).toBe(true);
    expect(fullRefreshDue({ cursor: 'c', lastFullAt: '2026-12-02T03:00:00Z' }, new Date('2026-12-02T23:00:00Z'))).toBe(false);
    expect(fullRefreshDue({ cursor: 'c', lastFullAt: '2026-12-02T01:00:00Z' }, new Date('2026-12-02T02:30:00Z'))).toBe(true);
  });
});

describe('Salesforce ids', () => {
  it('adds the case checksum as the REST API returns it (ids from Salesforce\'s query examples)', () => {
    expect(withChecksum('001D000000IRFma')).toBe('001D000000IRFmaIAH');
    expect(withChecksum('001D000000Iomaz')).toBe('001D000000IomazIAB');
    // (The guide's Merchandise__c example, a00D0000008pQRAIX2, does not check out: its middle character is not a checksum of those 15.)
  });
});

describe('the Salesforce cursor', () => {
  it('truncates to the second for SOQL, parses API date-times, and expires past the recycle bin', () => {
    expect(soqlDateTime('2026-12-02T10:11:12.987Z')).toBe('2026-12-02T10:11:12Z');
    expect(salesforceDateTime('2024-01-31T09:15:00.000+0000')).toBe('2024-01-31T09:15:00.000Z');
    expect(salesforceDateTime('2024-01-31T10:15:00.000+0100')).toBe('2024-01-31T09:15:00.000Z');
    const since = { Account: null, Contact: null, Lead: null, Opportunity: null, User: null };
    const cursor = JSON.stringify({ v: 1, readAt: '2026-11-01T00:00:00.000Z', since });
    expect(parseCursor(cursor, new Date('2026-11-10T00:00:00Z')).readAt).toBe('2026-11-01T00:00:00.000Z');
    expect(() => parseCursor(cursor, new Date('2026-11-17T00:00:00Z'))).toThrow(CrmCursorExpiredError);
    expect(() => parseCursor('not json', new Date())).toThrow(CrmCursorExpiredError);
  });
});

describe('the simulator\'s SOQL', () => {
  it('parses what the connector sends and refuses the rest with Salesforce\'s codes', () => {
    expect(parseSoql('SELECT Id, email FROM contact WHERE SystemModstamp >= 2026-01-01T00:00:00Z AND IsDeleted = false')).toMatchObject({ object: 'Contact', fields: ['Id', 'Email'] });
    expect(() => parseSoql('SELECT Id FROM Contact WHERE Name = Bob')).toThrow(expect.objectContaining({ errorCode: 'MALFORMED_QUERY' }));
    expect(() => parseSoql('SELECT Id FROM Widget__c')).toThrow(expect.objectContaining({ errorCode: 'INVALID_TYPE' }));
    expect(() => parseSoql('SELECT Id FROM Contact OR x')).toThrow(expect.objectContaining({ errorCode: 'MALFORMED_QUERY' }));
  });
});
