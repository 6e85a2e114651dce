/**
 * The before/after values of a settings change, for the `settings.changed` entry. Keys whose name
 * says secret (password, secret, token, key, certificate...) are masked on both sides: the entry
 * says that a secret changed, never what it was or became.
 */
export type SettingChange = { key: string; before: unknown; after: unknown };

export const MASK = '[secret]';
const SECRET_NAME = /(secret|password|passphrase|token|privatekey|private_key|certificate|credential|apikey|api_key)/i;

export function isSecretKey(key: string): boolean {
  return SECRET_NAME.test(key.replace(/[^a-z_]/gi, ''));
}

/** The changed leaves (dot paths; arrays compared whole) between two settings objects, secrets masked. */
export function settingsChanges(before: unknown, after: unknown, prefix = ''): SettingChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (isSecretKey(key)) {
        return sameJson(before[key], after[key]) ? [] : [{ key: path, before: mask(before[key]), after: mask(after[key]) }];
      }
      return settingsChanges(before[key], after[key], path);
    });
  }
  if (sameJson(before, after)) return [];
  return [{ key: prefix, before: masked(before) ?? null, after: masked(after) ?? null }];
}

function mask(value: unknown): unknown {
  return value === undefined || value === null || value === '' ? null : MASK;
}

/** Masks secret-named keys inside a value that is replaced whole (a new object, an array of objects). */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? mask(v) : masked(v)]));
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
