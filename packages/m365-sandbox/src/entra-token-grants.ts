/**
 * The token endpoint's grants (graph doc 1.3-1.5, 1.8): client credentials with a secret, HTTP
 * Basic or a certificate assertion; authorization code with PKCE (single-use, 10-minute codes);
 * refresh tokens (rotated on each use, expired by inactivity). The app's standing in the tenant
 * decides client credentials (entra-tenant-standing.ts): no service principal fails with 7000229
 * or 700016; otherwise a token is issued with the granted app roles - none at all when nobody
 * consented - and Graph decides. Refreshes of delegated tokens without delegated consent are
 * refused with 65001 (consent_required), as Entra refuses a user flow without consent.
 */
import { createHash } from 'node:crypto';
import { AAD, aadError, type AadErrorSpec } from './entra-errors.js';
import { checkClientAssertion } from './entra-assertion.js';
import { header, type SandboxRequest, type SandboxResponse } from './http-types.js';
import { isOurTenant, type SandboxContext } from './sandbox-context.js';
import type { DelegatedSubject } from './token-issuer.js';

const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const NO_STORE = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };

type Form = Record<string, string | undefined>;
type Fail = (spec: AadErrorSpec) => SandboxResponse;

function basicCredentials(request: SandboxRequest): { id: string; secret: string } | null {
  const match = header(request, 'authorization')?.match(/^Basic\s+(.+)$/i);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** Resources whose `/.default` scope this sandbox grants, and which Graph accepts as audience. */
export function graphResources(context: Pick<SandboxContext, 'baseUrl' | 'graphBaseUrl'>): string[] {
  return [GRAPH_RESOURCE, context.baseUrl, context.graphBaseUrl, '00000003-0000-0000-c000-000000000000'];
}

/** Authenticates a confidential client; null when `required` is false and no credential was sent. */
async function authenticateClient(context: SandboxContext, request: SandboxRequest, form: Form, clientId: string, required: boolean): Promise<AadErrorSpec | null> {
  const basic = basicCredentials(request);
  const secret = form['client_secret'] ?? basic?.secret;
  if (form['client_assertion'] !== undefined) return checkClientAssertion(context, clientId, form['client_assertion'], form['client_assertion_type']);
  if (secret === undefined) return required ? AAD.missingCredential() : null;
  const check = context.entra.checkSecret(secret);
  if (check === 'expired') return AAD.expiredSecret(clientId);
  if (check === 'invalid') return AAD.invalidSecret(clientId);
  return null;
}

async function clientCredentials(context: SandboxContext, form: Form, fail: Fail): Promise<SandboxResponse> {
  if (!form['scope']) return fail(AAD.missingParameter('scope'));
  const scopes = form['scope'].split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
  const defaults = scopes.filter((s) => s.endsWith('/.default'));
  if (defaults.length > 1) return fail(AAD.multipleResources());
  const resource = defaults[0]?.slice(0, -'/.default'.length).replace(/\/$/, '');
  if (scopes.length !== 1 || !resource || !graphResources(context).includes(resource)) return fail(AAD.invalidScope(form['scope']));
  const standing = context.entra.consentState();
  if (!standing.servicePrincipal) {
    return fail(standing.registeredIn === 'this-tenant' ? AAD.servicePrincipalMissing(context.clientId, context.tenantId) : AAD.appNotFound(context.clientId, context.tenantId));
  }
  const accessToken = await context.tokens.issue(resource, standing.roles);
  const lifetime = context.tokens.lifetimeSeconds;
  return { status: 200, headers: NO_STORE, json: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken } };
}

/** Graph scopes without their resource prefix, plus the OIDC ones, as Entra echoes them. */
function delegatedScopes(context: SandboxContext, raw: string): string[] {
  const prefixes = graphResources(context).filter((r) => r.startsWith('https://')).map((r) => `${r}/`);
  return [
    ...new Set(
      raw
        .split(/\s+/)
        .filter(Boolean)
        .map((s) => prefixes.reduce((scope, prefix) => (scope.startsWith(prefix) ? scope.slice(prefix.length) : scope), s)),
    ),
  ];
}

async function delegatedResponse(context: SandboxContext, userId: string, scopes: string[], nonce: string | null): Promise<SandboxResponse | AadErrorSpec> {
  const user = context.state.findUser(userId);
  if (!user) return AAD.refreshInvalid();
  const subject: DelegatedSubject = { userId: user.graphId, username: user.address, name: user.displayName, scopes: scopes.filter((s) => !OIDC_SCOPES.has(s)) };
  const lower = new Set(scopes.map((s) => s.toLowerCase()));
  const lifetime = context.tokens.lifetimeSeconds;
  const json: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: scopes.join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: await context.tokens.issueDelegated(GRAPH_RESOURCE, subject),
    client_info: Buffer.from(JSON.stringify({ uid: user.graphId, utid: context.tenantId })).toString('base64url'),
  };
  if (lower.has('offline_access')) json['refresh_token'] = context.entra.issueRefreshToken({ clientId: context.clientId, scopes, userId: user.graphId });
  if (lower.has('openid')) json['id_token'] = await context.tokens.issueIdToken(`${context.baseUrl}/${context.tenantId}/v2.0`, subject, nonce);
  return { status: 200, headers: NO_STORE, json };
}

async function authorizationCode(context: SandboxContext, form: Form, fail: Fail): Promise<SandboxResponse> {
  const code = form['code'];
  if (!code) return fail(AAD.missingParameter('code'));
  const record = context.entra.redeemCode(code);
  if (record === 'redeemed') return fail(AAD.codeRedeemed());
  if (record === 'expired' || record === 'unknown') return fail(AAD.codeExpired());
  if (form['redirect_uri'] !== record.redirectUri) return fail(AAD.redirectMismatch());
  const verifier = form['code_verifier'];
  if (!verifier) return fail(AAD.missingParameter('code_verifier'));
  if (createHash('sha256').update(verifier).digest('base64url') !== record.codeChallenge) return fail(AAD.pkceMismatch());
  const result = await delegatedResponse(context, record.userId, record.scopes, record.nonce);
  return 'status' in result ? result : fail(result);
}

async function refreshToken(context: SandboxContext, form: Form, fail: Fail): Promise<SandboxResponse> {
  const token = form['refresh_token'];
  if (!token) return fail(AAD.missingParameter('refresh_token'));
  const record = context.entra.useRefreshToken(token);
  if (record === 'unknown') return fail(AAD.refreshInvalid());
  if (record === 'inactive') return fail(AAD.refreshInactive());
  if (!context.entra.consentState().delegated) return fail(AAD.consentRequired(context.clientId));
  const requested = form['scope'] ? delegatedScopes(context, form['scope']) : record.scopes;
  const granted = new Set(record.scopes.map((s) => s.toLowerCase()));
  const scopes = requested.filter((s) => granted.has(s.toLowerCase()));
  const result = await delegatedResponse(context, record.userId, scopes.length > 0 ? scopes : record.scopes, null);
  return 'status' in result ? result : fail(result);
}

export async function tokenEndpoint(context: SandboxContext, request: SandboxRequest): Promise<SandboxResponse> {
  const now = context.clock();
  const tenant = request.params['tenant'] ?? '';
  const form: Form = Object.fromEntries(new URLSearchParams(request.body));
  const fail: Fail = (spec) => aadError(request, spec, now, request.clientRequestId ?? form['client-request-id']);
  if (!isOurTenant(context, tenant)) return fail(AAD.tenantNotFound(tenant));
  const grant = form['grant_type'];
  if (!grant) return fail(AAD.missingParameter('grant_type'));
  const clientId = form['client_id'] ?? basicCredentials(request)?.id;
  if (!clientId) return fail(AAD.missingParameter('client_id'));
  if (clientId !== context.clientId) return fail(AAD.appNotFound(clientId, tenant));
  if (grant !== 'client_credentials' && grant !== 'authorization_code' && grant !== 'refresh_token') return fail(AAD.unsupportedGrant(grant));
  const denied = await authenticateClient(context, request, form, clientId, grant === 'client_credentials');
  if (denied) return fail(denied);
  if (grant === 'client_credentials') return clientCredentials(context, form, fail);
  if (grant === 'authorization_code') return authorizationCode(context, form, fail);
  return refreshToken(context, form, fail);
}
