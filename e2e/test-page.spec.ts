import { expect, test } from '@playwright/test';

import { startHarness, type Harness } from './support/harness';
import { refusedUrl } from './support/mirrors';
import { shot } from './support/shots';

test.describe.configure({ mode: 'serial' });

/** An offline network: every mirror the Test step tries refuses the connection, Alibaba Cloud's included. */
let h: Harness;
test.beforeAll(async () => {
  const candidates = [
    { target: 'pip', kind: 'pypi', provider: 'aliyun', url: await refusedUrl() },
    { target: 'pip', kind: 'pypi', provider: 'tuna', url: await refusedUrl() },
    { target: 'npm', kind: 'npm', provider: 'npmmirror', url: await refusedUrl() },
  ];
  h = await startHarness({}, {}, { candidates });
});
test.afterAll(async () => {
  await h?.stop();
});

test('offline: one banner says what to check, failures collapse into one line, and Choose warns before the preset', async ({
  page,
}, info) => {
  await page.goto(h.url);
  await page.getByRole('button', { name: 'Test mirror speed' }).click();
  await expect(page.getByText('Tested 3 mirrors')).toBeVisible({ timeout: 30_000 });
  const banner = page.locator('.network-banner');
  await expect(banner).toHaveCount(1);
  await expect(banner).toContainText('No mirror answered (3 tried).');
  await expect(banner).toContainText('proxy');
  await expect(banner).toContainText('firewall');
  // Per tool: no table of red rows, one line with the reasons; no empty bars anywhere.
  const pip = page.locator('.probe-card[data-target="pip"]');
  await expect(pip.locator('.probe-table')).toHaveCount(0);
  await expect(pip.locator('.probe-failed')).toContainText('2 did not answer:');
  await expect(pip.locator('.probe-failed')).toContainText('Alibaba Cloud (Connection refused)');
  await expect(pip.locator('[data-role="pick"]')).toContainText('No mirror answered.');
  await expect(page.locator('.bar')).toHaveCount(0);
  await shot(page, info, 'test-offline');

  await page.getByRole('button', { name: '中文' }).click();
  await expect(banner).toContainText('没有任何镜像响应（共测试 3 个）。');
  await page.getByRole('button', { name: 'English' }).click();

  await page.getByRole('button', { name: 'Choose mirrors' }).click();
  await expect(page.locator('.preset-warnings li[data-preset="aliyun"]')).toContainText(
    'Alibaba Cloud: on this network the speed test could not reach pip (Python) (Alibaba Cloud), npm (Node.js) (npmmirror (China npm mirror, Alibaba)).',
  );
  await shot(page, info, 'choose-preset-warning');
  // And on the first screen, beside the one-click button.
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.locator('.oneclick .preset-warnings li[data-preset="aliyun"]')).toBeVisible();
});
