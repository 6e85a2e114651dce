/**
 * Entra ID as msal-node sees it (graph doc 1.4, 1.6-1.8): OpenID discovery, instance discovery,
 * the signing keys, and the client-credentials token endpoint with Entra's exact error codes.
 * The tenant segment is accepted as the tenant GUID or any of its domains.
 */
import { z } from 'zod';
import { AAD, aadError } from './entra-errors.js';
import { header, type Route, type SandboxRequest, type SandboxResponse } from './http-types.js';
import { isOurTenant, type SandboxContext } from './sandbox-context.js';

const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const GENERIC_TENANTS = new Set(['common', 'organizations', 'consumers']);

const tokenFormSchema = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  scope: z.string().optional(),
  'client-request-id': z.string().optional(),
});

/** Resources whose `/.default` scope this sandbox grants, and which Graph accepts as audience. */
export function graphAudiences(context: Pick<SandboxContext, 'baseUrl' | 'graphBaseUrl'>): string[] {
  return [GRAPH_RESOURCE, context.baseUrl, context.graphBaseUrl, GRAPH_APP_ID];
}

function openIdConfiguration(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const tenant = request.params['tenant'] ?? '';
  const generic = GENERIC_TENANTS.has(tenant.toLowerCase());
  if (!generic && !isOurTenant(context, tenant)) {
    return aadError(request, { ...AAD.tenantNotFound(tenant), error: 'invalid_tenant' }, context.clock());
  }
  const segment = generic ? tenant.toLowerCase() : context.tenantId;
  const base = `${context.baseUrl}/${segment}`;
  return {
    status: 200,
    headers: { 'cache-control': 'max-age=86400, private' },
    json: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${context.baseUrl}/${generic ? '{tenantid}' : context.tenantId}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${context.graphBaseUrl.replace(/\/v1\.0$/, '')}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
      tenant_region_scope: 'EU',
      cloud_instance_name: context.authorityHost,
      cloud_graph_host_name: context.authorityHost,
      msgraph_host: context.authorityHost,
      rbac_url: context.baseUrl,
    },
  };
}

function instanceDiscovery(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const endpoint = request.url.searchParams.get('authorization_endpoint') ?? '';
  const target = URL.canParse(endpoint) ? new URL(endpoint) : null;
  if (!target || target.host !== context.authorityHost) {
    return {
      status: 400,
      json: { error: 'invalid_instance', error_description: 'AADSTS50049: Unknown or invalid instance.', error_codes: [50049] },
    };
  }
  const tenant = target.pathname.split('/')[1] || 'common';
  return {
    status: 200,
    json: {
      tenant_discovery_endpoint: `${context.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: context.authorityHost, preferred_cache: context.authorityHost, aliases: [context.authorityHost] }],
    },
  };
}

function basicCredentials(request: SandboxRequest): { id: string; secret: string } | null {
  const value = header(request, 'authorization');
  const match = value?.match(/^Basic\s+(.+)$/i);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

async function token(context: SandboxContext, request: SandboxRequest): Promise<SandboxResponse> {
  const now = context.clock();
  const tenant = request.params['tenant'] ?? '';
  const form = tokenFormSchema.safeParse(Object.fromEntries(new URLSearchParams(request.body)));
  const fields = form.success ? form.data : {};
  const fail = (spec: Parameters<typeof aadError>[1]) => aadError(request, spec, now, request.clientRequestId ?? fields['client-request-id']);
  if (!isOurTenant(context, tenant)) return fail(AAD.tenantNotFound(tenant));
  if (!fields.grant_type) return fail(AAD.missingParameter('grant_type'));
  if (fields.grant_type !== 'client_credentials') return fail(AAD.unsupportedGrant(fields.grant_type));
  const basic = basicCredentials(request);
  const clientId = fields.client_id ?? basic?.id;
  if (!clientId) return fail(AAD.missingParameter('client_id'));
  if (clientId !== context.clientId) return fail(AAD.appNotFound(clientId, tenant));
  const secret = fields.client_secret ?? basic?.secret;
  if (secret === undefined) return fail(AAD.missingCredential());
  if (secret !== context.clientSecret) return fail(AAD.invalidSecret(clientId));
  if (!fields.scope) return fail(AAD.missingParameter('scope'));
  const scopes = fields.scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
  const defaults = scopes.filter((s) => s.endsWith('/.default'));
  if (defaults.length > 1) return fail(AAD.multipleResources());
  const resource = defaults[0]?.slice(0, -'/.default'.length).replace(/\/$/, '');
  if (scopes.length !== 1 || !resource || !graphAudiences(context).includes(resource)) return fail(AAD.invalidScope(fields.scope));
  const accessToken = await context.tokens.issue(resource);
  return {
    status: 200,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
    json: {
      token_type: 'Bearer',
      expires_in: context.tokens.lifetimeSeconds,
      ext_expires_in: context.tokens.lifetimeSeconds,
      access_token: accessToken,
    },
  };
}

export function entraRoutes(context: SandboxContext): Route[] {
  const keys = async (): Promise<SandboxResponse> => ({ status: 200, json: await context.tokens.jwks() });
  return [
    { method: 'GET', path: '/:tenant/v2.0/.well-known/openid-configuration', handler: (r) => openIdConfiguration(context, r) },
    { method: 'GET', path: '/common/discovery/instance', handler: (r) => instanceDiscovery(context, r) },
    { method: 'GET', path: '/:tenant/discovery/v2.0/keys', handler: keys },
    { method: 'GET', path: '/:tenant/discovery/keys', handler: keys },
    { method: 'POST', path: '/:tenant/oauth2/v2.0/token', handler: (r) => token(context, r) },
  ];
}
