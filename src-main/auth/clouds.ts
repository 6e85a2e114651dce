/**
 * National clouds: each sets both the Entra authority host and the Graph host (microsoft-graph.md
 * 1.10). Tokens are not interchangeable across clouds, so the pair is chosen together. The sandbox
 * tenant is a "custom" cloud whose hosts are the sandbox's own, exactly like a national cloud.
 */
export type CloudName = 'global' | 'usgov-high' | 'usgov-dod' | 'china';

export type CloudEndpoints = { authorityHost: string; graphBaseUrl: string };

export const CLOUDS: Record<CloudName, CloudEndpoints> = {
  global: { authorityHost: 'login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com/v1.0' },
  'usgov-high': { authorityHost: 'login.microsoftonline.us', graphBaseUrl: 'https://graph.microsoft.us/v1.0' },
  'usgov-dod': { authorityHost: 'login.microsoftonline.us', graphBaseUrl: 'https://dod-graph.microsoft.us/v1.0' },
  china: { authorityHost: 'login.chinacloudapi.cn', graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn/v1.0' },
};

/** The `.default` scope of a Graph base URL: app-only tokens must ask for exactly one resource. */
export function graphDefaultScope(graphBaseUrl: string): string {
  return `${new URL(graphBaseUrl).origin}/.default`;
}
