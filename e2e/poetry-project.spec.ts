import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { startHarness, type Harness } from './support/harness';

/**
 * Issue 20: the wizard sends a Poetry project. In the harness the folder is typed (the desktop app opens the
 * system's folder dialog instead); main checks it, and the preset planned next edits that project's
 * pyproject.toml: Review shows before → after and the file, Apply writes it, Restore brings it back.
 */
const PYPROJECT = '[tool.poetry]\nname = "demo"\nversion = "0.1.0"\n';

let h: Harness;
let project = '';
test.beforeAll(async () => {
  h = await startHarness();
  project = path.join(h.sandbox.home, 'code', 'demo');
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'pyproject.toml'), PYPROJECT);
});
test.afterAll(async () => {
  await h?.stop();
});

test('a typed project folder is checked, then the preset sets Poetry in it and Restore undoes it', async ({ page }) => {
  await page.goto(h.url);
  await page.getByRole('button', { name: 'Skip to choosing' }).click();
  const card = page.locator('.poetry-project');
  await expect(card.getByRole('heading', { name: 'Poetry project (optional)' })).toBeVisible();
  const field = card.getByLabel('Project folder (full path)');

  // A path that says one folder and means another is refused, in both languages, and nothing is picked.
  await field.fill(`${project}/../demo`);
  await card.getByRole('button', { name: 'Use this folder' }).click();
  await expect(card.getByRole('alert')).toContainText('must not contain "." or ".." parts');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(card.getByRole('alert')).toContainText('不能含有“.”或“..”部分');
  await page.getByRole('button', { name: 'English' }).click();
  await field.fill(h.sandbox.home);
  await card.getByRole('button', { name: 'Use this folder' }).click();
  await expect(card.getByRole('alert')).toContainText('There is no pyproject.toml');

  await field.fill(project);
  await card.getByRole('button', { name: 'Use this folder' }).click();
  await expect(card).toContainText(`Project: ${project}`);
  await expect(card).toContainText(`The plan edits ${path.join(project, 'pyproject.toml')}`);
  await expect(card.getByRole('alert')).toHaveCount(0);

  await page.getByRole('button', { name: 'Apply Alibaba Cloud preset' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review the changes' })).toBeVisible();
  const review = page.locator('.review-card[data-target="poetry"]');
  await expect(review.locator('.before-after')).toContainText('mirrors.aliyun.com/pypi/simple');
  await review.getByText('Show the full changes').click();
  await expect(review.locator('.path')).toHaveText(path.join(project, 'pyproject.toml'));
  await expect(review.locator('.diff-add', { hasText: 'name = "mirrorkit"' })).toBeVisible();

  await page.getByRole('button', { name: /^Apply changes/ }).click();
  await expect(page.locator('.result-row[data-target="poetry"]')).toHaveAttribute('data-outcome', 'applied', {
    timeout: 45_000,
  });
  const file = path.join(project, 'pyproject.toml');
  expect(readFileSync(file, 'utf8')).toContain('url = "https://mirrors.aliyun.com/pypi/simple');
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('button', { name: 'Restore previous settings' }).click();
  await expect(page.getByText('Everything was restored.')).toBeVisible();
  expect(readFileSync(file, 'utf8')).toBe(PYPROJECT);
});
