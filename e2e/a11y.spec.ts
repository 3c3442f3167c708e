import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

import { unexpectedLatin } from '../shared/i18n/latin';

import { startHarness, type Harness } from './support/harness';

test.describe.configure({ mode: 'serial' });

let h: Harness;
test.beforeAll(async () => {
  h = await startHarness();
});
test.afterAll(async () => {
  await h?.stop();
});

/**
 * The text a person reads on the page, without what is quoted verbatim: addresses, paths, commands, diffs, and
 * mirror names the test fixtures made up (loopback-…).
 */
const READ_TEXT = `(() => {
  const skip = 'option, code, .url, .path, .origin, .mirror-host, .mirror-name, .command, .diff, .failed-item, .source-details';
  const walker = document.createTreeWalker(document.querySelector('.main'), NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest(skip)) parts.push(n.textContent);
  return parts.join(' ');
})()`;

/** WCAG 2 A and AA (contrast included) on the page as it is now: no serious or critical finding. In Chinese, no English. */
async function audit(page: Page, where: string): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === 'zh-CN') {
    const text = (await page.evaluate(READ_TEXT)) as string;
    expect(unexpectedLatin(text), `${where}: English words in the Chinese page:\n${text}`).toEqual([]);
  }
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
          .join(' | ')}`,
    );
  expect(bad, `${where}:\n${bad.join('\n')}`).toEqual([]);
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`every page passes axe-core with no serious or critical finding (${lang})`, async ({ page }) => {
    // Eight pages, an axe run on each, and a real apply with every tool's own verification: more than one page's budget.
    test.setTimeout(180_000);
    await page.goto(h.url);
    if (lang === 'zh-CN') await page.locator('.lang button[lang="zh-CN"]').click();
    await expect(page.locator('.tool-card').first()).toBeVisible();
    await expect(page.locator('[data-action="one-click"]')).toBeEnabled();
    await page.locator('.other-presets summary').click();
    await audit(page, 'Detect');

    await page.locator('.actions .btn-secondary').last().click(); // Test mirror speed
    await expect(page.locator('.probe-card[data-target="pip"] .is-best')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.probe-status progress')).toHaveAttribute('value', /\d+/);
    await expect(page.locator('tr[data-outcome="pending"]')).toHaveCount(0, { timeout: 30_000 });
    await audit(page, 'Test');

    await page.locator('.actions .btn-primary').click(); // Choose mirrors
    await expect(page.locator('.override-grid')).toBeVisible();
    await audit(page, 'Choose');

    await page.locator('.hero .btn-primary').click();
    await expect(page.locator('.review-card').first()).toBeVisible();
    for (const d of await page.locator('.review-details summary').all()) await d.click();
    await audit(page, 'Review');

    await page.locator('.actions .btn-primary').click(); // Apply
    await expect(page.locator('.result-row[data-target="pip"]')).toHaveAttribute('data-outcome', 'applied', {
      timeout: 45_000,
    });
    await audit(page, 'Result');

    await page.locator('.actions .btn-primary').click(); // Finish
    await expect(page.locator('.changed-list')).toBeVisible();
    await audit(page, 'Done');
    await page.locator('.restore-card .btn').click();
    await expect(page.locator('.restore-result')).toBeVisible();
    await audit(page, 'Done after restore');

    await page.locator('.nav button').nth(1).click(); // History
    await expect(page.locator('.history-entry').first()).toBeVisible();
    await audit(page, 'History');
  });
}
