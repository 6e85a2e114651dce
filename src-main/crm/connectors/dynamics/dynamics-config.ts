/**
 * The Dynamics 365 Sales (Dataverse) connection's settings, validated with zod. Client credentials
 * for an app registration in the tenant the admin already consented (its application user needs a
 * security role with organisation-level read on the five tables). The field mapping's defaults: an
 * account's domains come from `websiteurl` and the domain of `emailaddress1`; a lead is open while
 * its statecode is 0 (Open); an opportunity is open while its statecode is 0 (Open; 1 Won, 2 Lost);
 * its stage is the business process stage name (`stepname`), else the state's name.
 */
import { z } from 'zod';

export const dynamicsFieldMappingSchema = z
  .object({
    accountDomainFields: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1).default(['websiteurl', 'emailaddress1']),
    openLeadStateCodes: z.array(z.number().int()).default([0]),
    openOpportunityStateCodes: z.array(z.number().int()).default([0]),
    stageField: z.string().regex(/^[a-z0-9_]+$/).default('stepname'),
  })
  .strict();

export const dynamicsConfigSchema = z
  .object({
    /** The environment URL, e.g. https://contoso.crm.dynamics.com (its `/.default` is the token scope). */
    environmentUrl: z.url({ protocol: /^https$/ }),
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    authorityHost: z.string().min(1).default('login.microsoftonline.com'),
    fieldMapping: dynamicsFieldMappingSchema.default({
      accountDomainFields: ['websiteurl', 'emailaddress1'],
      openLeadStateCodes: [0],
      openOpportunityStateCodes: [0],
      stageField: 'stepname',
    }),
    /** Prefer odata.maxpagesize (Dataverse's maximum for standard tables is 5,000). */
    pageSize: z.number().int().min(1).max(5000).default(5000),
    maxRetryWaitMs: z.number().int().min(0).max(600_000).default(60_000),
    maxAttempts: z.number().int().min(1).max(20).default(6),
  })
  .strict();

export type DynamicsConfigInput = z.input<typeof dynamicsConfigSchema>;
export type DynamicsConfig = z.output<typeof dynamicsConfigSchema>;
export type DynamicsFieldMapping = z.output<typeof dynamicsFieldMappingSchema>;
