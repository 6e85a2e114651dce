/**
 * Certificate credentials (graph doc 1.4): the client_assertion JWT a confidential client signs
 * with its certificate's private key. Checked as Entra does: a registered certificate named by
 * `x5t#S256` (or legacy `x5t`), the signature (RS256/PS256), `aud` = this tenant's token
 * endpoint, `iss` = `sub` = the client id, a `jti`, and `nbf`/`exp` against the sandbox's clock,
 * which a test may skew to provoke AADSTS700024.
 */
import { compactVerify, decodeProtectedHeader } from 'jose';
import { AAD, type AadErrorSpec } from './entra-errors.js';
import { isOurTenant, type SandboxContext } from './sandbox-context.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function audienceOk(context: SandboxContext, audience: unknown): boolean {
  const values = Array.isArray(audience) ? audience : [audience];
  return values.some((value) => {
    if (typeof value !== 'string' || !URL.canParse(value)) return false;
    const url = new URL(value);
    const match = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/.exec(url.pathname);
    return url.origin === context.baseUrl && match?.[1] !== undefined && isOurTenant(context, decodeURIComponent(match[1]));
  });
}

/** Null when the assertion authenticates `clientId`; otherwise the Entra error to answer. */
export async function checkClientAssertion(context: SandboxContext, clientId: string, assertion: string, assertionType: string | undefined): Promise<AadErrorSpec | null> {
  if (assertionType !== JWT_BEARER) return AAD.assertionMalformed(`client_assertion_type must be ${JWT_BEARER}`);
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return AAD.assertionMalformed('the assertion is not a JWT');
  }
  const key = context.entra.certificateKey(header as { 'x5t#S256'?: unknown; x5t?: unknown });
  if (!key) return AAD.assertionSignature('The key was not found.');
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(assertion, key, { algorithms: ['RS256', 'PS256'] }));
  } catch {
    return AAD.assertionSignature('The signature does not verify with the registered certificate.');
  }
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payloadBytes).toString('utf8')) as Record<string, unknown>;
  } catch {
    return AAD.assertionMalformed('the payload is not JSON');
  }
  if (claims['iss'] !== clientId || claims['sub'] !== clientId) return AAD.assertionSubject();
  if (!audienceOk(context, claims['aud'])) return AAD.assertionAudience(String(claims['aud']));
  if (typeof claims['jti'] !== 'string' || claims['jti'].length === 0) return AAD.assertionMalformed('the jti claim is missing');
  const nbf = claims['nbf'] ?? claims['iat'];
  const exp = claims['exp'];
  if (typeof nbf !== 'number' || typeof exp !== 'number') return AAD.assertionMalformed('nbf and exp are required');
  const now = context.clock().getTime() / 1000 + context.entra.clockSkewSeconds;
  const tolerance = context.entra.assertionToleranceSeconds;
  if (nbf > now + tolerance || exp < now - tolerance) return AAD.assertionTime();
  return null;
}
