/**
 * Which HTTPS proxy Microsoft calls go through: the admin's setting first, then the environment
 * (HTTPS_PROXY / NO_PROXY, either case), then the operating system's proxy as Electron resolves
 * it. The result feeds createHttpDispatcher, which MSAL (via its network client) and Graph share.
 */
export type ProxyChoice = { proxyUrl: string | null; noProxy: string | null; source: 'settings' | 'environment' | 'system' | 'none' };

/** Electron's `session.resolveProxy` answer ("PROXY host:port; DIRECT") as a proxy URL, or null for DIRECT. */
export function proxyFromPacResult(result: string): string | null {
  for (const entry of result.split(';').map((s) => s.trim())) {
    const match = /^(PROXY|HTTPS)\s+(\S+)$/i.exec(entry);
    if (match?.[2]) return `${match[1]?.toUpperCase() === 'HTTPS' ? 'https' : 'http'}://${match[2]}`;
    if (/^DIRECT$/i.test(entry)) return null;
  }
  return null;
}

export function resolveProxy(input: { configured?: string | null; env: Record<string, string | undefined>; system?: string | null }): ProxyChoice {
  const noProxy = input.env['NO_PROXY'] ?? input.env['no_proxy'] ?? null;
  if (input.configured) return { proxyUrl: input.configured, noProxy, source: 'settings' };
  const fromEnv = input.env['HTTPS_PROXY'] ?? input.env['https_proxy'];
  if (fromEnv) return { proxyUrl: fromEnv, noProxy, source: 'environment' };
  if (input.system) return { proxyUrl: input.system, noProxy, source: 'system' };
  return { proxyUrl: null, noProxy: null, source: 'none' };
}
