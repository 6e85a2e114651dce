/**
 * Entra ID as msal-node sees it (graph doc 1.2-1.8): OpenID discovery, instance discovery, the
 * signing keys, the token endpoint (entra-token-grants.ts) and the browser-facing authorize and
 * admin-consent endpoints (entra-authorize.ts), with Entra's exact error codes.
 * The tenant segment is accepted as the tenant GUID or any of its domains.
 */
import { AAD, aadError } from './entra-errors.js';
import { entraBrowserRoutes } from './entra-authorize.js';
import { graphResources, tokenEndpoint } from './entra-token-grants.js';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import { isOurTenant, type SandboxContext } from './sandbox-context.js';

const GENERIC_TENANTS = new Set(['common', 'organizations', 'consumers']);

/** Resources whose `/.default` scope this sandbox grants, and which Graph accepts as audience. */
export function graphAudiences(context: Pick<SandboxContext, 'baseUrl' | 'graphBaseUrl'>): string[] {
  return graphResources(context);
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

export function entraRoutes(context: SandboxContext): Route[] {
  const keys = async (): Promise<SandboxResponse> => ({ status: 200, json: await context.tokens.jwks() });
  return [
    { method: 'GET', path: '/:tenant/v2.0/.well-known/openid-configuration', handler: (r) => openIdConfiguration(context, r) },
    { method: 'GET', path: '/common/discovery/instance', handler: (r) => instanceDiscovery(context, r) },
    { method: 'GET', path: '/:tenant/discovery/v2.0/keys', handler: keys },
    { method: 'GET', path: '/:tenant/discovery/keys', handler: keys },
    { method: 'POST', path: '/:tenant/oauth2/v2.0/token', handler: (r) => tokenEndpoint(context, r) },
    ...entraBrowserRoutes(context),
  ];
}
