/**
 * GET /v1.0/domains: the tenant's domains, from which the app takes its default organisation
 * domains (only verified ones count). The sandbox lists its org domains as verified, plus the
 * initial *.onmicrosoft domain and one domain still awaiting verification, so a client that
 * forgets to filter on isVerified is caught.
 */
import { requireBearer } from './graph-common.js';
import { graphJson } from './graph-responses.js';
import type { Route } from './http-types.js';
import type { SandboxContext } from './sandbox-context.js';

export type SandboxDomain = { id: string; isVerified: boolean; isDefault: boolean; isInitial: boolean };

export function sandboxDomains(orgDomains: readonly string[]): SandboxDomain[] {
  const label = (orgDomains[0] ?? 'sandbox').split('.')[0] ?? 'sandbox';
  return [
    ...orgDomains.map((id, i) => ({ id, isVerified: true, isDefault: i === 0, isInitial: false })),
    { id: `${label}.onmicrosoft.example`, isVerified: true, isDefault: false, isInitial: true },
    { id: `${label}-pending.example`, isVerified: false, isDefault: false, isInitial: false },
  ];
}

export function graphDomainRoutes(context: SandboxContext): Route[] {
  const list = () =>
    graphJson({
      '@odata.context': `${context.graphBaseUrl}/$metadata#domains`,
      value: sandboxDomains(context.orgDomains).map((d) => ({
        authenticationType: 'Managed',
        availabilityStatus: null,
        id: d.id,
        isAdminManaged: true,
        isDefault: d.isDefault,
        isInitial: d.isInitial,
        isRoot: true,
        isVerified: d.isVerified,
        supportedServices: d.isVerified ? ['Email', 'OfficeCommunicationsOnline'] : [],
        state: null,
      })),
    });
  return [{ method: 'GET', path: '/v1.0/domains', handler: requireBearer(context, list) }];
}
