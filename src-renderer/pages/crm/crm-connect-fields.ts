/**
 * What the console's connect form asks for each CRM: the settings fields (which become the
 * connection's settings object, validated by the connector's factory in the main process) and how
 * the credential is called there. One table, so the form itself stays the same for every CRM.
 */
import type { ConnectedCrm } from '../../../src-shared/crm-connection.js';

export type ConnectField = { key: string; label: string; hint?: string; required: boolean; testId: string };

export type ConnectSpec = { label: string; intro: string; fields: ConnectField[]; secretLabel: string };

export const CONNECT_SPECS: Record<ConnectedCrm, ConnectSpec> = {
  salesforce: {
    label: 'Salesforce',
    intro: 'A connected app with the client credentials flow (or the JWT bearer flow) and an integration user that can read accounts, contacts, leads, opportunities and users. The README lists the steps.',
    fields: [
      { key: 'loginUrl', label: 'Login URL', hint: 'Your My Domain, e.g. https://yourcompany.my.salesforce.com', required: true, testId: 'crm-login-url' },
      { key: 'clientId', label: 'Consumer key', required: true, testId: 'crm-client-id' },
    ],
    secretLabel: 'Consumer secret',
  },
  hubspot: {
    label: 'HubSpot',
    intro: 'A private app with the scopes crm.objects.companies.read, crm.objects.contacts.read, crm.objects.deals.read and crm.objects.owners.read. The README lists the steps.',
    fields: [{ key: 'baseUrl', label: 'API host', hint: 'Leave empty for https://api.hubapi.com', required: false, testId: 'crm-base-url' }],
    secretLabel: "The private app's access token",
  },
  dynamics: {
    label: 'Dynamics 365 Sales',
    intro: 'An app registration in your Entra tenant with a client secret, added to the environment as an application user with a security role that reads accounts, contacts, leads, opportunities and users. The README lists the steps.',
    fields: [
      { key: 'environmentUrl', label: 'Environment URL', hint: 'e.g. https://contoso.crm.dynamics.com', required: true, testId: 'crm-environment-url' },
      { key: 'tenantId', label: 'Tenant id', required: true, testId: 'crm-tenant-id' },
      { key: 'clientId', label: 'Application (client) id', required: true, testId: 'crm-client-id' },
    ],
    secretLabel: 'Client secret',
  },
};

/** The settings object of the filled-in fields (empty optional fields are left out, so defaults apply). */
export function settingsOf(spec: ConnectSpec, values: Readonly<Record<string, string>>): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const field of spec.fields) {
    const value = (values[field.key] ?? '').trim();
    if (value !== '') settings[field.key] = value;
  }
  return settings;
}

export function missingRequired(spec: ConnectSpec, values: Readonly<Record<string, string>>): boolean {
  return spec.fields.some((f) => f.required && (values[f.key] ?? '').trim() === '');
}
