/**
 * The tray is the app's presence while the window is hidden: it shows the sync state and offers
 * Open / Sync now / Quit. Built as data so the menu is testable without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type TraySyncState =
  | { kind: 'idle'; lastFinishedAt: string | null }
  | { kind: 'syncing' }
  | { kind: 'error'; message: string };

export type TrayActions = {
  open(): void;
  syncNow(): void;
  quit(): void;
};

export function describeSyncState(state: TraySyncState): string {
  switch (state.kind) {
    case 'syncing':
      return 'Syncing…';
    case 'error':
      return `Sync failed: ${state.message}`;
    case 'idle':
      return state.lastFinishedAt ? `Last sync ${state.lastFinishedAt}` : 'Not synced yet';
  }
}

export function buildTrayMenu(state: TraySyncState, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'state', label: describeSyncState(state), enabled: false },
    { type: 'separator' },
    { id: 'open', label: 'Open Correspondent', click: () => actions.open() },
    { id: 'sync-now', label: 'Sync now', enabled: state.kind !== 'syncing', click: () => actions.syncNow() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}
