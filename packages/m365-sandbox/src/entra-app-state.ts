/**
 * The sandbox's app registration and its standing in the tenant: credentials (secrets with
 * optional expiry, certificates by thumbprint), the registration's redirect URIs and listed
 * permissions (entra-app-registration.ts), the service principal and what an admin granted it
 * (entra-tenant-standing.ts), and the short-lived grants of the interactive flows (authorization
 * codes, refresh tokens). It also holds the "admin's decision" that tests and the demo set
 * instead of clicking through a consent page.
 */
import { createHash, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import type { AppRegistration } from './entra-app-registration.js';
import type { SandboxConsentState, TenantStanding } from './entra-tenant-standing.js';

export type ConsentDecision = 'approve' | 'deny';

export type CodeRecord = {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  userId: string;
  nonce: string | null;
  issuedAt: number;
  redeemed: boolean;
};

export type RefreshRecord = { clientId: string; scopes: string[]; userId: string; lastUsedAt: number; inactive: boolean };

export type SecretCheck = 'ok' | 'expired' | 'invalid';

const CODE_LIFETIME_MS = 10 * 60_000;
const REFRESH_INACTIVITY_MS = 90 * 24 * 3600_000;

const opaque = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export class EntraAppState {
  decision: ConsentDecision = 'approve';
  /** The user "signed in" at the authorize and consent pages (object id); null: the first user. */
  signedInUserId: string | null = null;
  /** How far the sandbox's clock runs ahead of the injected clock when it checks client assertions. */
  clockSkewSeconds = 0;
  /** Entra's tolerance for assertion nbf/exp. */
  readonly assertionToleranceSeconds = 300;
  private secrets: { value: string; expiresAt: number | null }[];
  private readonly certificates = new Map<string, KeyObject>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();

  constructor(
    initialSecret: string,
    readonly registration: AppRegistration,
    readonly standing: TenantStanding,
    private readonly clock: () => Date,
  ) {
    this.secrets = [{ value: initialSecret, expiresAt: null }];
  }

  private now(): number {
    return this.clock().getTime();
  }

  consentState(): SandboxConsentState {
    return this.standing.current();
  }

  /** Admin consent through `/.default`: grants what the registration lists, or `roles` when given. */
  grantConsent(by: string, roles: readonly string[] = this.registration.requiredPermissions): void {
    this.standing.grant(by, roles);
  }

  revokeConsent(): void {
    this.standing.revoke();
  }

  checkSecret(value: string): SecretCheck {
    const match = this.secrets.find((s) => s.value === value);
    if (!match) return 'invalid';
    return match.expiresAt !== null && match.expiresAt <= this.now() ? 'expired' : 'ok';
  }

  /** Replaces every secret with a new one (the old one is then refused with 7000215). */
  rotateSecret(expiresAt: Date | null = null): string {
    const value = randomBytes(30).toString('base64url');
    this.secrets = [{ value, expiresAt: expiresAt?.getTime() ?? null }];
    return value;
  }

  /** Marks every current secret as expired now (then refused with 7000222). */
  expireSecrets(): void {
    this.secrets = this.secrets.map((s) => ({ ...s, expiresAt: this.now() }));
  }

  /** Registers a certificate (PEM); returns its base64url SHA-256 thumbprint (the `x5t#S256` header). */
  addCertificate(certificatePem: string): string {
    const cert = new X509Certificate(certificatePem);
    const thumbprint = createHash('sha256').update(cert.raw).digest('base64url');
    const sha1 = createHash('sha1').update(cert.raw).digest('base64url');
    this.certificates.set(thumbprint, cert.publicKey);
    this.certificates.set(`sha1:${sha1}`, cert.publicKey);
    return thumbprint;
  }

  removeCertificates(): void {
    this.certificates.clear();
  }

  certificateKey(header: { 'x5t#S256'?: unknown; x5t?: unknown }): KeyObject | undefined {
    if (typeof header['x5t#S256'] === 'string') return this.certificates.get(header['x5t#S256']);
    if (typeof header.x5t === 'string') return this.certificates.get(`sha1:${header.x5t}`);
    return undefined;
  }

  issueCode(record: Omit<CodeRecord, 'issuedAt' | 'redeemed'>): string {
    const code = opaque('0.AX');
    this.codes.set(code, { ...record, issuedAt: this.now(), redeemed: false });
    return code;
  }

  /** The code's grant, once: a second redemption answers 'redeemed' (54005). */
  redeemCode(code: string): CodeRecord | 'unknown' | 'redeemed' | 'expired' {
    const record = this.codes.get(code);
    if (!record) return 'unknown';
    if (record.redeemed) return 'redeemed';
    record.redeemed = true;
    if (this.now() - record.issuedAt > CODE_LIFETIME_MS) return 'expired';
    return record;
  }

  issueRefreshToken(record: Omit<RefreshRecord, 'lastUsedAt' | 'inactive'>): string {
    const token = opaque('1.AX');
    this.refreshTokens.set(token, { ...record, lastUsedAt: this.now(), inactive: false });
    return token;
  }

  /** The refresh token's grant; old tokens stay valid after rotation, as in Entra. */
  useRefreshToken(token: string): RefreshRecord | 'unknown' | 'inactive' {
    const record = this.refreshTokens.get(token);
    if (!record) return 'unknown';
    if (record.inactive || this.now() - record.lastUsedAt > REFRESH_INACTIVITY_MS) return 'inactive';
    record.lastUsedAt = this.now();
    return record;
  }

  /** Simulates 90 days without use: every refresh token is then refused with 700082. */
  expireRefreshTokens(): void {
    for (const record of this.refreshTokens.values()) record.inactive = true;
  }
}
