/**
 * The org's OAuth 2.0 token endpoint (/services/oauth2/token) for one connected app: the client
 * credentials flow (client_id + client_secret, tokens issued for the app's run-as user) and the
 * JWT bearer flow (an RS256 assertion signed with the key of the certificate uploaded to the app,
 * iss = consumer key, sub = a pre-authorized username, aud = the login URL, exp at most minutes
 * ahead). Access tokens are opaque, as Salesforce's are, and no expires_in is returned: a session
 * ends after the org's session timeout and the API then answers INVALID_SESSION_ID. Errors follow
 * RFC 6749/7523 as Salesforce sends them (docs/crm-salesforce.md).
 */
import { randomBytes } from 'node:crypto';
import { importX509, jwtVerify } from 'jose';
import type { SimResponse } from '../https-server.js';

export type ConnectedApp = {
  clientId: string;
  clientSecret: string;
  /** The certificate uploaded for the JWT bearer flow (PEM), or null when the app has none. */
  certificatePem: string | null;
  /** Client credentials flow: the run-as user; null = the flow is not enabled for the app. */
  runAsUsername: string | null;
  /** JWT bearer flow: usernames pre-authorized (admin-approved users, a permission set or profile). */
  preAuthorizedUsernames: string[];
};

type Session = { username: string; expiresAt: number };

const oauthError = (status: number, error: string, description: string): SimResponse => ({ status, json: { error, error_description: description } });

export class SalesforceAuth {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private app: ConnectedApp,
    private readonly orgId: string,
    private readonly userIdOf: (username: string) => string | null,
    private readonly options: { loginUrl: () => string; sessionTimeoutMs: number; clock: () => Date },
  ) {}

  /** The admin regenerates the consumer secret: the old one is refused from now on. */
  rotateSecret(secret: string): void {
    this.app = { ...this.app, clientSecret: secret };
  }

  /** Every issued token stops working (an admin revoked the app's sessions or OAuth tokens). */
  revokeSessions(): void {
    this.sessions.clear();
  }

  /** Every issued token's session times out now. */
  expireSessions(): void {
    for (const session of this.sessions.values()) session.expiresAt = 0;
  }

  /** The session of a bearer token, or null (unknown, revoked or timed out). */
  session(authorization: string | undefined): Session | null {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || session.expiresAt <= this.options.clock().getTime()) return null;
    return session;
  }

  async token(body: string): Promise<SimResponse> {
    const form = new URLSearchParams(body);
    const grant = form.get('grant_type');
    if (!grant) return oauthError(400, 'invalid_request', 'grant type is missing');
    if (grant === 'client_credentials') return this.clientCredentials(form);
    if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') return this.jwtBearer(form.get('assertion'));
    return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }

  private clientCredentials(form: URLSearchParams): SimResponse {
    if (form.get('client_id') !== this.app.clientId) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
    if (form.get('client_secret') !== this.app.clientSecret) return oauthError(400, 'invalid_client', 'invalid client credentials');
    if (!this.app.runAsUsername) return oauthError(400, 'invalid_grant', 'no client credentials user enabled');
    return this.issue(this.app.runAsUsername);
  }

  private async jwtBearer(assertion: string | null): Promise<SimResponse> {
    if (!assertion) return oauthError(400, 'invalid_request', 'assertion is missing');
    if (!this.app.certificatePem) return oauthError(400, 'invalid_client', 'invalid client credentials');
    let payload: Record<string, unknown>;
    try {
      const key = await importX509(this.app.certificatePem, 'RS256');
      ({ payload } = await jwtVerify(assertion, key, { algorithms: ['RS256'], currentDate: this.options.clock() }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') return oauthError(400, 'invalid_grant', 'expired authorization code');
      return oauthError(400, 'invalid_grant', 'invalid assertion');
    }
    if (payload['iss'] !== this.app.clientId) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
    const audiences = Array.isArray(payload['aud']) ? payload['aud'] : [payload['aud']];
    if (!audiences.includes(this.options.loginUrl())) return oauthError(400, 'invalid_grant', 'audience is invalid');
    if (typeof payload['exp'] !== 'number') return oauthError(400, 'invalid_grant', 'invalid assertion');
    const username = typeof payload['sub'] === 'string' ? payload['sub'] : '';
    if (!this.userIdOf(username)) return oauthError(400, 'invalid_grant', 'user hasn\'t approved this consumer');
    if (!this.app.preAuthorizedUsernames.includes(username)) return oauthError(400, 'invalid_grant', 'user hasn\'t approved this consumer');
    return this.issue(username);
  }

  private issue(username: string): SimResponse {
    const userId = this.userIdOf(username);
    if (!userId) return oauthError(400, 'invalid_grant', 'user is inactive or does not exist');
    const token = `${this.orgId}!${randomBytes(48).toString('base64url')}`;
    const now = this.options.clock().getTime();
    this.sessions.set(token, { username, expiresAt: now + this.options.sessionTimeoutMs });
    const loginUrl = this.options.loginUrl();
    return {
      status: 200,
      json: {
        access_token: token,
        signature: randomBytes(32).toString('base64'),
        scope: 'api',
        instance_url: loginUrl,
        id: `${loginUrl}/id/${this.orgId}/${userId}`,
        token_type: 'Bearer',
        issued_at: String(now),
      },
    };
  }
}
