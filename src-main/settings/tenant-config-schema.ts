/** The zod schema of the persisted tenant section (kept apart so state-file.ts can import it without a cycle). */
import { z } from 'zod';
import { consentRecordSchema } from '../../src-shared/setup.js';

const isoDateTime = z.iso.datetime({ offset: true });

export { consentRecordSchema, type ConsentRecord } from '../../src-shared/setup.js';

export const tenantConfigSchema = z
  .object({
    /** As the admin entered it: a verified domain or the tenant GUID. */
    tenant: z.string().min(1),
    /** The tenant GUID once learnt from a signed token (never from the consent redirect). */
    tenantId: z.string().nullable(),
    clientId: z.string().min(1),
    cloud: z.enum(['global', 'usgov-high', 'usgov-dod', 'china', 'custom']),
    /** Host (and port) of the Entra authority, e.g. login.microsoftonline.com. */
    authorityHost: z.string().min(1),
    /** e.g. https://graph.microsoft.com/v1.0 */
    graphBaseUrl: z.url(),
    credential: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('secret'), expiresOn: isoDateTime.nullable() }).strict(),
      z.object({ kind: z.literal('certificate'), thumbprintSha256: z.string(), notAfter: isoDateTime, subject: z.string() }).strict(),
    ]),
    consent: consentRecordSchema.nullable(),
    /** The admin who signed in (optional delegated sign-in) to show who connected the tenant. */
    connectedBy: z.object({ username: z.string(), name: z.string().nullable(), signedInAt: isoDateTime }).strict().nullable(),
  })
  .strict();
export type TenantConfig = z.infer<typeof tenantConfigSchema>;
