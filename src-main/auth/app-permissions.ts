/**
 * The application permissions the product needs, read from what it calls, and how to tell from an
 * app-only access token which of them the tenant granted. Entra issues a client-credentials token
 * even when nothing was granted - without a `roles` claim - and a partial grant carries only the
 * granted roles, so consent is checked in the token, permission by permission, not by whether a
 * token came back. A broader permission that includes a needed one counts for it.
 * Mail.Read may also come from Exchange RBAC for Applications, which never appears in the token
 * (consent-probe.ts then asks Graph).
 */
import { jwtClaims } from './graph-http.js';

export type AppPermission = {
  name: string;
  /** Roles that grant it (the permission itself first). */
  satisfiedBy: readonly string[];
  /** What the product calls with it, for the admin. */
  usedFor: string;
};

/** Every Graph call of the product with application permissions, by permission. */
export const NEEDED_APP_PERMISSIONS: readonly AppPermission[] = [
  { name: 'Mail.Read', satisfiedBy: ['Mail.Read', 'Mail.ReadWrite'], usedFor: 'reading mail folders and message delta of the opted-in mailboxes' },
  { name: 'User.Read.All', satisfiedBy: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'], usedFor: 'listing the users and their mail aliases' },
  { name: 'Domain.Read.All', satisfiedBy: ['Domain.Read.All', 'Domain.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'], usedFor: "reading the organisation's verified domains" },
];

/** Roles whose presence gives the app tenant-wide mail access from Entra (unscoped by Exchange RBAC). */
export const TENANT_WIDE_MAIL_ROLES: readonly string[] = ['Mail.Read', 'Mail.ReadWrite'];

/** The `roles` claim of an access token we received from the authority (not a signature check). */
export function rolesOfToken(token: string): string[] {
  const roles = jwtClaims(token)['roles'];
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}

export type PermissionCheck = { name: string; granted: boolean; usedFor: string };

/** Each needed permission and whether `roles` grants it. */
export function checkPermissions(roles: readonly string[]): PermissionCheck[] {
  return NEEDED_APP_PERMISSIONS.map((p) => ({ name: p.name, granted: p.satisfiedBy.some((r) => roles.includes(r)), usedFor: p.usedFor }));
}

export function grantsTenantWideMail(roles: readonly string[]): boolean {
  return TENANT_WIDE_MAIL_ROLES.some((r) => roles.includes(r));
}
