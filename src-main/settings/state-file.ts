/**
 * The data directory's state file: which tenant this installation is connected to and the admin's
 * settings. Written atomically (temp file + rename) so a crash or a full disk never leaves half a
 * file; a file that does not parse is moved aside and reported, never silently replaced.
 * Secrets are not stored here (the secret vault holds them, encrypted).
 */
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors.js';
import { settingsSchema } from '../../src-shared/settings.js';
import { zodIssues } from '../../src-shared/api-dispatch.js';
import { tenantConfigSchema } from './tenant-config-schema.js';

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

export async function readState(dataDir: string): Promise<AppState> {
  const file = stateFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_STATE;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const aside = `${file}.corrupt-${Date.now()}`;
    await rename(file, aside);
    throw new AppError('invalid-input', `The state file ${file} was unreadable and has been moved to ${aside}.`, {
      ...(json !== undefined && !parsed.success ? { issues: zodIssues(parsed.error) } : {}),
    });
  }
  return parsed.data;
}

/** The file operations a write needs; tests inject failing ones (a full disk). */
export interface StateFileIo {
  writeFile(file: string, data: string, options: { mode: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

const nodeIo: StateFileIo = { writeFile, rename, unlink };

export async function writeState(dataDir: string, state: AppState, io: StateFileIo = nodeIo): Promise<void> {
  const checked = stateSchema.parse(state);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = stateFilePath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await io.writeFile(temp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
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
 * (settings, tenant config) never lose each other's change. `change` may throw to abort.
 */
export function updateState(dataDir: string, change: (current: AppState) => AppState | Promise<AppState>, io: StateFileIo = nodeIo): Promise<AppState> {
  const file = stateFilePath(dataDir);
  const work = async () => {
    const next = await change(await readState(dataDir));
    await writeState(dataDir, next, io);
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
