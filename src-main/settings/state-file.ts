/**
 * The data directory's state file: which tenant this installation is connected to and the admin's
 * settings. Written atomically (temp file + rename) so a crash or a full disk never leaves half a
 * file. It is never moved aside nor rewritten because of what it holds (issue 20): a file that is
 * not JSON is refused with the reason and left in place; a file with invalid fields is read part
 * by part (state-sections.ts) - the parts that are valid are used, each invalid field is named
 * with its value, and a write never touches a section it does not change, so the admin's bad
 * value stays where they can fix it. Secrets are not stored here (the secret vault holds them).
 */
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors.js';
import { settingsSchema } from '../../src-shared/settings.js';
import { describeProblems, readStateSections, type StateSections } from './state-sections.js';
import { tenantConfigSchema } from './tenant-config-schema.js';

export type { StateProblem, StateSections } from './state-sections.js';

export const stateSchema = z
  .object({
    version: z.literal(1),
    /** 'demo': the data dir belongs to the sandbox demo and may be reset by it. */
    mode: z.enum(['demo', 'tenant']).nullable(),
    settings: settingsSchema,
    /** The connected tenant (non-secret parts; secrets are in the vault). Absent in older files. */
    tenant: tenantConfigSchema.nullable().optional(),
  })
  .strict();
export type AppState = z.infer<typeof stateSchema>;

export const EMPTY_STATE: AppState = { version: 1, mode: null, settings: settingsSchema.parse({}) };

export function stateFilePath(dataDir: string): string {
  return path.join(dataDir, 'state.json');
}

/** The file as read: its sections (with their problems), and the raw JSON a write keeps untouched parts of. */
export type StateRead = { sections: StateSections; raw: Record<string, unknown> | null; file: string };

/**
 * Reads the state file part by part. Refuses (AppError 'invalid-input', the file left as it is)
 * only what makes the whole file unusable: text that is not JSON, another format version.
 */
export async function readStateFile(dataDir: string): Promise<StateRead> {
  const file = stateFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sections: readStateSections({ version: 1, mode: null }), raw: null, file };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AppError('invalid-input', `The state file ${file} is not valid JSON (${cause instanceof Error ? cause.message : 'unreadable'}); it was left as it is: fix it or restore it from a backup.`, { cause });
  }
  const sections = readStateSections(json);
  if (sections.problems.file.length > 0) {
    throw new AppError('invalid-input', `The state file ${file} cannot be used: ${describeProblems(sections.problems.file)}; it was left as it is.`, {
      issues: sections.problems.file.map((p) => ({ path: p.path, message: p.message })),
    });
  }
  return { sections, raw: json as Record<string, unknown>, file };
}

/**
 * The state as the app uses it: the valid settings over the defaults, and the tenant (null when
 * none is connected or its section is invalid: tenant-runtime.ts refuses that by name).
 */
export async function readState(dataDir: string): Promise<AppState> {
  const { sections } = await readStateFile(dataDir);
  return withTenant({ version: 1, mode: sections.mode, settings: sections.settings }, sections.tenant);
}

/** The state with its tenant section, left out when the file has none (as older files). */
function withTenant(state: AppState, tenant: StateSections['tenant']): AppState {
  return tenant === undefined ? state : { ...state, tenant };
}

/** The file operations a write needs; tests inject failing ones (a full disk). */
export interface StateFileIo {
  writeFile(file: string, data: string, options: { mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

const nodeIo: StateFileIo = { writeFile, rename, unlink };

export async function writeState(dataDir: string, state: AppState, io: StateFileIo = nodeIo): Promise<void> {
  await writeJson(dataDir, stateSchema.parse(state), io);
}

async function writeJson(dataDir: string, value: unknown, io: StateFileIo): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = stateFilePath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await io.writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await io.rename(temp, file);
  } catch (error) {
    // A full disk (ENOSPC) may leave half a temp file: remove it; the previous file was never touched.
    await io.unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'an I/O error';
    throw new AppError('internal', `Could not save the settings file ${file} (${code}${code === 'ENOSPC' ? ': the disk is full' : ''}); the previous settings are unchanged.`, { retryable: true, cause: error });
  }
}

/** One queue per state file in this process: the settings and the tenant section are updated by different services. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Read-modify-write of the state file, serialised per file within the process so two updaters
 * (settings, tenant config) never lose each other's change. `change` may throw to abort. A
 * section `change` leaves as it was is written back exactly as the file had it (invalid values
 * included: never rewritten); changing a section that has invalid fields is refused, naming them.
 */
export function updateState(dataDir: string, change: (current: AppState) => AppState | Promise<AppState>, io: StateFileIo = nodeIo): Promise<AppState> {
  const file = stateFilePath(dataDir);
  const work = async () => {
    const read = await readStateFile(dataDir);
    const { sections } = read;
    const current = withTenant({ version: 1, mode: sections.mode, settings: sections.settings }, sections.tenant);
    const next = await change(current);
    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    const settingsChanged = !same(next.settings, current.settings);
    const tenantChanged = !same(next.tenant, current.tenant);
    if (settingsChanged && sections.problems.settings.length > 0) {
      throw new AppError('invalid-input', `The settings in ${file} have invalid fields - ${describeProblems(sections.problems.settings)}; fix them in the file first (nothing was saved).`, {
        issues: sections.problems.settings.map((p) => ({ path: p.path, message: p.message })),
      });
    }
    if (tenantChanged && sections.problems.tenant.length > 0) {
      throw new AppError('invalid-input', `The tenant section of ${file} has invalid fields - ${describeProblems(sections.problems.tenant)}; fix them in the file first (nothing was saved).`);
    }
    const raw = read.raw ?? {};
    const merged: Record<string, unknown> = {
      ...raw,
      version: 1,
      mode: next.mode,
      settings: settingsChanged || read.raw === null ? settingsSchema.parse(next.settings) : raw['settings'],
      tenant: tenantChanged ? (next.tenant === null || next.tenant === undefined ? null : tenantConfigSchema.parse(next.tenant)) : raw['tenant'],
    };
    if (merged['tenant'] === undefined) delete merged['tenant'];
    await writeJson(dataDir, merged, io);
    return next;
  };
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return next;
}
