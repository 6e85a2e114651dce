/**
 * The HubSpot connection's settings, validated with zod where they cross into the connector. The
 * field mapping has HubSpot's defaults: a company's domains are its `domain` plus the
 * semicolon-separated `hs_additional_domains`; a contact whose lifecycle stage is an early one is a
 * lead (HubSpot has no separate lead table in CRM v3 objects we read); whether a deal is closed
 * comes from its pipeline stage's `metadata.isClosed`, which `closedStageIds` / `openStageIds`
 * override per stage id. The access token is a secret: it lives in the vault and never in a log.
 */
import { z } from 'zod';

export const hubspotFieldMappingSchema = z
  .object({
    domainProperties: z.array(z.string().min(1)).min(1).default(['domain', 'hs_additional_domains']),
    leadLifecycleStages: z.array(z.string().min(1)).default(['subscriber', 'lead', 'marketingqualifiedlead']),
    closedStageIds: z.array(z.string().min(1)).default([]),
    openStageIds: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const hubspotConfigSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https$/ }).default('https://api.hubapi.com'),
    accessToken: z.string().min(1),
    fieldMapping: hubspotFieldMappingSchema.default({
      domainProperties: ['domain', 'hs_additional_domains'],
      leadLifecycleStages: ['subscriber', 'lead', 'marketingqualifiedlead'],
      closedStageIds: [],
      openStageIds: [],
    }),
    /** List pages (HubSpot's maximum is 100) and search pages (maximum 200). */
    pageSize: z.number().int().min(1).max(100).default(100),
    searchPageSize: z.number().int().min(1).max(200).default(200),
    /** Longest single wait for a rate limit, and attempts per request before 'crm-limit'. */
    maxRetryWaitMs: z.number().int().min(0).max(600_000).default(30_000),
    maxAttempts: z.number().int().min(1).max(20).default(6),
  })
  .strict();

export type HubspotConfigInput = z.input<typeof hubspotConfigSchema>;
export type HubspotConfig = z.output<typeof hubspotConfigSchema>;
export type HubspotFieldMapping = z.output<typeof hubspotFieldMappingSchema>;
