/**
 * The app's standing in the tenant, as Entra records it: whether it has a service principal
 * (the "enterprise application") here, which application permissions (app role assignments)
 * an admin granted it, and whether the delegated permissions were consented for all users.
 * These decide what the token endpoint answers, the way real tenants do:
 * - no service principal: client credentials fail with AADSTS7000229 (401 invalid_client) for
 *   an app registered in this tenant, AADSTS700016 (400 unauthorized_client) for one from
 *   another tenant that nobody consented here;
 * - a service principal without granted roles (never consented, or revoked): the token is
 *   issued all the same, without a `roles` claim, and Graph answers 403;
 * - a partial grant: the token carries only the granted roles.
 */

export type RegisteredIn = 'this-tenant' | 'other-tenant';

export type SandboxConsentState = {
  /** True when at least one application permission is granted. */
  granted: boolean;
  /** Whether the app has a service principal in this tenant. */
  servicePrincipal: boolean;
  /** Where the app registration lives (decides 7000229 or 700016 without a service principal). */
  registeredIn: RegisteredIn;
  /** Application permissions granted (app role assignments of the service principal). */
  roles: string[];
  /** Delegated permissions consented for every user (an AllPrincipals grant). */
  delegated: boolean;
  grantedAt: string | null;
  grantedBy: string | null;
  revokedAt: string | null;
};

export class TenantStanding {
  private state: SandboxConsentState;

  constructor(
    initial: { servicePrincipal: boolean; roles: readonly string[]; registeredIn?: RegisteredIn },
    private readonly clock: () => Date,
  ) {
    const granted = initial.roles.length > 0;
    this.state = {
      granted,
      servicePrincipal: initial.servicePrincipal,
      registeredIn: initial.registeredIn ?? 'this-tenant',
      roles: [...new Set(initial.roles)],
      delegated: granted,
      grantedAt: granted ? clock().toISOString() : null,
      grantedBy: granted ? 'sandbox setup' : null,
      revokedAt: null,
    };
  }

  current(): SandboxConsentState {
    return { ...this.state, roles: [...this.state.roles] };
  }

  /** Admin consent: creates the service principal if needed and grants `roles` (and the delegated permissions). */
  grant(by: string, roles: readonly string[]): void {
    const unique = [...new Set(roles)];
    this.state = { ...this.state, granted: unique.length > 0, servicePrincipal: true, roles: unique, delegated: true, grantedAt: this.clock().toISOString(), grantedBy: by, revokedAt: null };
  }

  /** The admin removes the permissions (the service principal stays): new tokens carry no roles. */
  revoke(): void {
    this.state = { ...this.state, granted: false, roles: [], delegated: false, revokedAt: this.clock().toISOString() };
  }

  /** Deletes the service principal (or it never existed): nothing is granted any more. */
  removeServicePrincipal(registeredIn: RegisteredIn): void {
    this.state = { ...this.state, granted: false, servicePrincipal: false, registeredIn, roles: [], delegated: false, revokedAt: this.clock().toISOString() };
  }

  hasRole(role: string): boolean {
    return this.state.roles.includes(role);
  }
}
