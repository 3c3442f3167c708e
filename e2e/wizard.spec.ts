import { readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

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

const card = (page: Page, target: string) => page.locator(`.tool-card[data-target="${target}"]`);
const probeRow = (page: Page, provider: string) => page.locator('.probe-table tbody tr', { hasText: provider });

test('the whole wizard: detect, test, Aliyun preset, review, apply, verify, restore byte for byte', async ({
  page,
}, info) => {
  const original = { pip: snapshot(h.files.pip), npmrc: snapshot(h.files.npmrc), daemon: snapshot(h.files.daemon) };
  await page.goto(h.url);

  await test.step('Detect shows the seeded state', async () => {
    await expect(page.getByRole('heading', { level: 1, name: 'Your tools' })).toBeVisible();
    await expect(card(page, 'pip')).toContainText('https://pypi.tuna.tsinghua.edu.cn/simple');
    await expect(card(page, 'pip')).toContainText(h.files.pip);
    await expect(card(page, 'pip')).toContainText('Tsinghua');
    await expect(card(page, 'npm')).toContainText('https://registry.npm.taobao.org/');
    // The Taobao registry is dead in the catalog: the card says so and explains.
    await expect(card(page, 'npm').locator('.badge-bad')).toBeVisible();
    // A sentence for people; the evidence (an issue) is a link in the details, never in the sentence.
    const reason = card(page, 'npm').locator('.warnings .mirror-reason');
    await expect(reason).toContainText('Taobao npm mirror (legacy) no longer works: The domain stopped resolving');
    await expect(reason.locator('.source-details a[href="https://github.com/cnpm/cnpm/issues/361"]')).toBeAttached();
    await expect(reason.locator('.source-details a').first()).toBeHidden();
    await shot(page, info, '1-detect');
  });

  await test.step('Test probes the loopback mirrors with live results', async () => {
    await page.getByRole('button', { name: 'Test mirror speed' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mirror speed test' })).toBeVisible();
    // Results stream in while the run goes on: the refused port is reported while the throttled mirror still downloads.
    // Polled through page.evaluate: waitForFunction with a string would eval inside the page, which the CSP forbids.
    await expect
      .poll(
        () =>
          page.evaluate(
            `document.querySelector('[data-outcome="refused"]') !== null && document.querySelector('tr[data-outcome="pending"]') !== null && /Testing/.test(document.querySelector('.probe-status')?.textContent ?? '')`,
          ),
        { intervals: [25], timeout: 15_000 },
      )
      .toBe(true);
    await shot(page, info, '2-test-running');
    await expect(page.getByText('Tested 5 mirrors')).toBeVisible({ timeout: 30_000 });
    await expect(probeRow(page, h.providers.fast)).toHaveAttribute('data-outcome', 'ok');
    await expect(probeRow(page, h.providers.npm)).toHaveAttribute('data-outcome', 'ok');
    // The ones that did not answer are one line with their reasons, not rows of red.
    const failed = page.locator('.probe-card[data-target="pip"] .probe-failed');
    await expect(failed.locator('[data-outcome="refused"]')).toContainText(
      `${h.providers.refused} (Connection refused)`,
    );
    await expect(failed.locator('[data-outcome="wrong-protocol"], [data-outcome="http-error"]')).toContainText(
      h.providers.broken,
    );
    // The tool's conclusion: the pick and its margin over the next.
    const pick = page.locator('.probe-card[data-target="pip"] [data-role="pick"]');
    await expect(pick).toContainText(h.providers.fast);
    // Sorted by estimate, the pick first; its lead over the runner-up is given whenever both were estimated.
    const rows = page.locator('.probe-card[data-target="pip"] tbody tr');
    await expect(rows.first()).toContainText(h.providers.fast);
    const runnerUp = await rows.nth(1).locator('td').nth(1).innerText();
    if (runnerUp.trim() !== '–')
      await expect(pick).toContainText(new RegExp(`${h.providers.fast} — ${h.providers.slow} takes \\d+% longer`));
    // The unthrottled mirror wins pip; the throttled one still works but is not the fastest.
    await expect(probeRow(page, h.providers.fast)).toContainText('Fastest');
    await expect(probeRow(page, h.providers.slow)).not.toContainText('Fastest');
    await shot(page, info, '2-test');
  });

  await test.step('Choose offers the Aliyun preset first, and the fastest per tool', async () => {
    await page.getByRole('button', { name: 'Choose mirrors' }).click();
    await expect(page.locator('.winners')).toContainText(h.providers.fast);
    await shot(page, info, '3-choose');
    await page.getByRole('button', { name: 'Apply Alibaba Cloud preset' }).click();
  });

  await test.step('Review shows before → after, files, backups', async () => {
    await expect(page.getByRole('heading', { level: 1, name: 'Review the changes' })).toBeVisible();
    const pip = page.locator('.review-card[data-target="pip"]');
    await expect(pip).toContainText('Will change');
    await expect(pip).toContainText('https://pypi.tuna.tsinghua.edu.cn/simple');
    await expect(pip).toContainText('mirrors.aliyun.com');
    await expect(pip).toContainText(h.files.pip);
    await expect(pip).toContainText('Backed up before writing');
    await expect(pip.locator('.diff-add')).toContainText('mirrors.aliyun.com');
    await expect(page.locator('.review-card[data-target="npm"]')).toContainText('npmmirror.com');
    await shot(page, info, '4-review');
  });

  await test.step('Apply writes the files and each tool verifies them', async () => {
    await page.getByRole('button', { name: /^Apply changes/ }).click();
    const pip = page.locator('.result-row[data-target="pip"]');
    await expect(pip).toHaveAttribute('data-outcome', 'applied', { timeout: 45_000 });
    await expect(pip).toContainText('Verified');
    await expect(page.locator('.result-row[data-target="npm"]')).toContainText('Verified');
    await shot(page, info, '5-apply');
    expect(readFileSync(h.files.pip, 'utf8')).toContain('mirrors.aliyun.com/pypi/simple');
    expect(readFileSync(h.files.pip, 'utf8')).toContain('# my pip settings');
    expect(readFileSync(h.files.npmrc, 'utf8')).toContain('registry.npmmirror.com');
    expect(readFileSync(h.files.npmrc, 'utf8')).toContain('; company settings');
  });

  await test.step('Done lists the changes; restore puts every byte back', async () => {
    await page.getByRole('button', { name: 'Finish' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Done' })).toBeVisible();
    await expect(page.locator('.changed-list li[data-target="pip"]')).toContainText('mirrors.aliyun.com');
    await shot(page, info, '6-done');
    await page.getByRole('button', { name: 'Restore previous settings' }).click();
    await expect(page.getByText('Everything was restored.')).toBeVisible();
    // Done now says what is back, without the arrows of the change.
    await expect(page.locator('.changed-list li[data-target="pip"] .before-after')).toHaveText(
      'back to https://pypi.tuna.tsinghua.edu.cn/simple',
      { useInnerText: true },
    );
    await expect(page.locator('.changed-list .arrow')).toHaveCount(0);
    await shot(page, info, '7-restored');
    expect(snapshot(h.files.pip)).toEqual(original.pip);
    expect(snapshot(h.files.npmrc)).toEqual(original.npmrc);
    expect(snapshot(h.files.daemon)).toEqual(original.daemon);
  });

  await test.step('History lists the apply as restored', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
    const entry = page.locator('.history-entry').first();
    await expect(entry).toContainText('Alibaba Cloud preset');
    await expect(entry).toContainText('Restored');
    await expect(entry.getByRole('button', { name: /Restore/ })).toBeDisabled();
    await shot(page, info, '8-history');
  });
});

test('History restores a past apply with one click', async ({ page }, info) => {
  const original = snapshot(h.files.pip);
  await page.goto(h.url);
  await page.getByRole('button', { name: 'Skip to choosing' }).click();
  await page.getByRole('button', { name: 'Apply Tsinghua TUNA preset' }).click();
  await page.getByRole('button', { name: /^Apply changes/ }).click();
  await expect(page.locator('.result-row[data-target="pip"]')).toHaveAttribute('data-outcome', /applied|unchanged/, {
    timeout: 45_000,
  });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'History' }).click();
  const entry = page.locator('.history-entry').first();
  await expect(entry).toContainText(/tuna/i);
  await entry.getByRole('button', { name: /Restore/ }).click();
  await expect(page.getByText('Everything was restored.')).toBeVisible();
  await expect(entry).toContainText('Restored');
  await shot(page, info, '9-history-restore');
  expect(snapshot(h.files.pip)).toEqual(original);
});

test('a firewall rule for a local cache joins the plan; off Windows the plan says it is Windows-only', async ({
  page,
}, info) => {
  const before = snapshot(h.files.pip);
  await page.goto(h.url);
  await page.getByRole('button', { name: 'Skip to choosing' }).click();
  await page.getByText('Firewall rule for a local cache (optional)').click();
  const form = page.locator('.firewall-form');
  await form.getByLabel('Tool').selectOption('pip');
  await form.getByLabel('Port').fill('70000');
  // Said beside the field as it is typed; the button waits for a valid port.
  await expect(form.locator('#firewall-port-error')).toContainText('from 1 to 65535');
  await expect(form.getByRole('button', { name: 'Add rule' })).toBeDisabled();
  await form.getByLabel('Port').fill('3141');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.locator('.firewall-list li')).toHaveCount(1);
  await expect(page.locator('.firewall-list')).toContainText('inbound TCP port 3141');
  await expect(page.locator('.firewall-list')).toContainText('local network only');
  await expect(page.locator('.firewall')).toContainText('Windows only');
  await shot(page, info, 'choose-firewall');
  await page.getByRole('button', { name: 'Apply Alibaba Cloud preset' }).click();
  await expect(page.locator('.review-card[data-target="pip"] .warnings')).toContainText(
    'The firewall rule MirrorKit-pip-3141 is managed on Windows only',
  );
  expect(snapshot(h.files.pip)).toEqual(before);
});

test('the language switch changes the text and is remembered', async ({ page }, info) => {
  await page.goto(h.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Your tools' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '你的工具' })).toBeVisible();
  await expect(page.getByRole('button', { name: '测试镜像速度' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(card(page, 'npm').locator('.badge-bad')).toHaveText('已失效');
  await shot(page, info, 'lang-zh-CN');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '你的工具' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your tools' })).toBeVisible();
});

test('the default language follows the system', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  // The harness runs with LANG=en_US: the OS language main reports wins over the browser's.
  await page.goto(h.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Your tools' })).toBeVisible();
  await context.close();
});
