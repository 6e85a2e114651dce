/**
 * Entra ID's token endpoint as a Dataverse client sees it (client credentials, v2.0 endpoint,
 * scope `{environment URL}/.default`), with the same body shapes as the Microsoft 365 sandbox's
 * Entra: a Bearer token with `expires_in`, or an AADSTS error (7000215 wrong or revoked secret,
 * 700016 unknown app, 90002 unknown tenant, 500011 unknown resource). Tokens are opaque here and
 * expire on the simulator's clock; `expireAll` makes every issued one fail as an expired token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from '@correspondent/crm-sandbox/hubspot/simulator-https.js';

type AadSpec = { status: 400 | 401; error: string; code: number; description: string };

function aadError(spec: AadSpec, now: number, origin: string): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = `${new Date(now).toISOString().slice(0, 19).replace('T', ' ')}Z`;
  return {
    status: spec.status,
    headers: { 'cache-control': 'no-store, no-cache' },
    json: {
      error: spec.error,
      error_description: `AADSTS${spec.code}: ${spec.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [spec.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${origin}/error?code=${spec.code}`,
    },
  };
}

export class DataverseEntra {
  private readonly issued = new Map<string, number>();
  secret = randomBytes(24).toString('base64url');
  private secretRevoked = false;

  constructor(
    readonly tenantId: string,
    readonly clientId: string,
    private readonly resources: () => string[],
    private readonly clock: () => number,
    readonly lifetimeSeconds: number,
  ) {}

  revokeSecret(): void {
    this.secretRevoked = true;
  }

  rotateSecret(): string {
    this.secret = randomBytes(24).toString('base64url');
    this.secretRevoked = false;
    return this.secret;
  }

  expireAll(): void {
    for (const token of this.issued.keys()) this.issued.set(token, 0);
  }

  /** 'valid', 'expired' or 'unknown' for a bearer token presented to the Web API. */
  check(token: string): 'valid' | 'expired' | 'unknown' {
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined) return 'unknown';
    return expiresAt > this.clock() ? 'valid' : 'expired';
  }

  token(request: SimRequest, origin: string): SimResponse {
    const now = this.clock();
    const form = Object.fromEntries(new URLSearchParams(request.body));
    const tenant = request.params['tenant'] ?? '';
    if (tenant !== this.tenantId) {
      return aadError({ status: 400, error: 'invalid_request', code: 90002, description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.` }, now, origin);
    }
    if (form['grant_type'] !== 'client_credentials') {
      return aadError({ status: 400, error: 'unsupported_grant_type', code: 70003, description: `The app requested an unsupported grant type '${form['grant_type'] ?? ''}'.` }, now, origin);
    }
    if (form['client_id'] !== this.clientId) {
      return aadError({ status: 400, error: 'unauthorized_client', code: 700016, description: `Application with identifier '${form['client_id'] ?? ''}' was not found in the directory '${tenant}'.` }, now, origin);
    }
    if (this.secretRevoked || form['client_secret'] !== this.secret) {
      return aadError({ status: 401, error: 'invalid_client', code: 7000215, description: 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.' }, now, origin);
    }
    const scope = (form['scope'] ?? '').split(/\s+/).find((s) => s.endsWith('/.default'));
    const resource = scope?.slice(0, -'/.default'.length).replace(/\/$/, '');
    if (!resource || !this.resources().includes(resource)) {
      return aadError({ status: 400, error: 'invalid_resource', code: 500011, description: `The resource principal named ${resource ?? ''} was not found in the tenant named ${tenant}.` }, now, origin);
    }
    const accessToken = `dv.${randomBytes(24).toString('base64url')}`;
    this.issued.set(accessToken, now + this.lifetimeSeconds * 1000);
    return {
      status: 200,
      headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
      json: { token_type: 'Bearer', expires_in: this.lifetimeSeconds, ext_expires_in: this.lifetimeSeconds, access_token: accessToken },
    };
  }
}
