/**
 * A started sandbox with a trusted client and an app token, plus the two loops every Graph test
 * needs: one GET with the bearer token, and a whole delta round followed to its deltaLink.
 */
import { expect } from 'vitest';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '@correspondent/m365-sandbox';
import { sandboxClient, type JsonResponse, type SandboxClient } from './sandbox-client.js';

export type Message = Record<string, unknown> & { id: string };
export type Round = { pages: JsonResponse[]; items: Message[]; deltaLink: string };

export type GraphSession = {
  sandbox: SandboxHandle;
  client: SandboxClient;
  token(): string;
  refreshToken(): Promise<string>;
  graph(pathOrUrl: string, headers?: Record<string, string>): Promise<JsonResponse>;
  url(pathOrUrl: string): string;
  round(url: string, headers?: Record<string, string>): Promise<Round>;
  close(): Promise<void>;
};

export const values = (r: JsonResponse) => r.body['value'] as Message[];
export const graphErrorOf = (r: JsonResponse) => r.body['error'] as { code: string; message: string; innerError: Record<string, unknown> };

export async function openGraphSession(options: SandboxOptions = {}): Promise<GraphSession> {
  const sandbox = await startSandbox(options);
  const client = sandboxClient(sandbox.caPem);
  let token = '';
  const refreshToken = async () => {
    const response = await client.postForm(`${sandbox.authority}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    token = String(response.body['access_token']);
    return token;
  };
  await refreshToken();
  const url = (pathOrUrl: string) => (pathOrUrl.startsWith('https://') ? pathOrUrl : `${sandbox.graphBaseUrl}${pathOrUrl}`);
  const graph = (pathOrUrl: string, headers: Record<string, string> = {}) => client.get(url(pathOrUrl), { authorization: `Bearer ${token}`, ...headers });
  const round = async (start: string, headers: Record<string, string> = {}): Promise<Round> => {
    const pages: JsonResponse[] = [];
    let next: string | undefined = start;
    while (next) {
      const page = await graph(next, headers);
      expect(page.status).toBe(200);
      pages.push(page);
      next = page.body['@odata.nextLink'] as string | undefined;
      if (next) expect(page.body['@odata.deltaLink']).toBeUndefined();
    }
    const deltaLink = pages.at(-1)!.body['@odata.deltaLink'] as string;
    expect(deltaLink).toContain('$deltatoken=');
    return { pages, items: pages.flatMap(values), deltaLink };
  };
  return {
    sandbox,
    client,
    token: () => token,
    refreshToken,
    graph,
    url,
    round,
    close: async () => {
      await client.close();
      await sandbox.stop();
    },
  };
}

/** The mailbox with the most inbox mail in the ground truth. */
export function busiestMailbox(sandbox: SandboxHandle): string {
  const counts = new Map<string, number>();
  for (const g of sandbox.groundTruth) if (g.folder === 'inbox') counts.set(g.mailbox, (counts.get(g.mailbox) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}
