import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { startHarness, type Harness } from './support/harness';

/** Issue 18: with a policy present the wizard says it is managed and shows the locked tools. */
let h: Harness;
test.beforeAll(async () => {
  h = await startHarness();
  const dir = path.join(h.sandbox.sysroot, 'etc', 'mirrorkit', 'policies', 'managed');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'corp.json'),
    JSON.stringify({ LockedTargets: ['pip', 'npm'], ProfileUrl: 'https://it.corp.example/mk.json' }),
  );
});
test.afterAll(async () => {
  await h?.stop();
});

test('a managed banner names the locked tools, in both languages', async ({ page }) => {
  await page.goto(h.url);
  const banner = page.locator('.managed-banner');
  await expect(banner).toContainText('Managed by your organization.');
  await expect(banner.locator('.badge')).toHaveText(['🔒 pip', '🔒 npm']);
  await page.getByRole('button', { name: '中文' }).click();
  await expect(banner).toContainText('由您的组织管理');
});
