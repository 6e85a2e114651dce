/**
 * `$expand=singleValueExtendedProperties($filter=id eq '...' [or id eq '...'])` on message list and
 * delta requests (graph doc 3.2, 4.1): the MAPI properties a client asks for by id, e.g.
 * `Integer 0x0036` (PidTagSensitivity). Other expansions are refused with the 400 Graph gives for
 * an unknown navigation property, so a client's typo fails here as it would against Graph.
 */
import { graphError } from './graph-responses.js';
import type { SandboxRequest, SandboxResponse } from './http-types.js';
import type { SandboxContext } from './sandbox-context.js';

const EXPAND = /^\s*singleValueExtendedProperties\s*\(\s*\$filter\s*=\s*(.+)\)\s*$/i;
const ID_EQ = /^\s*id\s+eq\s+'([^']+)'\s*$/i;

/** The property ids asked for (lower case), null without $expand, or the 400 response. */
export function parseExpand(context: SandboxContext, request: SandboxRequest): string[] | null | SandboxResponse {
  const raw = request.url.searchParams.get('$expand');
  if (raw === null || raw.trim() === '') return null;
  const match = EXPAND.exec(raw);
  const ids = match ? match[1]!.split(/\s+or\s+/i).map((part) => ID_EQ.exec(part)?.[1]?.trim().toLowerCase()) : [];
  if (!match || ids.length === 0 || ids.some((id) => id === undefined)) {
    return graphError(context, request, 400, 'RequestBroker--ParseUri', `Could not find a navigation property named '${raw.split('(')[0]!.trim()}' on type 'microsoft.graph.message', or its $filter is not supported.`);
  }
  return ids as string[];
}

/** The record's extended properties that were asked for, as Graph returns them. */
export function expandedProperties(data: Record<string, unknown>, ids: readonly string[]): { id: string; value: string }[] {
  const stored = Array.isArray(data['singleValueExtendedProperties']) ? (data['singleValueExtendedProperties'] as unknown[]) : [];
  return stored.filter(
    (p): p is { id: string; value: string } =>
      typeof p === 'object' && p !== null && typeof (p as { id?: unknown }).id === 'string' && ids.includes((p as { id: string }).id.trim().toLowerCase()),
  );
}
