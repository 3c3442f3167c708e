import path from 'node:path';

import { _electron as electron, expect, test } from '@playwright/test';

import { createSandbox } from '../test/helpers/sandbox';
import { findElectron } from '../scripts/start.mjs';

import { ROOT } from './support/harness';

const runtime = findElectron(process.env, ROOT);

test('the packaged shell: secure window, no Node in the page, Detect works', async () => {
  if (!runtime.path) {
    const why = `no Electron runtime: ${runtime.missing} (set ELECTRON_OVERRIDE_DIST_PATH, or download it with ELECTRON_MIRROR)`;
    console.log(`electron smoke test SKIPPED: ${why}`);
    test.skip(true, why);
  }
  const sandbox = createSandbox('mk-electron-');
  const app = await electron.launch({
    executablePath: runtime.path,
    args: [path.join(ROOT, 'out', 'main.cjs'), '--no-sandbox'],
    env: { ...(sandbox.env as Record<string, string>), ELECTRON_RUN_AS_NODE: '' },
  });
  try {
    const page = await app.firstWindow();
    expect(new URL(page.url()).protocol).toBe('app:');
    const facts = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      ipc: typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer,
      bridge: Object.keys((globalThis as unknown as { mirrorkit: object }).mirrorkit).sort(),
    }));
    expect(facts).toEqual({
      require: 'undefined',
      process: 'undefined',
      ipc: 'undefined',
      bridge: [
        'apply',
        'cancelProbe',
        'history',
        'info',
        'onProbeProgress',
        'plan',
        'preview',
        'probe',
        'restore',
        'status',
      ],
    });
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]?.webContents;
      const p = (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
      return {
        contextIsolation: p.contextIsolation,
        sandbox: p.sandbox,
        nodeIntegration: p.nodeIntegration,
        webviewTag: p.webviewTag,
      };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    // Navigation away and new windows are blocked.
    await page.evaluate(() => (globalThis as unknown as { open(u: string): unknown }).open('https://example.com/'));
    expect(app.windows()).toHaveLength(1);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await expect.poll(() => page.url()).toMatch(/^app:\/\/mirrorkit\//);
    await expect(page.locator('.tool-card').first()).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  } finally {
    await app.close();
    sandbox.cleanup();
  }
});
