/** Consent health states (setup.ts CONSENT_HEALTH_STATES) as words; the sentence next to it says what to do. */
const LABELS: Record<string, string> = {
  'not-configured': 'Not set up',
  'consent-pending': 'Waiting for consent',
  healthy: 'Healthy',
  'expiring-soon': 'Credential expires soon',
  'consent-revoked': 'Consent revoked',
  'consent-denied': 'Consent denied',
  'credential-expired': 'Credential expired',
  'credential-invalid': 'Credential not accepted',
  'clock-skew': 'Clock out of step',
  'tenant-not-found': 'Tenant not found',
  'app-not-found': 'App registration not found',
  'sign-in-required': 'Sign-in required',
  'blocked-by-policy': 'Blocked by a policy',
  misconfigured: 'Set up incorrectly',
  unreachable: 'Microsoft not reachable',
  error: 'Check failed',
};

export function consentLabel(state: string): string {
  return LABELS[state] ?? state;
}
