/**
 * Entra ID token-endpoint error bodies (graph doc 1.8): `error`, an `error_description` that
 * starts with `AADSTSnnnn:`, integer `error_codes`, and the trace/correlation ids and timestamp
 * that msal surfaces. `correlation_id` echoes the caller's client-request-id.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from './http-types.js';

export type AadErrorSpec = { status: 400 | 401; error: string; code: number; description: string; suberror?: string };

function aadTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function aadError(request: SandboxRequest, spec: AadErrorSpec, now: Date, correlationId?: string): SandboxResponse {
  const traceId = randomUUID();
  const correlation = correlationId ?? request.clientRequestId ?? randomUUID();
  const timestamp = aadTimestamp(now);
  return {
    status: spec.status,
    headers: { 'cache-control': 'no-store, no-cache', 'x-ms-request-id': traceId },
    json: {
      error: spec.error,
      error_description: `AADSTS${spec.code}: ${spec.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
      error_codes: [spec.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlation,
      error_uri: `${request.url.origin}/error?code=${spec.code}`,
      ...(spec.suberror ? { suberror: spec.suberror } : {}),
    },
  };
}

export const AAD = {
  tenantNotFound: (tenant: string): AadErrorSpec => ({
    status: 400,
    error: 'invalid_request',
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  missingParameter: (name: string): AadErrorSpec => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrant: (grant: string): AadErrorSpec => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description: `The app requested an unsupported grant type '${grant}'.`,
  }),
  appNotFound: (clientId: string, tenant: string): AadErrorSpec => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  /** The app has no service principal in the tenant (teams-sdk troubleshooting shows 401 invalid_client). */
  servicePrincipalMissing: (clientId: string, tenantId: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 7000229,
    description: `The client application ${clientId} is missing service principal in the tenant ${tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
  }),
  invalidSecret: (clientId: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  missingCredential: (): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  invalidScope: (scope: string): AadErrorSpec => ({
    status: 400,
    error: 'invalid_scope',
    code: 70011,
    description: `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
  }),
  multipleResources: (): AadErrorSpec => ({
    status: 400,
    error: 'invalid_scope',
    code: 700022,
    description: 'The provided value for the input parameter scope is not valid because it contains more than one resource.',
  }),
  expiredSecret: (clientId: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 7000222,
    description: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app.`,
  }),
  consentRequired: (clientId: string): AadErrorSpec => ({
    status: 400,
    error: 'invalid_grant',
    code: 65001,
    description: `The user or administrator has not consented to use the application with ID '${clientId}' named 'Correspondent'. Send an interactive authorization request for this user and resource.`,
    suberror: 'consent_required',
  }),
  assertionTime: (): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700024,
    description: 'Client assertion is not within its valid time range. Ensure that the clock of the machine that created the assertion is correct.',
  }),
  assertionSignature: (reason: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `Client assertion failed signature validation. [Reason - ${reason}]`,
  }),
  assertionAudience: (audience: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700212,
    description: `No matching federated identity record found for presented assertion audience '${audience}'.`,
  }),
  assertionSubject: (): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700021,
    description: "Client assertion application identifier doesn't match 'client_id' parameter.",
  }),
  assertionMalformed: (what: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 50027,
    description: `JWT token is invalid or malformed: ${what}.`,
  }),
  codeRedeemed: (): AadErrorSpec => ({
    status: 400,
    error: 'invalid_grant',
    code: 54005,
    description: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  }),
  codeExpired: (): AadErrorSpec => ({
    status: 400,
    error: 'invalid_grant',
    code: 70008,
    description: 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  }),
  pkceMismatch: (): AadErrorSpec => ({
    status: 400,
    error: 'invalid_grant',
    code: 501481,
    description: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  }),
  redirectMismatch: (): AadErrorSpec => ({
    status: 400,
    error: 'invalid_grant',
    code: 500117,
    description: "The reply uri specified in the request isn't a match with the reply uri used in the authorization request.",
  }),
  refreshInactive: (): AadErrorSpec => ({
    status: 400,
    error: 'invalid_grant',
    code: 700082,
    description: 'The refresh token has expired due to inactivity. The token was issued on a date and was inactive for 90:00:00:00.',
    suberror: 'bad_token',
  }),
  refreshInvalid: (): AadErrorSpec => ({
    status: 400,
    error: 'invalid_grant',
    code: 9002313,
    description: 'Invalid request. Request is malformed or invalid.',
  }),
  publicClientCredential: (): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700025,
    description: 'Client is public so neither \'client_assertion\' nor \'client_secret\' should be presented.',
  }),
};
