/**
 * The registry builds every connected CRM's connector from one input shape (a saved connection),
 * refuses settings a connector cannot use with a named error, and the open-stages mapping turns
 * "which stage names count as open" into isClosed for CRMs that decide it themselves.
 */
import { describe, expect, it } from 'vitest';
import type { CrmOpportunity } from '@correspondent/contract';
import { DEFAULT_FIELD_MAPPINGS, type CrmFieldMapping } from '../../../../src-shared/crm-connection.js';
import { createCrmConnector, type CrmConnectorInput } from '../../../../src-main/crm/connectors/connector-registry.js';
import type { CrmConnector } from '../../../../src-main/crm/connectors/crm-connector.js';
import { withOpenStages } from '../../../../src-main/crm/connectors/open-stages.js';
import { createHttpDispatcher } from '../../../../src-main/net/http-dispatcher.js';

const SETTINGS = {
  salesforce: { loginUrl: 'https://example.my.salesforce.com', clientId: 'key' },
  hubspot: {},
  dynamics: { environmentUrl: 'https://contoso.crm.dynamics.com', tenantId: 'tenant', clientId: 'app' },
} as const;

const input = (source: keyof typeof SETTINGS, overrides: Partial<CrmConnectorInput> = {}, mapping: Partial<CrmFieldMapping> = {}): CrmConnectorInput => ({
  settings: SETTINGS[source],
  secret: 'secret',
  fieldMapping: { ...DEFAULT_FIELD_MAPPINGS[source], ...mapping },
  dispatcher: createHttpDispatcher(),
  clock: () => new Date(),
  ...overrides,
});

describe('connector registry', () => {
  it.each(['salesforce', 'hubspot', 'dynamics'] as const)('builds the %s connector from a saved connection', (source) => {
    expect(createCrmConnector(source, input(source)).source).toBe(source);
  });

  it.each(['hubspot', 'dynamics'] as const)('refuses %s settings it does not know, naming the key', (source) => {
    expect(() => createCrmConnector(source, input(source, { settings: { ...SETTINGS[source], loginUrl: 'https://x.example' } }))).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(/loginUrl/) }),
    );
  });

  it('refuses a Dynamics connection without its environment URL', () => {
    expect(() => createCrmConnector('dynamics', input('dynamics', { settings: { tenantId: 't', clientId: 'c' } }))).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(/environmentUrl/) }),
    );
  });

  it.each(['hubspot', 'dynamics'] as const)('refuses a user opt-in field for %s, whose users carry none the connector reads', (source) => {
    expect(() => createCrmConnector(source, input(source, {}, { userOptInField: 'Opted_In' }))).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });

  it('refuses a Dynamics domain column that is not a logical name', () => {
    expect(() => createCrmConnector('dynamics', input('dynamics', {}, { accountDomainFields: ['WebSiteURL'] }))).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});

describe('withOpenStages', () => {
  const opportunity = (id: string, stage: string, isClosed: boolean): CrmOpportunity => ({ id, accountId: 'a', ownerUserId: 'u', stage, isClosed, createdAt: '2026-01-01T00:00:00Z', closeDate: null, amount: null });
  const rows = [opportunity('o1', 'Qualification', false), opportunity('o2', 'Negotiation', false), opportunity('o3', 'Closed Won', true)];
  const fake: CrmConnector = {
    source: 'hubspot',
    readAll: async () => ({ snapshot: { accounts: [], contacts: [], leads: [], opportunities: rows, users: [] }, cursor: 'c1', rejected: [], requests: 3 }),
    readChangesSince: async () => ({
      changes: { accounts: { upserted: [], deleted: [] }, contacts: { upserted: [], deleted: [] }, leads: { upserted: [], deleted: [] }, opportunities: { upserted: rows, deleted: ['o9'] }, users: { upserted: [], deleted: [] } },
      cursor: 'c2',
      rejected: [],
      requests: 1,
    }),
    testConnection: async () => undefined,
  };

  it('leaves the CRM\'s own closed flag in charge when no stages are listed', () => {
    expect(withOpenStages(fake, null)).toBe(fake);
  });

  it('closes every opportunity outside the listed stages, in full and incremental reads', async () => {
    const mapped = withOpenStages(fake, ['Qualification', 'Closed Won']);
    const full = await mapped.readAll();
    expect(full.snapshot.opportunities.map((o) => [o.id, o.isClosed])).toEqual([['o1', false], ['o2', true], ['o3', false]]);
    expect(full).toMatchObject({ cursor: 'c1', requests: 3 });
    const changes = await mapped.readChangesSince('c1');
    expect(changes.changes.opportunities.upserted.map((o) => o.isClosed)).toEqual([false, true, false]);
    expect(changes.changes.opportunities.deleted).toEqual(['o9']);
    expect(changes.cursor).toBe('c2');
  });
});
