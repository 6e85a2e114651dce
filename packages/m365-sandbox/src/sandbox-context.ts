/** Everything the route groups share: identity of the tenant and app, URLs, state and services. */
import type { DeltaStreams } from './delta-streams.js';
import type { GraphBehaviours } from './graph-behaviours.js';
import type { GraphFidelity } from './graph-fidelity.js';
import type { GraphTraffic } from './graph-traffic.js';
import type { EntraAppState } from './entra-app-state.js';
import type { ExchangeAccessScope } from './exchange-access-scope.js';
import type { StateTokenCodec } from './state-tokens.js';
import type { TenantState } from './tenant-state.js';
import type { TokenIssuer } from './token-issuer.js';

export type SandboxContext = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  orgDomains: readonly string[];
  /** https://127.0.0.1:PORT */
  baseUrl: string;
  /** 127.0.0.1:PORT */
  authorityHost: string;
  /** https://127.0.0.1:PORT/v1.0 */
  graphBaseUrl: string;
  state: TenantState;
  clock: () => Date;
  tokens: TokenIssuer;
  stateTokens: StateTokenCodec;
  /** Generations of delta streams (old nextLinks -> 410). */
  deltaStreams: DeltaStreams;
  /** Seeded Graph quirks: empty pages, repeated items, the filtered-round cap. */
  fidelity: GraphFidelity;
  /** Real tenants' awkward behaviours, switched on by tests (graph-behaviours.ts); mutable. */
  behaviours: GraphBehaviours;
  /** Per-mailbox limits, injected faults and counters, applied after the bearer check. */
  traffic: GraphTraffic;
  /** The app registration's credentials, consent and interactive grants (Entra side). */
  entra: EntraAppState;
  /** Exchange's scoping of the app's mail access: application access policy, RBAC for Applications. */
  accessScope: ExchangeAccessScope;
};

/** True when `tenant` names this tenant: its GUID or one of its domains. */
export function isOurTenant(context: SandboxContext, tenant: string): boolean {
  const lower = tenant.toLowerCase();
  return lower === context.tenantId.toLowerCase() || context.orgDomains.includes(lower);
}
