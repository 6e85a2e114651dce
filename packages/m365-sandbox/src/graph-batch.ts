/**
 * JSON batching, `POST /v1.0/$batch` (graph concepts/json-batching.md, microsoft-graph.md 6.5):
 * at most 20 requests, ids unique, urls relative to the version root, `headers` required with a
 * `body`; an unparseable batch, more than 20 requests or a duplicate id fail the whole batch with
 * 400, anything else answers 200 with one `{ id, status, headers, body }` per request, in any order
 * (served shuffled here, so a client that relies on the order fails). Every member is dispatched
 * to the same route a top-level request would reach - behind the same authorization gate, token
 * check and traffic layer - so each is counted, limited and throttled on its own (a member can be
 * a 429 with its own Retry-After inside a 200 batch). Outlook runs at most 4 members of a batch in
 * parallel; `dependsOn` sequences members, and a member whose dependency failed answers 424.
 * Members inherit only the batch's Authorization header, as in Graph.
 */
import Router from 'find-my-way';
import { z } from 'zod';
import { graphError } from './graph-responses.js';
import type { BatchMemberLog, Route, RouteHandler, SandboxRequest, SandboxResponse } from './http-types.js';
import { createRng } from './prng.js';
import type { SandboxContext } from './sandbox-context.js';
import { contentIdsOf, responseBytes } from './response-ledger.js';

/** Graph's documented limit on requests per batch. */
export const MAX_BATCH_REQUESTS = 20;
/** Outlook members of one batch run at most this many at once (throttling-limits, Outlook). */
export const BATCH_PARALLEL_MEMBERS = 4;

const memberSchema = z.object({
  id: z.string().min(1),
  method: z.string().min(1),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
const batchSchema = z.object({ requests: z.array(z.unknown()) });

type Member = z.infer<typeof memberSchema>;
type MemberResult = { id: string; status: number; headers: Record<string, string>; body: unknown; log: BatchMemberLog };

function badRequest(context: SandboxContext, request: SandboxRequest, message: string): SandboxResponse {
  return graphError(context, request, 400, 'BadRequest', message);
}

/** Splits a semaphore of `size` slots among async tasks. */
function semaphore(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

export function graphBatchRoutes(context: SandboxContext, graphRoutes: readonly Route[]): Route[] {
  const router = Router({ ignoreTrailingSlash: true, caseSensitive: false });
  for (const route of graphRoutes) router.on(route.method, route.path, () => undefined, { handler: route.handler });
  let batches = 0;

  async function runMember(outer: SandboxRequest, version: string, member: Member): Promise<MemberResult> {
    const relative = member.url.replace(/^\/+/, '');
    const done = (response: SandboxResponse, path: string): MemberResult => {
      const body = response.json !== undefined ? response.json : (response.text ?? null);
      const log: BatchMemberLog = { id: member.id, method: member.method.toUpperCase(), path, status: response.status, bytes: responseBytes(body), contentOf: contentIdsOf(body) };
      return { id: member.id, status: response.status, headers: { ...(response.headers ?? {}) }, body, log };
    };
    if (/^[a-z]+:\/\//i.test(relative)) return done(badRequest(context, outer, 'The url of a batch request must be relative to the version root.'), member.url);
    const url = new URL(`/${version}/${relative}`, outer.url);
    const path = url.pathname.replace(/([A-Za-z]+)\('([^']*)'\)/g, (_m, segment: string, key: string) => `${segment}/${key}`);
    const method = member.method.toUpperCase();
    const found = router.find(method as 'GET', path);
    const handler = (found?.store as { handler?: RouteHandler } | undefined)?.handler;
    const shown = `${url.pathname}${url.search}`;
    if (!handler) return done(badRequest(context, outer, `Resource not found for the segment '${path.split('/').at(-1) ?? ''}'.`), shown);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(member.headers ?? {})) headers[name.toLowerCase()] = value;
    if (typeof outer.headers.authorization === 'string') headers['authorization'] = outer.headers.authorization;
    const request: SandboxRequest = {
      method,
      path,
      url,
      params: Object.fromEntries(Object.entries(found?.params ?? {}).map(([k, v]) => [k, v ?? ''])),
      headers,
      body: member.body === undefined ? '' : typeof member.body === 'string' ? member.body : JSON.stringify(member.body),
      requestId: outer.requestId,
      clientRequestId: headers['client-request-id'] ?? outer.clientRequestId,
    };
    return done(await handler(request), shown);
  }

  async function batch(request: SandboxRequest): Promise<SandboxResponse> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return badRequest(context, request, 'Invalid batch payload format.');
    }
    const envelope = batchSchema.safeParse(parsed);
    if (!envelope.success) return badRequest(context, request, 'Invalid batch payload format: a "requests" array is required.');
    if (envelope.data.requests.length === 0) return badRequest(context, request, 'Invalid batch payload format: the batch holds no requests.');
    if (envelope.data.requests.length > MAX_BATCH_REQUESTS) {
      return badRequest(context, request, `Invalid batch payload format: a batch holds at most ${MAX_BATCH_REQUESTS} requests (${envelope.data.requests.length} sent).`);
    }
    const members: Member[] = [];
    for (const raw of envelope.data.requests) {
      const member = memberSchema.safeParse(raw);
      if (!member.success) return badRequest(context, request, 'Invalid batch payload format: every request needs an id, a method and a url.');
      if (member.data.body !== undefined && !Object.keys(member.data.headers ?? {}).some((h) => h.toLowerCase() === 'content-type')) {
        return badRequest(context, request, `Invalid batch payload format: request ${member.data.id} has a body but no Content-Type header.`);
      }
      members.push(member.data);
    }
    const ids = members.map((m) => m.id.toLowerCase());
    if (new Set(ids).size !== ids.length) return badRequest(context, request, 'Invalid batch payload format: the request ids of a batch must be unique.');
    for (const member of members) {
      for (const dependency of member.dependsOn ?? []) {
        if (!ids.includes(dependency.toLowerCase())) return badRequest(context, request, `Invalid batch payload format: request ${member.id} depends on an unknown request ${dependency}.`);
      }
    }

    const version = request.path.toLowerCase().startsWith('/beta/') ? 'beta' : 'v1.0';
    const parallel = semaphore(BATCH_PARALLEL_MEMBERS);
    const results = new Map<string, Promise<MemberResult>>();
    const resultOf = (member: Member): Promise<MemberResult> => {
      const key = member.id.toLowerCase();
      let result = results.get(key);
      if (!result) {
        result = (async () => {
          const dependencies = await Promise.all((member.dependsOn ?? []).map((d) => resultOf(members.find((m) => m.id.toLowerCase() === d.toLowerCase())!)));
          if (dependencies.some((d) => d.status >= 400)) {
            const failed = graphError(context, request, 424, 'FailedDependency', 'A request this request depends on failed.');
            return { id: member.id, status: 424, headers: failed.headers ?? {}, body: failed.json, log: { id: member.id, method: member.method.toUpperCase(), path: member.url, status: 424, bytes: responseBytes(failed.json), contentOf: [] } };
          }
          return parallel(() => runMember(request, version, member));
        })();
        results.set(key, result);
      }
      return result;
    };
    const settled = await Promise.all(members.map(resultOf));
    // Graph answers in any order: shuffled, so a client that pairs by position fails here.
    const rng = createRng(0x5eed + (batches += 1));
    const order = settled.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const shuffled = order.map((i) => settled[i]!);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      json: { responses: shuffled.map(({ id, status, headers, body }) => ({ id, status, headers, body })) },
      members: shuffled.map((r) => r.log),
    };
  }

  return [
    { method: 'POST', path: '/v1.0/$batch', handler: batch },
    { method: 'POST', path: '/beta/$batch', handler: batch },
  ];
}
