/**
 * "Connect organisation": admin consent through the system browser, never an embedded window.
 * The tenant is checked first (OpenID discovery), so a wrong tenant or cloud ends in a clear
 * message instead of a browser stranded on Microsoft's error page; then the v2 admin-consent URL
 * is opened with our loopback listener as the redirect. Every path ends in a named outcome
 * (granted, denied, wrong tenant, timed out, cancelled, failed), never a hang. An operator who is
 * not a Global Administrator copies the same URL as a link instead, and `waitForConsent` notices
 * when someone approves it.
 */
import { randomBytes } from 'node:crypto';
import type { ConsentOutcome } from '../../src-shared/setup.js';
import type { Dispatcher } from 'undici';
import type { Logger } from '../logging/logger.js';
import type { TenantConfigStore } from '../settings/tenant-config.js';
import { adminConsentUrl, nativeClientRedirect, type ConsentTarget } from './consent-urls.js';
import { probeConsentOnce, type ConsentProbeOptions, type ConsentProbeResult } from './consent-probe.js';
import { aadstsCodeOf, entraMessage } from './entra-errors.js';
import { getJson } from './graph-http.js';
import type { AccessTokenProvider } from './app-token-provider.js';
import { startLoopbackListener, type LoopbackPage } from './loopback-listener.js';

export { consentOutcomeSchema, type ConsentOutcome } from '../../src-shared/setup.js';

/** Opens a URL in the system browser (Electron: shell.openExternal; headless: print it). */
export type OpenBrowser = (url: string) => Promise<void>;

export interface ConsentService {
  startConsent(options: { openBrowser: OpenBrowser; signal?: AbortSignal }): Promise<ConsentOutcome>;
  /** The same admin-consent URL, to send to a Global Administrator. */
  consentLink(): Promise<string>;
  /** Checks consent now (token + Graph) and records it when newly found (a partial grant counts as given). */
  probeConsent(options?: ConsentProbeOptions): Promise<ConsentProbeResult>;
  /** Probes every `intervalMs` until consent is found or `signal` aborts. */
  waitForConsent(options: { intervalMs: number; signal: AbortSignal }): Promise<ConsentProbeResult>;
}

export type ConsentServiceDeps = {
  store: TenantConfigStore;
  tokens: AccessTokenProvider;
  dispatcher: Dispatcher;
  logger: Logger;
  clock: () => Date;
  /** How long the browser may take (default 10 minutes). */
  timeoutMs?: number;
};

const newState = () => randomBytes(24).toString('base64url');

function describeRedirect(params: URLSearchParams): LoopbackPage {
  if (params.has('error')) {
    const code = aadstsCodeOf(params.get('error_description') ?? '');
    return { ok: false, title: 'Consent was not granted', message: entraMessage(code) ?? `Microsoft answered: ${params.get('error') ?? 'error'}.` };
  }
  if (params.get('admin_consent') === 'True') return { ok: true, title: 'Organisation connected', message: 'Admin consent was granted. Correspondent is checking access to Microsoft 365 now.' };
  return { ok: false, title: 'Unexpected answer', message: 'Microsoft did not say whether consent was granted. Try again.' };
}

export function createConsentService(deps: ConsentServiceDeps): ConsentService {
  const { store, logger } = deps;

  async function target(): Promise<ConsentTarget> {
    const config = await store.read();
    if (!config) throw new Error('no tenant is configured');
    return { authorityHost: config.authorityHost, tenant: config.tenantId ?? config.tenant, clientId: config.clientId, graphBaseUrl: config.graphBaseUrl };
  }

  /** The tenant GUID from OpenID discovery, or the reason it cannot be found. */
  async function resolveTenant(t: ConsentTarget): Promise<{ tenantId: string } | ConsentOutcome> {
    let reply;
    try {
      reply = await getJson(deps.dispatcher, `https://${t.authorityHost}/${encodeURIComponent(t.tenant)}/v2.0/.well-known/openid-configuration`);
    } catch {
      return { outcome: 'failed', message: `Microsoft's sign-in service (${t.authorityHost}) cannot be reached: check the network and proxy settings.` };
    }
    const issuer = typeof reply.body['issuer'] === 'string' ? reply.body['issuer'] : '';
    const tenantId = /\/([0-9a-f-]{36})\/v2\.0\/?$/i.exec(issuer)?.[1];
    if (reply.status !== 200 || !tenantId) {
      return { outcome: 'wrong-tenant', message: `The tenant "${t.tenant}" does not exist in this cloud (${t.authorityHost}): check the tenant name or ID and the selected cloud.` };
    }
    return { tenantId: tenantId.toLowerCase() };
  }

  async function record(via: 'browser' | 'link', tenantId: string | null): Promise<void> {
    await store.update((c) => ({
      ...c,
      tenantId: tenantId ?? c.tenantId,
      // Through the browser the signed-in admin (if any) is the one who approved; through a forwarded
      // link someone else did, and Microsoft's redirect does not say who: better unknown than wrong.
      consent: { grantedAt: deps.clock().toISOString(), grantedBy: via === 'browser' ? (c.connectedBy?.username ?? null) : null, via },
    }));
  }

  async function probeConsent(options: ConsentProbeOptions = {}): Promise<ConsentProbeResult> {
    const config = await store.read();
    if (!config) throw new Error('no tenant is configured');
    const result = await probeConsentOnce(deps.tokens, deps.dispatcher, config.graphBaseUrl, options);
    // An admin consented (fully or in part): record it; what is missing is consent health's to say.
    const given = result.state === 'granted' || result.state === 'partial';
    if (given && !config.consent) {
      await record('link', result.tenantId || null);
      logger.info({ tenantId: result.tenantId }, 'admin consent detected');
    }
    if (given && config.consent && !config.tenantId && result.tenantId) {
      await store.update((c) => ({ ...c, tenantId: result.tenantId }));
    }
    return result;
  }

  return {
    async startConsent({ openBrowser, signal }) {
      const t = await target();
      const resolved = await resolveTenant(t);
      if ('outcome' in resolved) return resolved;
      const state = newState();
      const listener = await startLoopbackListener({ state, timeoutMs: deps.timeoutMs ?? 10 * 60_000, describe: describeRedirect, ...(signal ? { signal } : {}) });
      try {
        await openBrowser(adminConsentUrl({ ...t, tenant: resolved.tenantId }, listener.redirectUri, state));
      } catch (error) {
        await listener.close();
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not open the system browser');
        return { outcome: 'failed', message: 'The system browser could not be opened: use "Copy consent link" and open it yourself.' };
      }
      const outcome = await listener.outcome;
      if (outcome.kind === 'timeout') {
        return { outcome: 'timed-out', message: 'No answer came back from the browser (it may have been closed): nothing was changed. Start "Connect organisation" again.' };
      }
      if (outcome.kind === 'cancelled') return { outcome: 'cancelled', message: 'Connecting the organisation was cancelled.' };
      const params = outcome.params;
      if (params.has('error')) {
        const aadsts = aadstsCodeOf(params.get('error_description') ?? '');
        logger.info({ error: params.get('error'), aadsts }, 'admin consent refused');
        return { outcome: 'denied', aadsts, message: entraMessage(aadsts) ?? `Consent was not granted (${params.get('error') ?? 'error'}).` };
      }
      if (params.get('admin_consent') !== 'True') return { outcome: 'failed', message: 'Microsoft did not confirm the consent. Try again.' };
      // The redirect's `tenant` is attacker-controllable: the tenant id comes from the signed token of the probe.
      await record('browser', resolved.tenantId);
      const probe = await probeConsent();
      const confirmed = probe.state === 'granted' || probe.state === 'partial';
      logger.info({ tenantId: resolved.tenantId, confirmed }, 'admin consent granted');
      return {
        outcome: 'granted',
        tenantId: confirmed ? probe.tenantId : resolved.tenantId,
        confirmed,
        message:
          probe.state === 'partial'
            ? `The organisation is connected, but the consent is incomplete: ${probe.missing.join(', ')} not granted. Add the missing application permissions to the app registration and connect again.`
            : confirmed
              ? 'The organisation is connected.'
              : 'Consent was granted; Microsoft can take a few minutes to apply it. Correspondent checks again by itself.',
      };
    },
    async consentLink() {
      return adminConsentUrl(await target(), nativeClientRedirect((await target()).authorityHost), newState());
    },
    probeConsent,
    async waitForConsent({ intervalMs, signal }) {
      for (;;) {
        const result = await probeConsent();
        if (result.state === 'granted' || result.state === 'partial' || signal.aborted) return result;
        const aborted = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), intervalMs);
          timer.unref();
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve(true);
          }, { once: true });
        });
        if (aborted) return result;
      }
    },
  };
}
