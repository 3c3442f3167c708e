import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (no `playwright install`): the built wizard served by the harness with
 * the real core on a sandboxed home. globalSetup builds everything first. One worker: the machine is small and
 * each spec file starts its own harness and loopback mirrors.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  use: {
    locale: 'en-US',
    viewport: { width: 1100, height: 760 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
