import { expect, test } from '@playwright/test';

import { snapshot } from '../test/helpers/sandbox';

import { startHarness, type Harness } from './support/harness';
import { shot } from './support/shots';

test.describe.configure({ mode: 'serial' });

const BROKEN_DAEMON = '{\n  "registry-mirrors": [\n    "https://mirror.example.com",\n  ]\n  "debug": true\n}\n';

let h: Harness;
test.beforeAll(async () => {
  // A Chinese system: the wizard starts in Chinese without being asked.
  h = await startHarness({ daemon: BROKEN_DAEMON }, { LANG: 'zh_CN.UTF-8' });
});
test.afterAll(async () => {
  await h?.stop();
});

test('a malformed daemon.json is a readable sentence in the user language, and nothing changes', async ({
  page,
}, info) => {
  const before = { pip: snapshot(h.files.pip), npmrc: snapshot(h.files.npmrc), daemon: snapshot(h.files.daemon) };
  await page.goto(h.url);
  const docker = page.locator('.tool-card[data-target="docker"]');
  await expect(page.getByRole('heading', { level: 1, name: '你的工具' })).toBeVisible();
  await expect(docker.locator('.tool-error')).toContainText(h.files.daemon);
  await expect(docker.locator('.tool-error')).toContainText('不是有效的');
  await shot(page, info, 'error-detect-zh-CN');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(docker.locator('.tool-error')).toContainText(`${h.files.daemon} is not valid`);
  await expect(docker.locator('.tool-error')).not.toContainText(/\bat .*\.(ts|js|cjs):\d+/);
  await shot(page, info, 'error-detect');

  // Ask for a Docker mirror anyway: the plan refuses Docker with the same sentence, and there is nothing to apply.
  await page.getByRole('button', { name: 'Skip to choosing' }).click();
  const select = page.getByLabel('Docker', { exact: true });
  const first = await select.locator('option').nth(1).getAttribute('value');
  expect(first).toBeTruthy();
  await select.selectOption(first as string);
  await page.getByRole('button', { name: 'Review these choices' }).click();
  const review = page.locator('.review-card[data-target="docker"]');
  await expect(review).toContainText('Cannot change');
  await expect(review.locator('.tool-error')).toContainText(`${h.files.daemon} is not valid`);
  await expect(page.getByRole('button', { name: 'Nothing to change' })).toBeDisabled();
  await shot(page, info, 'error-review');

  expect(snapshot(h.files.daemon)).toEqual(before.daemon);
  expect(snapshot(h.files.pip)).toEqual(before.pip);
  expect(snapshot(h.files.npmrc)).toEqual(before.npmrc);
});

test('a call with a wrong shape is refused and logged, and never reaches the core', async ({ page }) => {
  await page.goto(h.url);
  await expect(page.locator('.tool-card').first()).toBeVisible();
  const before = snapshot(h.files.pip);
  const answers = await page.evaluate(async () => {
    const call = async (channel: string, args: unknown) => {
      const r = await fetch(`api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
      return (await r.json()) as unknown;
    };
    return [
      await call('core:plan', {
        selection: {
          kind: 'choices',
          label: 'x',
          choices: [{ target: 'pip', urls: ['https://evil.example/simple"; rm -rf ~'] }],
        },
      }),
      await call('core:apply', {
        plan: {
          id: 'x',
          targets: [{ target: 'pip', changes: [{ kind: 'writeFile', path: '/etc/passwd', after: 'x' }] }],
        },
      }),
      await call('core:apply', { planId: 'made-up' }),
      await call('core:exec', { argv: ['sh'] }),
    ];
  });
  expect(answers).toEqual([
    { ok: false, error: { code: 'app.error.invalid-input', params: { channel: 'core:plan' } } },
    { ok: false, error: { code: 'app.error.invalid-input', params: { channel: 'core:apply' } } },
    { ok: false, error: { code: 'app.error.unknown-plan' } },
    { ok: false, error: { code: 'app.error.unknown-channel' } },
  ]);
  expect(h.stderr()).toContain('rejected core:plan');
  expect(h.stderr()).toContain('rejected core:apply');
  expect(h.stderr()).toContain('rejected unknown channel');
  expect(snapshot(h.files.pip)).toEqual(before);
});

test('when MirrorKit stops answering, the wizard says so in a sentence', async ({ page }, info) => {
  await page.goto(h.url);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('.tool-card').first()).toBeVisible();
  await h.stop();
  await page.getByRole('button', { name: 'Scan again' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Lost the connection to MirrorKit' })).toBeVisible();
  await shot(page, info, 'error-transport');
});
