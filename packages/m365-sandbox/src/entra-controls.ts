/**
 * The control API's Entra and Exchange-permissions half, for tests and the demo: the app
 * registration (redirect URIs, listed permissions), the app's standing in the tenant (service
 * principal, granted roles, the admin's answer at the consent page) and the Exchange scoping of
 * its mail access (application access policy, RBAC for Applications). Kept out of index.ts so the
 * sandbox's entry point stays wiring only.
 */
import type { ConsentDecision, EntraAppState } from './entra-app-state.js';
import type { RegisteredIn, SandboxConsentState } from './entra-tenant-standing.js';
import type { AccessRight, ExchangeAccessScope } from './exchange-access-scope.js';
import { SandboxInputError } from './sandbox-input-error.js';
import type { TenantState } from './tenant-state.js';

export type AccessPolicyInput = { accessRight?: AccessRight; /** Addresses of the mail-enabled security group's members. */ members: string[] };

export type EntraControls = {
  /** The app's standing in the tenant, as Entra records it. */
  consentState(): SandboxConsentState;
  /**
   * Admin consent as if approved elsewhere (e.g. from the consent link): creates the service
   * principal and grants what the registration lists, or only `roles` (a partial grant).
   */
  grantConsent(by?: string, options?: { roles?: string[] }): void;
  /** Removes every granted permission (the service principal stays): new app tokens carry no roles, Graph answers 403. */
  revokeConsent(): void;
  /**
   * The app was never consented here and has no service principal: client credentials fail with
   * 7000229 (app registered in this tenant) or 700016 (a multi-tenant app from another tenant).
   */
  removeServicePrincipal(options?: { registeredIn?: RegisteredIn }): void;
  /** The redirect URIs registered on the app (seeded: http://localhost and the native-client page). */
  redirectUris(): string[];
  /** Replaces the registered redirect URIs; a URI Entra would refuse to register throws. */
  setRedirectUris(uris: string[]): void;
  /** The application permissions the registration lists (what admin consent grants). */
  setRequiredPermissions(permissions: string[]): void;
  /** What the admin will answer at the next consent or sign-in page. */
  setConsentDecision(decision: ConsentDecision): void;
  /** The user who "signs in" at the authorize and consent pages (default: the first mailbox user). */
  signInAs(address: string): void;
  /**
   * New-ApplicationAccessPolicy for the app (null: Remove-ApplicationAccessPolicy): with
   * RestrictAccess (default) only the members' mailboxes answer, the others 403 "Access to OData is disabled.".
   */
  applyAccessPolicy(policy: AccessPolicyInput | null): void;
  /**
   * RBAC for Applications: "Application Mail.Read" assigned to the app's service principal, scoped
   * to `members` (null: organisation-wide); null removes the assignment.
   */
  assignMailRbacScope(scope: { members: string[] | null } | null): void;
};

function memberIds(state: TenantState, addresses: string[]): Set<string> {
  return new Set(
    addresses.map((address) => {
      const user = state.findUser(address);
      if (!user) throw new SandboxInputError(`The sandbox has no user ${address}.`);
      return user.graphId;
    }),
  );
}

export function createEntraControls(entra: EntraAppState, state: TenantState, accessScope: ExchangeAccessScope): EntraControls {
  return {
    consentState: () => entra.consentState(),
    grantConsent: (by = 'admin (sandbox control)', options = {}) => entra.grantConsent(by, options.roles),
    revokeConsent: () => entra.revokeConsent(),
    removeServicePrincipal: (options = {}) => entra.standing.removeServicePrincipal(options.registeredIn ?? 'this-tenant'),
    redirectUris: () => entra.registration.redirectUris,
    setRedirectUris: (uris) => entra.registration.setRedirectUris(uris),
    setRequiredPermissions: (permissions) => entra.registration.setRequiredPermissions(permissions),
    setConsentDecision(decision) {
      entra.decision = decision;
    },
    signInAs(address) {
      const user = state.findUser(address);
      if (!user) throw new SandboxInputError(`The sandbox has no user ${address}.`);
      entra.signedInUserId = user.graphId;
    },
    applyAccessPolicy(policy) {
      accessScope.setPolicy(policy ? { accessRight: policy.accessRight ?? 'RestrictAccess', memberIds: memberIds(state, policy.members) } : null);
    },
    assignMailRbacScope(scope) {
      accessScope.setMailRoleAssignment(scope ? { memberIds: scope.members === null ? null : memberIds(state, scope.members) } : null);
    },
  };
}
