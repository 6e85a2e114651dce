/**
 * The message's Internet headers by lower-case name, every instance kept (two List-Unsubscribe
 * headers are themselves a signal). Built once per CRM-matched candidate, never for mail the
 * cheap rules already skipped.
 */
import type { MessageHeader } from '../read-message.js';

export type HeaderIndex = {
  has(name: string): boolean;
  /** The first value, trimmed, or null. */
  first(name: string): string | null;
  count(name: string): number;
  /** Lower-case names of the headers present. */
  names(): Iterable<string>;
};

const NONE: readonly string[] = [];

export function indexHeaders(headers: readonly MessageHeader[]): HeaderIndex {
  const map = new Map<string, string[]>();
  for (const header of headers) {
    const name = header.name.trim().toLowerCase();
    const values = map.get(name);
    if (values) values.push(header.value);
    else map.set(name, [header.value]);
  }
  return {
    has: (name) => map.has(name),
    first: (name) => (map.get(name) ?? NONE)[0]?.trim() ?? null,
    count: (name) => (map.get(name) ?? NONE).length,
    names: () => map.keys(),
  };
}
