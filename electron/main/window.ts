import { app, BrowserWindow, Menu, screen } from 'electron';

import { APP_ENTRY } from './guards';

/**
 * The one window. The renderer gets no Node, runs sandboxed in its own JS world, and reaches the core only
 * through the preload's `window.mirrorkit`.
 * https://www.electronjs.org/docs/latest/tutorial/security#checklist-security-recommendations
 */
export function createMainWindow(preload: string): BrowserWindow {
  const area = screen.getPrimaryDisplay().workAreaSize;
  const win = new BrowserWindow({
    width: Math.min(1120, Math.round(area.width * 0.9)),
    height: Math.min(780, Math.round(area.height * 0.9)),
    minWidth: 720,
    minHeight: 520,
    show: false,
    backgroundColor: '#f3f5f8',
    title: 'MirrorKit',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      // The installed app has no use for DevTools, and they would hand anyone at the keyboard a console in the page.
      devTools: !app.isPackaged,
    },
  });
  if (process.platform !== 'darwin') Menu.setApplicationMenu(null);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}
