/**
 * Compares what the sandbox answers with an example from Microsoft's documentation by shape, not
 * by value: the same JSON types at the same keys (ids, dates and tokens differ by nature). A
 * response the documentation marks truncated must contain its keys and may have more; an untruncated
 * one must have exactly its keys (plus any the fixture names as seen on the wire). In arrays, every
 * served item must have the shape of one documented item, and every documented kind of item must
 * be served. Headers: present, with a comparable value (media type, a number of seconds, an integer).
 */

export type ShapeOptions = { truncated: boolean; allowExtraKeys?: readonly string[] };

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'object') return type;
  throw new Error(`not a JSON value: ${type}`);
}

/** Every difference between the documented value's shape and the actual one, as "path: reason". */
export function shapeMismatches(documented: unknown, actual: unknown, options: ShapeOptions, path = '$'): string[] {
  // A documented null says nothing about the type (e.g. "deletedDateTime": null).
  if (documented === null) return [];
  const want = kindOf(documented);
  const got = kindOf(actual);
  if (want !== got) return [`${path}: documented ${want}, served ${got}`];
  if (want === 'array') return arrayMismatches(documented as unknown[], actual as unknown[], options, path);
  if (want !== 'object') return [];
  const doc = documented as Record<string, unknown>;
  const act = actual as Record<string, unknown>;
  const out: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (!(key in act)) out.push(`${path}.${key}: documented, not served`);
    else out.push(...shapeMismatches(value, act[key], options, `${path}.${key}`));
  }
  if (!options.truncated) {
    for (const key of Object.keys(act)) if (!(key in doc) && !(options.allowExtraKeys ?? []).includes(key)) out.push(`${path}.${key}: served, not documented`);
  }
  return out;
}

function arrayMismatches(documented: unknown[], actual: unknown[], options: ShapeOptions, path: string): string[] {
  if (documented.length === 0) return [];
  if (actual.length === 0) return [`${path}: documented items, none served`];
  const out: string[] = [];
  actual.forEach((item, i) => {
    const attempts = documented.map((d) => shapeMismatches(d, item, options, `${path}[${i}]`));
    if (!attempts.some((a) => a.length === 0)) out.push(...(attempts.sort((a, b) => a.length - b.length)[0] ?? []));
  });
  documented.forEach((d, j) => {
    if (!actual.some((item) => shapeMismatches(d, item, options).length === 0)) out.push(`${path}: no served item has the shape of documented item ${j}`);
  });
  return out;
}

const isSeconds = (value: string) => /^\d+(\.\d+)?$/.test(value.trim());
const mediaType = (value: string) => value.split(';')[0]?.trim().toLowerCase() ?? '';

/** Each documented header must be served with a value of the same form. */
export function headerMismatches(documented: Record<string, string>, actual: Headers): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(documented)) {
    const served = actual.get(name);
    if (served === null) {
      out.push(`header ${name}: documented, not served`);
      continue;
    }
    const lower = name.toLowerCase();
    if (lower === 'content-type' && mediaType(served) !== mediaType(value)) out.push(`header ${name}: documented ${mediaType(value)}, served ${mediaType(served)}`);
    if (lower === 'retry-after' && isSeconds(value) !== isSeconds(served)) out.push(`header ${name}: documented ${value} (seconds), served ${served}`);
    if (lower === 'content-length' && !/^\d+$/.test(served)) out.push(`header ${name}: served ${served}, not a length`);
  }
  return out;
}

/** Sets `value` at a fixture path such as `value[1].isRead` (for a documented erratum). */
export function setAtPath(target: unknown, path: string, value: unknown): void {
  const parts = path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
  let node = target as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  const last = parts.at(-1);
  if (last === undefined || !(last in node)) throw new Error(`no ${path} in the documented example`);
  node[last] = value;
}
