/**
 * Access tokens for the sandbox's Graph: RS256 JWTs shaped like Entra's app-only v1 tokens
 * (aud, iss, tid, appid, roles, idtyp), signed with a key made at start and published on the
 * JWKS endpoint. Graph routes verify them against the injected clock, so expiry is testable
 * without waiting. An app-only token carries the app roles granted when it was minted; with none
 * granted Entra still issues it, without a `roles` claim (identity platform, client credentials
 * flow: "app-only tokens can be issued without a roles claim").
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, errors as joseErrors, exportJWK, jwtVerify, type JWK } from 'jose';

export type TokenCheck =
  | { ok: true; appId: string; kind: 'app' | 'user'; /** App roles (app-only tokens); empty for user tokens. */ roles: string[] }
  | { ok: false; reason: 'expired' | 'invalid' };

/** The signed-in user of a delegated token (authorization code / refresh token grants). */
export type DelegatedSubject = { userId: string; username: string; name: string; scopes: string[] };

export interface TokenIssuer {
  /** An app-only access token carrying `roles` (no `roles` claim at all when empty, as Entra). */
  issue(audience: string, roles: readonly string[]): Promise<string>;
  /** A delegated (user) access token: `scp` instead of `roles`, `idtyp: user`. */
  issueDelegated(audience: string, subject: DelegatedSubject): Promise<string>;
  /** An OpenID Connect id_token (v2.0) for the app itself as audience. */
  issueIdToken(issuer: string, subject: DelegatedSubject, nonce: string | null): Promise<string>;
  verify(token: string): Promise<TokenCheck>;
  jwks(): Promise<{ keys: JWK[] }>;
  readonly lifetimeSeconds: number;
}

export function createTokenIssuer(options: {
  tenantId: string;
  clientId: string;
  audiences: string[];
  lifetimeSeconds: number;
  clock: () => Date;
}): TokenIssuer {
  const { privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const issuer = `https://sts.windows.net/${options.tenantId}/`;
  const seconds = () => Math.floor(options.clock().getTime() / 1000);
  return {
    lifetimeSeconds: options.lifetimeSeconds,
    issue(audience, roles) {
      const now = seconds();
      return new SignJWT({
        tid: options.tenantId,
        appid: options.clientId,
        app_displayname: 'Correspondent',
        idtyp: 'app',
        ...(roles.length > 0 ? { roles: [...roles] } : {}),
        oid: options.clientId,
        ver: '1.0',
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(issuer)
        .setSubject(options.clientId)
        .setAudience(audience)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + options.lifetimeSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
    issueDelegated(audience, subject) {
      const now = seconds();
      return new SignJWT({
        tid: options.tenantId,
        appid: options.clientId,
        app_displayname: 'Correspondent',
        idtyp: 'user',
        scp: subject.scopes.join(' '),
        oid: subject.userId,
        upn: subject.username,
        name: subject.name,
        ver: '1.0',
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(issuer)
        .setSubject(subject.userId)
        .setAudience(audience)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + options.lifetimeSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
    issueIdToken(idIssuer, subject, nonce) {
      const now = seconds();
      return new SignJWT({
        tid: options.tenantId,
        oid: subject.userId,
        preferred_username: subject.username,
        name: subject.name,
        ver: '2.0',
        ...(nonce ? { nonce } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(idIssuer)
        .setSubject(subject.userId)
        .setAudience(options.clientId)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + 3600)
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer,
          audience: options.audiences,
          algorithms: ['RS256'],
          currentDate: options.clock(),
        });
        const roles = Array.isArray(payload['roles']) ? payload['roles'].filter((r): r is string => typeof r === 'string') : [];
        return { ok: true, appId: typeof payload['appid'] === 'string' ? payload['appid'] : '', kind: payload['idtyp'] === 'app' ? 'app' : 'user', roles };
      } catch (error) {
        const expired = error instanceof joseErrors.JWTExpired || (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf');
        return { ok: false, reason: expired ? 'expired' : 'invalid' };
      }
    },
    async jwks() {
      const jwk = await exportJWK(publicKey);
      return { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] };
    },
  };
}
