import { expect, test, type Page } from '@playwright/test';

import { startHarness, type Harness } from './support/harness';
import { shot } from './support/shots';

let h: Harness;
test.beforeAll(async () => {
  h = await startHarness();
});
test.afterAll(async () => {
  await h?.stop();
});

// Browser-side snippets, as strings: this project is type-checked with Node's types, not the DOM's.
const FOCUSED_TEXT = `(() => {
  const el = document.activeElement;
  return el ? (el.getAttribute('aria-label') ?? el.innerText ?? '').trim() : '';
})()`;

/** Horizontal overflow of the window and of the scrolling page, and the smallest font size of any text. */
const LAYOUT_FACTS = `(() => {
  const scroll = document.querySelector('.scroll');
  const texts = [...document.querySelectorAll('body *')].filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
  return {
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    scrollOverflow: scroll.scrollWidth - scroll.clientWidth,
    minFont: Math.min(...texts.map((e) => parseFloat(getComputedStyle(e).fontSize))),
  };
})()`;

/** Press Tab until the focused element's accessible text matches, as a keyboard user would. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const text = (await page.evaluate(FOCUSED_TEXT)) as string;
    if (typeof name === 'string' ? text === name : name.test(text)) return;
  }
  throw new Error(`could not reach "${String(name)}" with the Tab key`);
}

test('the wizard works from the keyboard alone, with a visible focus ring', async ({ page }) => {
  await page.goto(h.url);
  await expect(page.locator('.tool-card').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Your tools' })).toBeFocused();

  await tabTo(page, 'Skip to choosing');
  const ring = await page.evaluate('getComputedStyle(document.activeElement).boxShadow');
  expect(ring).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Choose mirrors' })).toBeFocused();

  await tabTo(page, 'Apply Alibaba Cloud preset');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Review the changes' })).toBeFocused();

  await tabTo(page, 'Back');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Choose mirrors' })).toBeVisible();

  // The per-tool menus are native selects: arrow keys change them.
  await tabTo(page, /^Leave as it is/);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: 'Review these choices' })).toBeEnabled();

  await tabTo(page, '中文');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: '选择镜像' })).toBeVisible();
});

/**
 * The window at common Windows display scalings, in device-independent pixels: 1366×768 at 125 %, 1920×1080
 * at 150 %, and 1366×768 at 150 % (the main window takes 90 % of the work area, at most 1120×780).
 */
const SCALES = [
  { name: '125pct-1366x768', width: 984, height: 560, dpr: 1.25 },
  { name: '150pct-1920x1080', width: 1120, height: 621, dpr: 1.5 },
  { name: '150pct-1366x768', width: 820, height: 460, dpr: 1.5 },
];

for (const s of SCALES) {
  test(`readable at ${s.name}`, async ({ browser }, info) => {
    const context = await browser.newContext({
      viewport: { width: s.width, height: s.height },
      deviceScaleFactor: s.dpr,
      locale: 'en-US',
    });
    const page = await context.newPage();
    await page.goto(h.url);
    await expect(page.locator('.tool-card').first()).toBeVisible();

    const check = async (step: string) => {
      const m = (await page.evaluate(LAYOUT_FACTS)) as {
        pageOverflow: number;
        scrollOverflow: number;
        minFont: number;
      };
      expect(m.pageOverflow, `${step}: horizontal overflow of the window`).toBeLessThanOrEqual(0);
      expect(m.scrollOverflow, `${step}: horizontal overflow of the page`).toBeLessThanOrEqual(0);
      expect(m.minFont, `${step}: smallest text`).toBeGreaterThanOrEqual(12);
      await expect(page.locator('.actions .btn').last()).toBeInViewport();
      await shot(page, info, `scale-${s.name}-${step}`);
    };

    await check('detect');
    await page.getByRole('button', { name: 'Test mirror speed' }).click();
    await expect(page.getByText('Tested 5 mirrors')).toBeVisible({ timeout: 30_000 });
    await check('test');
    await page.getByRole('button', { name: 'Choose mirrors' }).click();
    await check('choose');
    await page.getByRole('button', { name: 'Apply Alibaba Cloud preset' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Review the changes' })).toBeVisible();
    await check('review');
    await context.close();
  });
}
