/**
 * The state file read section by section, field by field (issue 20). Before, one wrongly typed
 * setting (`"scheduleMinutes": "fifteen"`) failed the whole file, which was then moved aside:
 * the next run found no tenant connected and every other setting was gone. Now each part is
 * judged on its own - the tenant section, each setting - and a bad value is reported with its
 * field, its value and what is allowed, while the raw file is left exactly as it is. The parts
 * that need the bad section refuse to start (settings-store.ts, tenant-runtime.ts); the others,
 * the tenant connection above all, keep working.
 */
import { z } from 'zod';
import { settingsSchema, type Settings } from '../../src-shared/settings.js';
import { tenantConfigSchema, type TenantConfig } from './tenant-config-schema.js';

/** One invalid field: where, what it holds, and what would be accepted. */
export type StateProblem = { path: string; value: unknown; message: string };

export type StateSections = {
  mode: 'demo' | 'tenant' | null;
  /** The valid settings over the defaults: what parts that may run use. */
  settings: Settings;
  /** Undefined when the file has no tenant section (older files), null when it says none. */
  tenant: TenantConfig | null | undefined;
  problems: { settings: StateProblem[]; tenant: StateProblem[]; file: StateProblem[] };
};

const modeSchema = z.enum(['demo', 'tenant']).nullable();

/** The value at a dot path of `root` (for the problem's "is ..."). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function problemsOf(error: z.ZodError, prefix: string, root: unknown): StateProblem[] {
  return error.issues.map((issue) => {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = [prefix, ...issue.path.map(String), ...(unknownKeys.length === 1 ? unknownKeys : [])].filter(Boolean).join('.');
    return {
      path,
      value: unknownKeys.length === 1 ? valueAt(root, [...issue.path, unknownKeys[0] as string]) : valueAt(root, issue.path),
      message: unknownKeys.length > 0 ? `not a known field (${unknownKeys.join(', ')})` : issue.message,
    };
  });
}

type JsonSchema = { type?: string; minimum?: number; maximum?: number; enum?: unknown[]; anyOf?: JsonSchema[]; items?: JsonSchema };

/** What a schema accepts, in words ("a whole number from 5 to 1440", "null or ..."), from its JSON Schema. */
function allowedText(schema: JsonSchema): string | null {
  if (schema.anyOf) {
    const parts = schema.anyOf.map(allowedText);
    return parts.every((p) => p !== null) ? parts.join(' or ') : null;
  }
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const range = (what: string) => {
    const max = schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : null;
    if (schema.minimum !== undefined && max !== null) return `${what} from ${schema.minimum} to ${max}`;
    if (schema.minimum !== undefined) return `${what} of at least ${schema.minimum}`;
    return what;
  };
  switch (schema.type) {
    case 'null':
      return 'null';
    case 'integer':
      return range('a whole number');
    case 'number':
      return range('a number');
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'array':
      return schema.items?.type === 'string' ? 'a list of strings' : 'a list';
    default:
      return null;
  }
}

/** A setting's allowed values, for the message of a value of the wrong kind. */
function allowedFor(field: z.ZodType): string | null {
  try {
    return allowedText(z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
  } catch {
    return null;
  }
}

/** Every setting parsed on its own: the valid ones kept, each invalid one reported. */
function readSettings(raw: unknown): { settings: Settings; problems: StateProblem[] } {
  if (raw === undefined) return { settings: settingsSchema.parse({}), problems: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: settingsSchema.parse({}), problems: [{ path: 'settings', value: raw, message: 'must be an object of settings' }] };
  }
  const shape = settingsSchema.shape;
  const valid: Record<string, unknown> = {};
  const problems: StateProblem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const field = (shape as Record<string, z.ZodType>)[key];
    if (!field) {
      problems.push({ path: `settings.${key}`, value, message: `not a known setting (known: ${Object.keys(shape).join(', ')})` });
      continue;
    }
    const parsed = field.safeParse(value);
    if (parsed.success) {
      valid[key] = value;
      continue;
    }
    const allowed = allowedFor(field);
    for (const problem of problemsOf(parsed.error, `settings.${key}`, value)) {
      // A top-level value of the wrong kind or range also says what would be accepted.
      problems.push(problem.path === `settings.${key}` && allowed ? { ...problem, message: `${problem.message}; allowed: ${allowed}` } : problem);
    }
  }
  return { settings: settingsSchema.parse(valid), problems };
}

/** Reads a parsed state file (any JSON value) into its sections. */
export function readStateSections(json: unknown): StateSections {
  const empty: StateSections = { mode: null, settings: settingsSchema.parse({}), tenant: undefined, problems: { settings: [], tenant: [], file: [] } };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ...empty, problems: { ...empty.problems, file: [{ path: '(file)', value: json, message: 'must be a JSON object' }] } };
  }
  const raw = json as Record<string, unknown>;
  const file: StateProblem[] = [];
  if (raw['version'] !== 1) file.push({ path: 'version', value: raw['version'], message: 'must be 1 (a newer Correspondent may have written this file)' });
  const mode = modeSchema.safeParse(raw['mode'] ?? null);
  if (!mode.success) file.push({ path: 'mode', value: raw['mode'], message: 'must be "demo", "tenant" or null' });
  const { settings, problems: settingsProblems } = readSettings(raw['settings']);
  const tenant = tenantConfigSchema.nullable().optional().safeParse(raw['tenant']);
  return {
    mode: mode.success ? mode.data : null,
    settings,
    tenant: tenant.success ? tenant.data : null,
    problems: { settings: settingsProblems, tenant: tenant.success ? [] : problemsOf(tenant.error, 'tenant', raw['tenant']), file },
  };
}

/** "scheduleMinutes is "fifteen" (expected ...); ..." for a message. */
export function describeProblems(problems: readonly StateProblem[]): string {
  return problems.map((p) => `${p.path} is ${p.value === undefined ? 'missing' : JSON.stringify(p.value)?.slice(0, 200)} (${p.message})`).join('; ');
}
