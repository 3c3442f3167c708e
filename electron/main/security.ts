import { app, BrowserWindow, dialog, shell, type Session, type WebContents } from 'electron';

import { t } from '../../shared/i18n';
import { escapeControls } from '../../shared/text/escape';
import type { Lang } from '../../shared/types/core';

import { isAppUrl, openExternalAfterConfirm } from './guards';

/** A native dialog names the address before the browser opens it; "Cancel" is the default. */
function confirmExternal(contents: WebContents, lang: () => Lang): (url: string) => Promise<boolean> {
  return async (url) => {
    const win = BrowserWindow.fromWebContents(contents);
    const options = {
      type: 'question' as const,
      buttons: [t(lang(), 'app.open-external.open'), t(lang(), 'app.open-external.cancel')],
      defaultId: 1,
      cancelId: 1,
      message: t(lang(), 'app.open-external.question'),
      detail: escapeControls(url),
    };
    const r = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    return r.response === 0;
  };
}

/**
 * App-wide guards for every webContents, whichever code created it: no navigation away from our pages, no
 * new windows (https links go to the user's browser instead, once the user confirmed the address), no <webview>. Registered before any window
 * exists. https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
export function installSecurityGuards(log: (line: string) => void, lang: () => Lang = () => 'en'): void {
  app.on('web-contents-created', (_event, contents) => {
    const external = (url: string) =>
      void openExternalAfterConfirm(url, {
        confirm: confirmExternal(contents, lang),
        open: (u) => shell.openExternal(u),
        log,
      });
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      log(`blocked navigation to ${url.slice(0, 200)}`);
      external(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      external(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/**
 * The session of our window: no permission is ever granted (camera, notifications, clipboard-read …) and
 * nothing outside app:// is fetched, so the page cannot load remote content even if the CSP were bypassed.
 */
export function lockDownSession(session: Session, log: (line: string) => void): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || details.url.startsWith('devtools://');
    if (!allowed) log(`blocked request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}
