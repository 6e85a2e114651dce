/**
 * Access tokens for a connected app (docs/crm-salesforce.md): the OAuth 2.0 client credentials flow
 * (consumer key and secret, POSTed to the My Domain's /services/oauth2/token; the token acts as the
 * app's run-as user) or the JWT bearer flow (an RS256 assertion signed with the private key of the
 * certificate uploaded to the app: iss = consumer key, sub = the integration user's username,
 * aud = the login host, exp three minutes ahead). Salesforce returns no expiry: a token is used
 * until the API answers INVALID_SESSION_ID, then exchanged once for a new one (salesforce-api.ts).
 * A refused grant is `crm-auth`, naming Salesforce's error code, never the secret.
 */
import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Dispatcher } from 'undici';
import type { SalesforceSettings } from '../../../../src-shared/crm-connection.js';
import { AppError } from '../../../../src-shared/errors.js';
import { crmHttp } from '../crm-http.js';

export type SalesforceSession = { accessToken: string; instanceUrl: string };

const ASSERTION_LIFETIME_S = 180;

/** The JWT's audience: the login host, never a My Domain (Salesforce requires login or test). */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname;
  if (host.endsWith('.sandbox.my.salesforce.com')) return 'https://test.salesforce.com';
  if (host.endsWith('.my.salesforce.com')) return 'https://login.salesforce.com';
  return loginUrl;
}

async function assertion(settings: SalesforceSettings, privateKeyPem: string, now: Date): Promise<string> {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (cause) {
    throw new AppError('invalid-input', 'The Salesforce JWT bearer flow needs a PEM private key (the key of the certificate uploaded to the connected app).', { cause });
  }
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(settings.clientId)
    .setSubject(settings.username ?? '')
    .setAudience(jwtAudience(settings.loginUrl))
    .setExpirationTime(issuedAt + ASSERTION_LIFETIME_S)
    .sign(key);
}

export async function requestSalesforceToken(dispatcher: Dispatcher, settings: SalesforceSettings, secret: string, now: Date, signal?: AbortSignal): Promise<SalesforceSession> {
  const form = new URLSearchParams(
    settings.flow === 'client-credentials'
      ? { grant_type: 'client_credentials', client_id: settings.clientId, client_secret: secret }
      : { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: await assertion(settings, secret, now) },
  );
  const reply = await crmHttp(dispatcher, `Salesforce (${settings.loginUrl})`, {
    method: 'POST',
    url: `${settings.loginUrl}/services/oauth2/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    ...(signal ? { signal } : {}),
  });
  const body = (reply.body ?? {}) as Record<string, unknown>;
  if (reply.status === 200 && typeof body['access_token'] === 'string' && typeof body['instance_url'] === 'string') {
    return { accessToken: body['access_token'], instanceUrl: body['instance_url'].replace(/\/+$/, '') };
  }
  if (reply.status >= 500) throw new AppError('crm-unreachable', `Salesforce's token endpoint answered ${reply.status}.`, { retryable: true });
  const error = typeof body['error'] === 'string' ? body['error'] : `HTTP ${reply.status}`;
  const description = typeof body['error_description'] === 'string' ? body['error_description'] : '';
  throw new AppError('crm-auth', `Salesforce refused the ${settings.flow} sign-in: ${error}${description ? ` (${description})` : ''}. Check the consumer key, the ${settings.flow === 'client-credentials' ? 'consumer secret and the run-as user' : 'certificate, the username and its pre-authorization'} of the connected app.`);
}
