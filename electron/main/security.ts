import { app, shell, type Session } from 'electron';

import { isAppUrl, isSafeExternalUrl } from './guards';

/**
 * App-wide guards for every webContents, whichever code created it: no navigation away from our pages, no
 * new windows (https links go to the user's browser instead), no <webview>. Registered before any window
 * exists. https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
export function installSecurityGuards(log: (line: string) => void): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      log(`blocked navigation to ${url.slice(0, 200)}`);
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
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
