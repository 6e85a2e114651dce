/**
 * Whether the app holds the tenant's consent, found out the way the sync would: a fresh app-only
 * token and cheap Graph reads. A token alone proves nothing - Entra issues one without a `roles`
 * claim when nothing was granted - so its roles are checked against every permission the product
 * needs (app-permissions.ts): none granted is "missing", some is "partial" with the missing ones
 * named. A 403 from Graph means the permissions were removed while a token minted earlier is still
 * valid. Mail.Read absent from the token may still be granted by Exchange RBAC for Applications
 * (scoped, never in the token): one mailbox read decides. Token errors map through entra-errors.ts
 * (7000229: no service principal here; 700016: the app is unknown in this tenant).
 * This is how the app notices by itself that a Global Administrator approved a forwarded consent
 * link, and how consent health spots a revocation or an incomplete grant.
 */
import { z } from 'zod';
import type { Dispatcher } from 'undici';
import { isAppError } from '../../src-shared/errors.js';
import type { AccessTokenProvider } from './app-token-provider.js';
import { checkPermissions, rolesOfToken } from './app-permissions.js';
import { aadstsCodeOf, entraFailureKind, entraMessage } from './entra-errors.js';
import { getJson, jwtClaims } from './graph-http.js';

const permissionSchema = z.object({ name: z.string(), granted: z.boolean(), via: z.enum(['entra', 'exchange-rbac']).nullable(), usedFor: z.string() });
export type ProbedPermission = z.infer<typeof permissionSchema>;

export const consentProbeSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('granted'), tenantId: z.string(), roles: z.array(z.string()), permissions: z.array(permissionSchema) }),
  z.object({ state: z.literal('partial'), tenantId: z.string(), roles: z.array(z.string()), permissions: z.array(permissionSchema), missing: z.array(z.string()) }),
  z.object({ state: z.literal('missing'), via: z.enum(['token', 'roles', 'graph']), message: z.string() }),
  z.object({ state: z.literal('failed'), kind: z.string(), aadsts: z.number().int().nullable(), message: z.string() }),
]);
export type ConsentProbeResult = z.infer<typeof consentProbeSchema>;

export type ConsentProbeOptions = {
  /** Mailboxes whose mail the app should read (the opted-in ones), tried when Mail.Read is not in the token. */
  mailboxes?: readonly string[];
};

const MAIL_PROBES = 3;
const usersSchema = z.object({ value: z.array(z.object({ id: z.string(), mail: z.string().nullable().optional() })) });

async function tokenOrFailure(tokens: AccessTokenProvider): Promise<string | ConsentProbeResult> {
  try {
    return await tokens.getAccessToken({ forceRefresh: true });
  } catch (error) {
    const code = aadstsCodeOf(isAppError(error) ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}` : error);
    const kind = entraFailureKind(code);
    if (kind === 'consent-missing') return { state: 'missing', via: 'token', message: entraMessage(code) ?? 'Admin consent is missing.' };
    const message = entraMessage(code) ?? (isAppError(error) ? error.message : 'Could not obtain a token from Entra ID.');
    return { state: 'failed', kind: kind ?? (code === null ? 'unreachable' : 'unknown'), aadsts: code, message };
  }
}

/** True when Graph serves one of the mailboxes' mail to this token (Exchange RBAC for Applications). */
async function mailReadable(dispatcher: Dispatcher, graphBaseUrl: string, token: string, mailboxes: readonly string[]): Promise<boolean> {
  for (const mailbox of mailboxes.slice(0, MAIL_PROBES)) {
    const reply = await getJson(dispatcher, `${graphBaseUrl}/users/${encodeURIComponent(mailbox)}/mailFolders/inbox?$select=id`, token).catch(() => null);
    if (reply?.status === 200) return true;
  }
  return false;
}

export async function probeConsentOnce(tokens: AccessTokenProvider, dispatcher: Dispatcher, graphBaseUrl: string, options: ConsentProbeOptions = {}): Promise<ConsentProbeResult> {
  const token = await tokenOrFailure(tokens);
  if (typeof token !== 'string') return token;
  const roles = rolesOfToken(token);
  let reply;
  try {
    reply = await getJson(dispatcher, `${graphBaseUrl}/users?$top=${MAIL_PROBES}&$select=id,mail`, token);
  } catch {
    return { state: 'failed', kind: 'unreachable', aadsts: null, message: 'Microsoft Graph cannot be reached: check the network and proxy settings.' };
  }
  const checks = checkPermissions(roles);
  if (reply.status === 403 && checks.some((c) => c.name === 'User.Read.All' && c.granted)) {
    // The token says User.Read.All, Graph says no: removed since the token was minted.
    return { state: 'missing', via: 'graph', message: 'Microsoft Graph refuses access: the permissions were removed or consent was revoked. Connect the organisation again.' };
  }
  if (reply.status !== 200 && reply.status !== 403) return { state: 'failed', kind: 'unknown', aadsts: null, message: `Microsoft Graph answered HTTP ${reply.status} to the consent check.` };
  const permissions: ProbedPermission[] = checks.map((c) => ({ ...c, via: c.granted ? 'entra' : null }));
  const mail = permissions.find((p) => p.name === 'Mail.Read');
  if (mail && !mail.granted) {
    const listed = usersSchema.safeParse(reply.status === 200 ? reply.body : null);
    const candidates = options.mailboxes?.length ? options.mailboxes : listed.success ? listed.data.value.filter((u) => u.mail).map((u) => u.id) : [];
    if (await mailReadable(dispatcher, graphBaseUrl, token, candidates)) Object.assign(mail, { granted: true, via: 'exchange-rbac' });
  }
  const tenantId = typeof jwtClaims(token)['tid'] === 'string' ? String(jwtClaims(token)['tid']) : '';
  if (permissions.every((p) => !p.granted)) return { state: 'missing', via: 'roles', message: 'Admin consent has not been granted: the access token carries none of the permissions Correspondent needs.' };
  const missing = permissions.filter((p) => !p.granted).map((p) => p.name);
  return missing.length === 0 ? { state: 'granted', tenantId, roles, permissions } : { state: 'partial', tenantId, roles, permissions, missing };
}
