import { readFile } from 'node:fs/promises';

import { protocol } from 'electron';

import { APP_SCHEME, resolveAppPath } from './guards';
import { contentType, CSP } from './assets';

/**
 * app:// must be declared before the app is ready. `standard` gives it an origin (so 'self' in the CSP and
 * module scripts work); `secure` makes it a secure context. It is served from the packaged renderer folder
 * only; file:// is never used, so the page cannot read local files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(root, request.url);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentType(file),
          'content-security-policy': CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
