/**
 * Electron entry and composition root of the desktop shell. Thin by design: it creates the
 * window, tray and transports around the app core; every testable piece lives in its own module
 * with Electron injected (window-options, navigation-guard, ipc, app-protocol, session-security).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, safeStorage, session, shell, Tray } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatchApiCall } from '../../src-shared/api-dispatch.js';
import { API_EVENT_CHANNEL } from '../../src-shared/bridge.js';
import { logHandlerFailures } from '../server/log-handler-failures.js';
import { startDesktopCore } from '../app/desktop-core.js';
import { runAsCaller } from '../app/caller.js';
import { createLogger } from '../logging/logger.js';
import type { CreateShellCore, ShellAppCore } from './app-core.js';
import { createDesktopServices } from './desktop-services.js';
import { createSaveDialogExportSink } from './save-dialog-export-sink.js';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_START_URL, createAppProtocolHandler } from './app-protocol.js';
import { registerApiIpc } from './ipc.js';
import { alertNotifier } from './alert-notifications.js';
import { guardNavigation } from './navigation-guard.js';
import { secureSession } from './session-security.js';
import { buildTrayMenu, describeSyncState, type TraySyncState } from './tray-menu.js';
import { createMainWindowOptions } from './window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const paths = {
  preload: path.join(here, 'preload.cjs'),
  renderer: path.resolve(here, '../../renderer'),
};

const consoleLogger = {
  info: (details: object, message: string) => console.info(message, details),
  warn: (details: object, message: string) => console.warn(message, details),
  error: (details: object, message: string) => console.error(message, details),
};

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // The shell reads the environment once and hands the core a plain config.
  const logger = createLogger({ level: 'info' });
  void runShell(({ dataDir }) =>
    startDesktopCore({
      dataDir,
      mariadbUrl: process.env.MARIADB_URL || null,
      mariadbCaFile: process.env.MARIADB_CA_FILE || null,
      logger,
      env: { ...process.env },
      ...createDesktopServices({
        safeStorage,
        openExternal: (url) => shell.openExternal(url),
        resolveProxy: (url) => session.defaultSession.resolveProxy(url),
      }),
      auditExportSink: createSaveDialogExportSink({ showSaveDialog: (options) => dialog.showSaveDialog(options), defaultDir: app.getPath('documents') }),
    }),
  );
}

async function runShell(createCore: CreateShellCore): Promise<void> {
  let window: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let quitting = false;
  let syncState: TraySyncState = { kind: 'idle', lastFinishedAt: null };

  app.on('second-instance', () => showWindow());
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, { openExternal: (url) => shell.openExternal(url) }));
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  const core: ShellAppCore = await createCore({ dataDir: app.getPath('userData'), shell: 'electron' });
  const handlers = logHandlerFailures(core.handlers, consoleLogger);

  secureSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.renderer));
  registerApiIpc({ ipcMain, handlers, allowedOrigin: APP_ORIGIN, logger: consoleLogger });

  if (Notification.isSupported()) {
    core.events.subscribe(
      alertNotifier(
        (options) => new Notification(options),
        (page) => {
          const target = showWindow();
          void target.loadURL(`${APP_START_URL}#${page}`);
        },
      ),
    );
  }
  core.events.subscribe((event) => {
    if (event.type === 'sync.progress') setSyncState({ kind: 'syncing' });
    if (event.type === 'sync.cycleFinished') setSyncState({ kind: 'idle', lastFinishedAt: new Date().toLocaleString() });
    window?.webContents.send(API_EVENT_CHANNEL, event);
  });

  tray = new Tray(nativeImage.createEmpty());
  refreshTray();
  tray.on('click', () => showWindow());
  createWindow();

  app.on('activate', () => showWindow());
  app.on('will-quit', (event) => {
    event.preventDefault();
    app.removeAllListeners('will-quit');
    void core.close().finally(() => app.quit());
  });

  function createWindow(): BrowserWindow {
    const created = new BrowserWindow(createMainWindowOptions({ preloadPath: paths.preload }));
    created.once('ready-to-show', () => created.show());
    created.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      window = null;
    });
    void created.loadURL(APP_START_URL);
    window = created;
    return created;
  }

  function showWindow(): BrowserWindow {
    const target = window ?? createWindow();
    if (target.isMinimized()) target.restore();
    target.show();
    target.focus();
    return target;
  }

  async function syncNow(): Promise<void> {
    setSyncState({ kind: 'syncing' });
    const result = await runAsCaller('desktop', () => dispatchApiCall(handlers, 'sync.runNow', {}));
    setSyncState(result.ok ? { kind: 'idle', lastFinishedAt: new Date().toLocaleString() } : { kind: 'error', message: result.error.message });
  }

  function setSyncState(next: TraySyncState): void {
    syncState = next;
    refreshTray();
  }

  function refreshTray(): void {
    if (!tray) return;
    tray.setToolTip(`Correspondent — ${describeSyncState(syncState)}`);
    tray.setContextMenu(
      Menu.buildFromTemplate(
        buildTrayMenu(syncState, {
          open: showWindow,
          syncNow: () => void syncNow(),
          quit: () => app.quit(),
        }),
      ),
    );
  }
}
