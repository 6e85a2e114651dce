/**
 * The main window's options. The renderer shows customer mail, so it runs with Electron's full
 * isolation: no Node, a sandboxed preload, context isolation and web security on. A test pins these.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export function createMainWindowOptions(params: { preloadPath: string; iconPath?: string }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Correspondent',
    show: false,
    ...(params.iconPath ? { icon: params.iconPath } : {}),
    webPreferences: {
      preload: params.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}
