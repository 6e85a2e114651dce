/**
 * Consent health as a named state the console and sync health show, never a stack trace:
 * whether consent is present, when and by whom it was given, and whether the credential is
 * expired or expiring (certificates from notAfter, secrets from the date entered at setup; a
 * warning 30 days ahead). Expiry known locally is reported without a network call. Consent is
 * judged permission by permission from the probe (consent-probe.ts): an incomplete grant is
 * 'permissions-missing' naming what is missing, never "healthy".
 */
import type { ConsentHealth } from '../../src-shared/setup.js';
import type { TenantConfig } from '../settings/tenant-config.js';
import type { ConsentProbeResult } from './consent-probe.js';

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 3600_000;

export { CONSENT_HEALTH_STATES, consentHealthSchema, type ConsentHealth } from '../../src-shared/setup.js';
export type ConsentHealthState = ConsentHealth['state'];

const FAILURE_STATES: Record<string, ConsentHealthState> = {
  'consent-denied': 'consent-denied',
  'secret-invalid': 'credential-invalid',
  'certificate-invalid': 'credential-invalid',
  'credential-expired': 'credential-expired',
  'clock-skew': 'clock-skew',
  'tenant-not-found': 'tenant-not-found',
  'app-not-found': 'app-not-found',
  'service-principal-missing': 'service-principal-missing',
  'sign-in-required': 'sign-in-required',
  'blocked-by-policy': 'blocked-by-policy',
  misconfigured: 'misconfigured',
  unreachable: 'unreachable',
};

export async function consentHealth(config: TenantConfig | null, probe: () => Promise<ConsentProbeResult>, now: () => Date): Promise<ConsentHealth> {
  const checkedAt = now().toISOString();
  if (!config) return { state: 'not-configured', message: 'No Microsoft 365 tenant is connected yet: run the setup.', checkedAt, consent: null, connectedBy: null, credential: null, aadsts: null, permissions: null };
  const expiresOn = config.credential.kind === 'certificate' ? config.credential.notAfter : config.credential.expiresOn;
  const daysLeft = expiresOn ? Math.floor((Date.parse(expiresOn) - now().getTime()) / DAY_MS) : null;
  const what = config.credential.kind === 'certificate' ? 'certificate' : 'client secret';
  const base = {
    checkedAt,
    consent: config.consent,
    // Who granted consent only when it is known; a later sign-in did not grant the consent before it.
    connectedBy: config.consent ? config.consent.grantedBy : (config.connectedBy?.username ?? null),
    credential: { kind: config.credential.kind, expiresOn, daysLeft },
    aadsts: null,
    permissions: null,
  };
  const day = expiresOn?.slice(0, 10);
  if (expiresOn && Date.parse(expiresOn) <= now().getTime()) {
    return { ...base, state: 'credential-expired', message: `The ${what} expired on ${day}: create a new one in the app registration and enter it here.` };
  }
  const result = await probe();
  if (result.state === 'missing') {
    return config.consent
      ? { ...base, state: 'consent-revoked', message: `Consent given on ${config.consent.grantedAt.slice(0, 10)} has been revoked or the permissions were removed: connect the organisation again.` }
      : { ...base, state: 'consent-pending', message: 'Admin consent has not been granted yet: connect the organisation, or send the consent link to a Global Administrator.' };
  }
  if (result.state === 'failed') {
    return { ...base, aadsts: result.aadsts, state: FAILURE_STATES[result.kind] ?? 'error', message: result.message };
  }
  const permissions = result.permissions;
  if (result.state === 'partial') {
    const missing = permissions.filter((p) => !p.granted).map((p) => `${p.name} (${p.usedFor})`);
    return {
      ...base,
      permissions,
      state: 'permissions-missing',
      message: `Consent is incomplete: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not granted. Add ${missing.length === 1 ? 'it' : 'them'} under "API permissions" of the app registration as application permissions, then grant admin consent again (Connect organisation).`,
    };
  }
  const scoped = permissions.some((p) => p.via === 'exchange-rbac') ? ' Mail access comes from Exchange RBAC for Applications (scoped to its management scope).' : '';
  if (daysLeft !== null && daysLeft <= EXPIRY_WARNING_DAYS) {
    return { ...base, permissions, state: 'expiring-soon', message: `The ${what} expires on ${day} (in ${daysLeft} days): create a new one before then, or the sync stops.` };
  }
  const when = config.consent ? ` on ${config.consent.grantedAt.slice(0, 10)}` : '';
  if (config.consent?.via === 'link') {
    const setUpBy = config.connectedBy ? ` Set up by ${config.connectedBy.username}.` : '';
    return { ...base, permissions, state: 'healthy', message: `Connected: consent granted through the consent link${when} (Microsoft does not tell the app who approved it).${setUpBy}${scoped}` };
  }
  const who = base.connectedBy ? ` by ${base.connectedBy}` : '';
  return { ...base, permissions, state: 'healthy', message: `Connected: consent granted${who}${when}.${scoped}` };
}
