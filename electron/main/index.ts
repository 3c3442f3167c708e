/**
 * The Electron main process, kept to wiring. Headless modes are routed first: `--cli …` runs the command line
 * and `--elevated <batch>` the elevated helper, both before the single-instance lock and before any window.
 */
import path from 'node:path';

import { app, session, type BrowserWindow } from 'electron';

import { langFromLocale } from '../../shared/i18n';

import { folderDialog } from './folder-dialog';
import { routeArgv } from './launch';
import { registerAppScheme, serveRenderer } from './protocol';
import { installSecurityGuards, lockDownSession } from './security';
import { createBinding } from './services';
import { createMainWindow } from './window';
import { createHostContext } from '../core/host';
import { registerIpc } from './ipc';

const log = (line: string): void => console.error(`[mirrorkit] ${line}`);

function runHeadless(args: string[]): void {
  // Loaded only here: the command line brings the probe engine (undici) and every command, which a window never needs.
  import('../cli/run')
    .then(({ runCli }) => runCli(args))
    .then(
      (code) => app.exit(code),
      (e: unknown) => {
        log(`headless run failed: ${e instanceof Error ? e.message : String(e)}`);
        app.exit(1);
      },
    );
}

function startGui(): void {
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let win: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  installSecurityGuards(log, () => langFromLocale(app.getPreferredSystemLanguages()[0] ?? app.getLocale()));

  void app.whenReady().then(async () => {
    lockDownSession(session.defaultSession, log);
    serveRenderer(path.join(__dirname, 'renderer'));
    const osLang = langFromLocale(app.getPreferredSystemLanguages()[0] ?? app.getLocale());
    // The host context: on Windows, the registry-backed environment and the token's real elevation.
    const ctx = await createHostContext({ lang: osLang });
    const binding = createBinding(ctx, {
      version: app.getVersion(),
      shell: 'electron',
      lang: osLang,
      log,
      chooseFolder: folderDialog(() => win, osLang),
    });
    binding.warmUp();
    registerIpc(binding, () => win, log);
    app.on('will-quit', () => binding.stop());
    win = createMainWindow(path.join(__dirname, 'preload.cjs'));
    win.on('closed', () => {
      win = undefined;
    });
  });
}

const route = routeArgv(process.argv, Boolean(process.defaultApp));
if (route.mode === 'gui') startGui();
else runHeadless(route.args);
