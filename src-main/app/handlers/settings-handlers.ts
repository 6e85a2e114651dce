/** `settings.*`: the admin's settings, read and changed live (see settings-store.ts). */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { SettingsStore } from '../../settings/settings-store.js';

export function settingsHandlers(settings: SettingsStore): Pick<ApiHandlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => settings.update(patch),
  };
}
