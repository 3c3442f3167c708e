import { expect, test } from '@playwright/test';

import { startHarness, type Harness } from './support/harness';

// Issue 21: the wizard never says "verified" when the tool does not show the new mirror, and never shows a secret.
test.describe.configure({ mode: 'serial' });

const TOKEN = 'npm_abcdefghijklmnop1234';
let h: Harness;
test.beforeAll(async () => {
  h = await startHarness(
    { npmrc: `//npm.corp.example/:_authToken=${TOKEN}\nregistry=https://registry.npm.taobao.org/\n` },
    // A real variable in the shell that started the app: it wins over pip's file.
    { PIP_INDEX_URL: 'https://pypi.corp.example/simple' },
  );
});
test.afterAll(async () => {
  await h?.stop();
});

test('a token is masked in Review; a winning shell variable gives "applied, not in effect", never verified', async ({
  page,
}) => {
  await page.goto(h.url);
  await page.getByRole('button', { name: 'Switch everything to Alibaba Cloud' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review the changes' })).toBeVisible();
  const npm = page.locator('.review-card[data-target="npm"]');
  await npm.getByText('Show the full changes').click();
  await expect(npm.locator('.diff')).toContainText('_authToken=****1234');
  await expect(page.locator('body')).not.toContainText(TOKEN);

  await page.getByRole('button', { name: /^Apply changes/ }).click();
  const pip = page.locator('.result-row[data-target="pip"]');
  await expect(pip).toHaveAttribute('data-outcome', 'applied', { timeout: 60_000 });
  await expect(pip.locator('.badge-warn')).toHaveText('Applied, not in effect', { timeout: 60_000 });
  await expect(pip).not.toContainText('Verified');
  await expect(pip.locator('.tool-warning')).toContainText('PIP_INDEX_URL');
  await expect(page.locator('.result-row[data-target="npm"]')).toContainText('Verified');
});
