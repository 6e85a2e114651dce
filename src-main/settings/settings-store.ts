/**
 * The admin's settings as the running app holds them: read through `get()` on every use (never
 * captured at start), changed through `update()` which validates the whole result, writes the
 * state file atomically and then notifies subscribers. So a change made in the console - a new
 * blocked domain, a proxy - applies to the next message or request without a restart, and an
 * invalid change is refused with one message per field and nothing half-applied.
 */
import { zodIssues } from '../../src-shared/api-dispatch.js';
import { AppError } from '../../src-shared/errors.js';
import { settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../src-shared/settings.js';
import { readStateFile, updateState, type StateFileIo, type StateProblem } from './state-file.js';
import { describeProblems } from './state-sections.js';

export type SettingsListener = (next: Settings, previous: Settings) => void;

export interface SettingsStore {
  /** The settings (with defaults in place of invalid fields of the file: see `require`). */
  get(): Settings;
  /**
   * The settings for a part that must not run on guessed values (the sync, the rule preview):
   * throws AppError 'invalid-input' naming each invalid field of the file, its value and what
   * is allowed, when there is one (issue 20).
   */
  require(part: string): Settings;
  /** The settings file's invalid fields (none for a valid file or in-memory settings). */
  problems(): readonly StateProblem[];
  /** Applies a patch (top-level fields replaced whole); throws AppError 'invalid-input' with per-field issues. */
  update(patch: SettingsPatch): Promise<Settings>;
  /** Called after each successful update; returns the unsubscribe function. */
  subscribe(listener: SettingsListener): () => void;
}

/** The settings a patch leads to, or AppError 'invalid-input' naming each bad field. */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  const parsedPatch = settingsPatchSchema.safeParse(patch ?? {});
  if (!parsedPatch.success) throw new AppError('invalid-input', 'Some settings are not valid.', { issues: zodIssues(parsedPatch.error) });
  const defined = Object.fromEntries(Object.entries(parsedPatch.data).filter(([, value]) => value !== undefined));
  const merged = settingsSchema.safeParse({ ...current, ...defined });
  if (!merged.success) throw new AppError('invalid-input', 'Some settings are not valid.', { issues: zodIssues(merged.error) });
  return merged.data;
}

function createNotifyingStore(initial: Settings, persist: (next: Settings) => Promise<void>, invalid: { file: string; problems: readonly StateProblem[] } | null = null): SettingsStore {
  let current = initial;
  const listeners = new Set<SettingsListener>();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get: () => current,
    require(part) {
      if (invalid && invalid.problems.length > 0) {
        throw new AppError(
          'invalid-input',
          `${part} does not start: the settings in ${invalid.file} have invalid fields - ${describeProblems(invalid.problems)}. Fix them in the file (it was left as it is); everything else keeps working.`,
          { issues: invalid.problems.map((p) => ({ path: p.path, message: p.message })) },
        );
      }
      return current;
    },
    problems: () => invalid?.problems ?? [],
    update(patch) {
      const work = async () => {
        const next = applySettingsPatch(current, patch);
        await persist(next);
        const previous = current;
        current = next;
        for (const listener of listeners) listener(next, previous);
        return next;
      };
      const result = queue.then(work, work);
      queue = result.catch(() => undefined);
      return result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Settings kept in the data directory's state file; invalid fields are reported, never rewritten. */
export async function openSettingsStore(dataDir: string, io?: StateFileIo): Promise<SettingsStore> {
  const { sections, file } = await readStateFile(dataDir);
  return createNotifyingStore(
    sections.settings,
    async (next) => {
      await updateState(dataDir, (s) => ({ ...s, settings: next }), io);
    },
    { file, problems: sections.problems.settings },
  );
}

/** Settings held in memory only (tests, one-off CLI runs). */
export function createMemorySettingsStore(initial: Settings): SettingsStore {
  return createNotifyingStore(initial, async () => undefined);
}

export function isSettingsStore(value: Settings | SettingsStore): value is SettingsStore {
  return typeof (value as SettingsStore).get === 'function' && typeof (value as SettingsStore).update === 'function';
}
