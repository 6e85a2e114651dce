/**
 * HubSpot's documented error body (developers.hubspot.com/docs/faq/api-error-responses):
 * `status: "error"`, a human-readable `message`, a `category` and a unique `correlationId`; rate
 * limit errors carry `errorType: "RATE_LIMIT"` and the `policyName` that was exceeded instead.
 */
import { randomUUID } from 'node:crypto';
import type { SimResponse } from './simulator-https.js';

export function hubspotError(status: number, category: string, message: string): SimResponse {
  return { status, json: { status: 'error', message, correlationId: randomUUID(), category } };
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

export function hubspotRateLimitError(policy: RateLimitPolicy, headers: Record<string, string>): SimResponse {
  const window = policy === 'DAILY' ? 'daily' : policy === 'SECONDLY' ? 'secondly' : 'ten_secondly_rolling';
  return {
    status: 429,
    headers,
    json: { status: 'error', message: `You have reached your ${window} limit.`, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: policy },
  };
}
