/**
 * HTTPS clients for the sandbox that trust only its CA (an undici Agent with `ca`), never
 * NODE_TLS_REJECT_UNAUTHORIZED: one for plain Graph/Entra calls and msal's network module.
 */
import { Agent, fetch } from 'undici';

export type JsonResponse = { status: number; headers: Headers; body: Record<string, unknown> };

export type TextResponse = { status: number; headers: Headers; text: string };

export type SandboxClient = {
  get(url: string, headers?: Record<string, string>): Promise<JsonResponse>;
  /** The body as text, not parsed (for bodies that are deliberately broken); `signal` aborts. */
  getText(url: string, headers?: Record<string, string>, signal?: AbortSignal): Promise<TextResponse>;
  postForm(url: string, form: Record<string, string>, headers?: Record<string, string>): Promise<JsonResponse>;
  /** An msal-node INetworkModule over the same trusted agent. */
  msalNetworkClient: {
    sendGetRequestAsync<T>(url: string, options?: { headers?: Record<string, string> }): Promise<{ headers: Record<string, string>; body: T; status: number }>;
    sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<{ headers: Record<string, string>; body: T; status: number }>;
  };
  close(): Promise<void>;
};

export function sandboxClient(caPem: string): SandboxClient {
  const agent = new Agent({ connect: { ca: caPem } });
  const send = async (url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<JsonResponse> => {
    const response = await fetch(url, { ...init, dispatcher: agent });
    const text = await response.text();
    return { status: response.status, headers: response.headers as unknown as Headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const forMsal = async <T>(url: string, method: string, options?: { headers?: Record<string, string>; body?: string }) => {
    const response = await send(url, { method, ...(options?.headers ? { headers: options.headers } : {}), ...(options?.body !== undefined ? { body: options.body } : {}) });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    return { headers, body: response.body as T, status: response.status };
  };
  return {
    get: (url, headers = {}) => send(url, { method: 'GET', headers }),
    getText: async (url, headers = {}, signal) => {
      const response = await fetch(url, { method: 'GET', headers, dispatcher: agent, ...(signal ? { signal } : {}) });
      return { status: response.status, headers: response.headers as unknown as Headers, text: await response.text() };
    },
    postForm: (url, form, headers = {}) =>
      send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() }),
    msalNetworkClient: {
      sendGetRequestAsync: (url, options) => forMsal(url, 'GET', options),
      sendPostRequestAsync: (url, options) => forMsal(url, 'POST', options),
    },
    close: () => agent.close(),
  };
}
