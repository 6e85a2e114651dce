/**
 * Whether the app holds the tenant's consent, found out the way the sync would: a fresh app-only
 * token (65001 = no consent) and one cheap Graph read (403 = permissions removed, even while a
 * token minted earlier is still valid). This is how the app notices by itself that a Global
 * Administrator approved a forwarded consent link, and how consent health spots a revocation.
 */
import { z } from 'zod';
import type { Dispatcher } from 'undici';
import { isAppError } from '../../src-shared/errors.js';
import type { AccessTokenProvider } from './app-token-provider.js';
import { aadstsCodeOf, entraFailureKind, entraMessage } from './entra-errors.js';
import { getJson, jwtClaims } from './graph-http.js';

export const consentProbeSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('granted'), tenantId: z.string(), roles: z.array(z.string()) }),
  z.object({ state: z.literal('missing'), via: z.enum(['token', 'graph']), message: z.string() }),
  z.object({ state: z.literal('failed'), kind: z.string(), aadsts: z.number().int().nullable(), message: z.string() }),
]);
export type ConsentProbeResult = z.infer<typeof consentProbeSchema>;

export async function probeConsentOnce(tokens: AccessTokenProvider, dispatcher: Dispatcher, graphBaseUrl: string): Promise<ConsentProbeResult> {
  let token: string;
  try {
    token = await tokens.getAccessToken({ forceRefresh: true });
  } catch (error) {
    const code = aadstsCodeOf(isAppError(error) ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}` : error);
    const kind = entraFailureKind(code);
    if (kind === 'consent-missing') return { state: 'missing', via: 'token', message: entraMessage(code) ?? 'Admin consent is missing.' };
    const message = entraMessage(code) ?? (isAppError(error) ? error.message : 'Could not obtain a token from Entra ID.');
    return { state: 'failed', kind: kind ?? (code === null ? 'unreachable' : 'unknown'), aadsts: code, message };
  }
  let reply;
  try {
    reply = await getJson(dispatcher, `${graphBaseUrl}/users?$top=1&$select=id`, token);
  } catch {
    return { state: 'failed', kind: 'unreachable', aadsts: null, message: 'Microsoft Graph cannot be reached: check the network and proxy settings.' };
  }
  if (reply.status === 403) {
    return { state: 'missing', via: 'graph', message: 'Microsoft Graph refuses access: the permissions were removed or consent was revoked. Connect the organisation again.' };
  }
  if (reply.status !== 200) return { state: 'failed', kind: 'unknown', aadsts: null, message: `Microsoft Graph answered HTTP ${reply.status} to the consent check.` };
  const claims = jwtClaims(token);
  return {
    state: 'granted',
    tenantId: typeof claims['tid'] === 'string' ? claims['tid'] : '',
    roles: Array.isArray(claims['roles']) ? claims['roles'].filter((r): r is string => typeof r === 'string') : [],
  };
}
