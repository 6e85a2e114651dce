/**
 * msal-node's network module over our undici dispatcher. msal-node 7 has no proxy or CA option of
 * its own; handing it this client makes the corporate proxy, the extra CA bundle and the sandbox's
 * CA apply to token requests exactly as they do to Graph.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { request, type Dispatcher } from 'undici';

async function send<T>(
  dispatcher: Dispatcher,
  method: 'GET' | 'POST',
  url: string,
  options: NetworkRequestOptions | undefined,
  timeoutMs: number | undefined,
): Promise<NetworkResponse<T>> {
  const response = await request(url, {
    method,
    dispatcher,
    headers: options?.headers ?? {},
    ...(options?.body !== undefined ? { body: options.body } : {}),
    ...(timeoutMs ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs } : {}),
  });
  const text = await response.body.text();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: unknown = {};
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      // msal inspects `error` fields of the body; a non-JSON body (proxy page, outage) becomes a typed one.
      body = { error: 'invalid_response', error_description: `Non-JSON response (HTTP ${response.statusCode})` };
    }
  }
  return { headers, body: body as T, status: response.statusCode };
}

export function createMsalNetworkClient(dispatcher: Dispatcher): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>(dispatcher, 'GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(dispatcher, 'POST', url, options, undefined),
  };
}
