/**
 * Dataverse Web API error bodies: `{ "error": { "code": "0x...", "message": "..." } }` with the
 * hexadecimal codes the Web API returns (docs/crm-dynamics.md): service protection limits
 * (0x80072322 requests, 0x80072321 execution time, 0x80072326 concurrency) and ExpiredVersionStamp
 * (0x80044352) for a delta token older than the organisation keeps changes.
 */
import type { SimResponse } from '@correspondent/crm-sandbox/hubspot/simulator-https.js';

export function dataverseError(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'odata-version': '4.0', ...headers }, json: { error: { code, message } } };
}

export const SERVICE_PROTECTION = {
  requests: { code: '0x80072322', message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' },
  executionTime: { code: '0x80072321', message: 'Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.' },
  concurrency: { code: '0x80072326', message: 'Number of concurrent requests exceeded the limit of 52.' },
} as const;

export type ServiceProtectionKind = keyof typeof SERVICE_PROTECTION;

export const EXPIRED_VERSION_STAMP = { code: '0x80044352', message: 'Version stamp associated with the client has expired. Please perform a full sync.' } as const;
