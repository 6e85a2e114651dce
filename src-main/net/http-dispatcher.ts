/**
 * One HTTP dispatcher for every Microsoft call (MSAL's and Graph's). Corporate networks put an
 * HTTPS proxy and a TLS-inspecting CA between us and Microsoft, and the sandbox tenant serves a CA
 * generated at start: both must apply to every request, which a process-wide environment variable
 * read at start-up (NODE_EXTRA_CA_CERTS) cannot do for a CA created later in the same process.
 */
import { rootCertificates } from 'node:tls';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';

export type HttpDispatcherOptions = {
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots, never replacing them. */
  extraCaPem?: string[];
  /** An HTTPS proxy URL such as http://proxy.corp.example:8080. */
  proxyUrl?: string | null;
  /** Hosts that bypass the proxy (NO_PROXY syntax: comma-separated, leading dot or * wildcards). */
  noProxy?: string | null;
  /** Connect / headers / body time-outs in milliseconds. */
  timeoutMs?: number;
};

export function createHttpDispatcher(options: HttpDispatcherOptions = {}): Dispatcher {
  const extra = options.extraCaPem ?? [];
  const ca = extra.length > 0 ? [...rootCertificates, ...extra] : undefined;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const common = {
    connectTimeout: Math.min(timeoutMs, 30_000),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 30_000,
  };
  if (options.proxyUrl && options.noProxy) {
    return new EnvHttpProxyAgent({
      httpProxy: options.proxyUrl,
      httpsProxy: options.proxyUrl,
      noProxy: options.noProxy,
      ...common,
      ...(ca ? { requestTls: { ca }, connect: { ca } } : {}),
    });
  }
  if (options.proxyUrl) {
    return new ProxyAgent({ uri: options.proxyUrl, ...common, ...(ca ? { requestTls: { ca } } : {}) });
  }
  return new Agent({ ...common, ...(ca ? { connect: { ca } } : {}) });
}
