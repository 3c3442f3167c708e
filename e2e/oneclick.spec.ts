import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { snapshot } from '../test/helpers/sandbox';

import { startHarness, type Harness } from './support/harness';
import { shot } from './support/shots';

test.describe.configure({ mode: 'serial' });

let h: Harness;
test.beforeAll(async () => {
  h = await startHarness();
});
test.afterAll(async () => {
  await h?.stop();
});

/** Records, inside the page, every step an Apply row showed (the rows change faster than polling could see). */
const PHASES = `(() => {
  window.__phases = [];
  new MutationObserver(() => {
    for (const row of document.querySelectorAll('.result-row[data-phase]')) {
      const seen = row.dataset.target + ':' + row.dataset.phase;
      if (!window.__phases.includes(seen)) window.__phases.push(seen);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
})()`;

test('two clicks from the first screen: the Aliyun preset, then Apply, writes the files', async ({ page }, info) => {
  const original = { pip: snapshot(h.files.pip), npmrc: snapshot(h.files.npmrc) };
  await page.addInitScript(PHASES);
  await page.goto(h.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Your tools' })).toBeVisible();
  const oneClick = page.getByRole('button', { name: 'Switch everything to Alibaba Cloud' });
  await expect(oneClick).toBeEnabled();
  // The other presets are one step away.
  await page.getByText('Other presets').click();
  await expect(page.getByRole('button', { name: 'Switch to Tsinghua TUNA' })).toBeVisible();
  await shot(page, info, 'oneclick-detect');

  await oneClick.click(); // click 1
  await expect(page.getByRole('heading', { level: 1, name: 'Review the changes' })).toBeVisible();
  const pip = page.locator('.review-card[data-target="pip"]');
  await expect(pip.locator('.before-after')).toContainText('https://pypi.tuna.tsinghua.edu.cn/simple');
  await expect(pip.locator('.before-after')).toContainText('mirrors.aliyun.com');
  // Compact: the full diff is one click away, not in the way.
  await expect(pip.locator('.diff')).toBeHidden();
  await pip.getByText('Show the full changes').click();
  await expect(pip.locator('.diff-add')).toContainText('mirrors.aliyun.com');
  await shot(page, info, 'oneclick-review');

  await page.getByRole('button', { name: /^Apply changes/ }).click(); // click 2
  await expect(page.locator('.result-row[data-target="pip"]')).toHaveAttribute('data-outcome', 'applied', {
    timeout: 45_000,
  });
  expect(readFileSync(h.files.pip, 'utf8')).toContain('mirrors.aliyun.com/pypi/simple');
  expect(readFileSync(h.files.npmrc, 'utf8')).toContain('registry.npmmirror.com');
  // Each tool's step was shown as it happened, not all at once at the end.
  const phases = (await page.evaluate('window.__phases')) as string[];
  expect(phases).toEqual(expect.arrayContaining(['pip:backing-up', 'pip:verifying', 'npm:verifying']));

  // Put it back for the next test.
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('button', { name: 'Restore previous settings' }).click();
  await expect(page.getByText('Everything was restored.')).toBeVisible();
  expect(snapshot(h.files.pip)).toEqual(original.pip);
  expect(snapshot(h.files.npmrc)).toEqual(original.npmrc);
});

test('the same two clicks in Chinese; Back from Review returns to the first screen', async ({ page }, info) => {
  await page.goto(h.url);
  await page.getByRole('button', { name: '中文' }).click();
  const oneClick = page.getByRole('button', { name: '一键切换到阿里云镜像' });
  await expect(oneClick).toBeEnabled();
  await shot(page, info, 'oneclick-detect-zh-CN');
  await oneClick.click();
  await expect(page.getByRole('heading', { level: 1, name: '确认更改' })).toBeVisible();
  await page.getByRole('button', { name: '上一步' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '你的工具' })).toBeVisible();
  await oneClick.click();
  await page.getByRole('button', { name: /^应用更改/ }).click();
  await expect(page.locator('.result-row[data-target="pip"]')).toHaveAttribute('data-outcome', 'applied', {
    timeout: 45_000,
  });
  expect(readFileSync(h.files.pip, 'utf8')).toContain('mirrors.aliyun.com/pypi/simple');
  await page.getByRole('button', { name: 'English' }).click();
});

test('a mirror address typed without https:// is explained beside the field, in both languages, and nothing is planned', async ({
  page,
}, info) => {
  const before = snapshot(h.files.pip);
  await page.goto(h.url);
  await page.getByRole('button', { name: 'Skip to choosing' }).click();
  await page.getByLabel('pip (Python)', { exact: true }).selectOption('custom');
  const field = page.getByLabel('Mirror address for pip (Python)');
  await field.fill('mirrors.aliyun.com/pypi/simple');
  const message = page.locator('#override-pip-error');
  await expect(message).toHaveText(
    'Start the address with https:// — for example https://mirrors.aliyun.com/pypi/simple',
  );
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAttribute('aria-describedby', 'override-pip-error');
  await expect(page.getByRole('button', { name: 'Review these choices' })).toBeDisabled();
  // No error far away at the top of the page.
  await expect(page.locator('.main > .note-bad')).toHaveCount(0);
  await shot(page, info, 'choose-inline-validation');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(message).toHaveText('地址需以 https:// 开头，例如 https://mirrors.aliyun.com/pypi/simple');
  await page.getByRole('button', { name: 'English' }).click();
  await field.fill('https://mirrors.aliyun.com/pypi/simple');
  await expect(message).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Review these choices' })).toBeEnabled();
  expect(snapshot(h.files.pip)).toEqual(before);
});
