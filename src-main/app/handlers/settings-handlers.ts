/**
 * `settings.*`: the admin's settings, read and changed live (see settings-store.ts). An update
 * answers only once it has taken effect (a new proxy or CA bundle is in use for the next
 * Microsoft call) and has been recorded in the audit log with its before/after values.
 */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { Settings } from '../../../src-shared/settings.js';
import type { SettingsStore } from '../../settings/settings-store.js';

export function settingsHandlers(
  settings: SettingsStore,
  afterUpdate: (before: Settings, after: Settings) => Promise<void>,
): Pick<ApiHandlers, 'settings.get' | 'settings.update'> {
  return {
    // With invalid fields in the file the page shows which, instead of defaults posing as the admin's values.
    'settings.get': async () => settings.require('The settings page'),
    'settings.update': async (patch) => {
      const before = settings.get();
      const after = await settings.update(patch);
      await afterUpdate(before, after);
      return after;
    },
  };
}
