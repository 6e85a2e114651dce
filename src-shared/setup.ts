/**
 * The contract of the console's guided setup: the tenant form, consent outcomes and health, the
 * "Test connection" answers and the organisation's identity. Shared so the console validates the
 * same shapes the core sends; secrets appear only in the tenant form's input, never in an output.
 */
import { z } from 'zod';
import { crmHealthSchema } from './crm-connection.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const isoDateTime = z.iso.datetime({ offset: true });

export const CLOUD_NAMES = ['global', 'usgov-high', 'usgov-dod', 'china'] as const;

/** The setup form: tenant, app registration, cloud, and one credential (secret, PEM or PFX). */
export const tenantSetupSchema = z.object({
  tenant: z
    .string()
    .trim()
    .refine((t) => GUID.test(t) || DOMAIN.test(t), 'Enter the tenant ID (a GUID) or a verified domain such as contoso.onmicrosoft.com.')
    .refine((t) => !['common', 'organizations', 'consumers'].includes(t.toLowerCase()), 'Enter your own tenant, not common/organizations.'),
  clientId: z.string().trim().regex(GUID, 'The application (client) ID is a GUID.'),
  cloud: z.enum(CLOUD_NAMES).default('global'),
  credential: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('secret'),
      secret: z.string().min(1, 'Enter the client secret value.').max(1000),
      /** Entra shows the expiry when the secret is created; the app cannot read it later. */
      expiresOn: z.iso.date().optional(),
    }),
    z.object({ kind: z.literal('certificate'), pem: z.string().min(1).max(200_000), passphrase: z.string().max(1000).optional() }),
    z.object({ kind: z.literal('certificate-pfx'), pfxBase64: z.string().min(1).max(400_000), passphrase: z.string().max(1000).optional() }),
  ]),
});
export type TenantSetup = z.input<typeof tenantSetupSchema>;

export const consentRecordSchema = z
  .object({
    grantedAt: isoDateTime,
    /** The admin's sign-in name when known (delegated sign-in); null when consent came through a forwarded link. */
    grantedBy: z.string().nullable(),
    via: z.enum(['browser', 'link', 'sandbox']),
  })
  .strict();
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

export const CONSENT_HEALTH_STATES = [
  'not-configured',
  'consent-pending',
  'healthy',
  'expiring-soon',
  'consent-revoked',
  'consent-denied',
  'permissions-missing',
  'service-principal-missing',
  'credential-expired',
  'credential-invalid',
  'clock-skew',
  'tenant-not-found',
  'app-not-found',
  'sign-in-required',
  'blocked-by-policy',
  'misconfigured',
  'unreachable',
  'error',
] as const;

export const consentHealthSchema = z.object({
  state: z.enum(CONSENT_HEALTH_STATES),
  /** One sentence an admin can act on. */
  message: z.string(),
  checkedAt: isoDateTime,
  consent: consentRecordSchema.nullable(),
  connectedBy: z.string().nullable(),
  credential: z.object({ kind: z.enum(['secret', 'certificate']), expiresOn: isoDateTime.nullable(), daysLeft: z.number().int().nullable() }).nullable(),
  aadsts: z.number().int().nullable(),
  /**
   * Each application permission the product needs and whether the tenant grants it: from the
   * access token's `roles` ('entra'), or for Mail.Read from Exchange RBAC for Applications
   * ('exchange-rbac', which never shows in the token). Null when the token could not be checked.
   */
  permissions: z.array(z.object({ name: z.string(), granted: z.boolean(), via: z.enum(['entra', 'exchange-rbac']).nullable(), usedFor: z.string() })).nullable(),
  /** The CRM's side (issue 22): the connected CRM can be read and its copy is fresh, or why not. */
  crm: crmHealthSchema.optional(),
});
export type ConsentHealth = z.infer<typeof consentHealthSchema>;

/** How "Connect organisation" ended: always one of these, never a hang. */
export const consentOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('granted'), tenantId: z.string().nullable(), confirmed: z.boolean(), message: z.string() }),
  z.object({ outcome: z.literal('denied'), aadsts: z.number().int().nullable(), message: z.string() }),
  z.object({ outcome: z.literal('wrong-tenant'), message: z.string() }),
  z.object({ outcome: z.literal('timed-out'), message: z.string() }),
  z.object({ outcome: z.literal('cancelled'), message: z.string() }),
  z.object({ outcome: z.literal('failed'), message: z.string() }),
]);
export type ConsentOutcome = z.infer<typeof consentOutcomeSchema>;

/** How the optional delegated sign-in of the admin ended ("who connected the tenant"). */
export const signInOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('signed-in'), username: z.string(), name: z.string().nullable(), tenantId: z.string() }),
  z.object({ outcome: z.enum(['denied', 'timed-out', 'cancelled', 'failed']), message: z.string() }),
]);
export type SignInOutcome = z.infer<typeof signInOutcomeSchema>;

/** The configured tenant as the console may see it: no secret, no key. */
export const tenantSummarySchema = z.object({
  tenant: z.string(),
  tenantId: z.string().nullable(),
  clientId: z.string(),
  cloud: z.enum([...CLOUD_NAMES, 'custom']),
  sandbox: z.boolean(),
  credential: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('secret'), expiresOn: isoDateTime.nullable() }),
    z.object({ kind: z.literal('certificate'), notAfter: isoDateTime, subject: z.string(), thumbprintSha256: z.string() }),
  ]),
  consent: consentRecordSchema.nullable(),
});
export type TenantSummary = z.infer<typeof tenantSummarySchema>;

export const SETUP_STEPS = ['secret-key', 'tenant', 'consent', 'org-domains'] as const;

export const setupStateSchema = z.object({
  tenant: tenantSummarySchema.nullable(),
  vault: z.object({ available: z.boolean(), description: z.string().nullable(), problem: z.string().nullable() }),
  database: z.object({ connected: z.boolean(), serverVersion: z.string().nullable() }),
  search: z.object({ configured: z.boolean() }),
  network: z.object({ proxyUrl: z.string().nullable(), source: z.enum(['settings', 'environment', 'system', 'none']), extraCaFile: z.string().nullable() }),
  /** What is still to do, in order; empty when the setup is complete. */
  missing: z.array(z.object({ step: z.enum(SETUP_STEPS), message: z.string() })),
  complete: z.boolean(),
});
export type SetupState = z.infer<typeof setupStateSchema>;

export const CONNECTION_FAILURES = ['invalid-url', 'dns', 'refused', 'timeout', 'tls', 'auth', 'version', 'database', 'other'] as const;

/** The answer of a "Test connection" button: what worked, or exactly what failed. */
export const connectionTestSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), serverVersion: z.string(), message: z.string() }),
  z.object({ ok: z.literal(false), failure: z.enum(CONNECTION_FAILURES), message: z.string() }),
]);
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const connectionTestInputSchema = z
  .object({
    /** mysql://user:pass@host:port/db or https://user:pass@host:9200; absent: the connection in use. */
    url: z.string().min(1).max(2000).optional(),
    /** PEM file of the CA that signed the server's certificate. */
    caFile: z.string().min(1).max(4096).optional(),
  })
  .strict();

export const organisationIdentitySchema = z.object({
  verifiedDomains: z.array(z.string()),
  /** Verified domains not yet among the organisation domains: what the console proposes to add. */
  proposedOrgDomains: z.array(z.string()),
  aliases: z.array(z.object({ mailbox: z.string(), aliases: z.array(z.string()) })),
});
export type OrganisationIdentityView = z.infer<typeof organisationIdentitySchema>;
