import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Page, TestInfo } from '@playwright/test';

import { ROOT } from './harness';

/** Where step screenshots are kept: test-results/screens/<name>.png, and attached to the test's report. */
export const SCREENS = path.join(ROOT, 'test-results', 'screens');

/** The README's pictures of the wizard (docs/screenshots/), refreshed by `MIRRORKIT_DOC_SHOTS=1 npm run test:e2e`. */
export const DOC_SHOTS = path.join(ROOT, 'docs', 'screenshots');
const FOR_DOCS = new Set([
  'oneclick-detect',
  'oneclick-detect-zh-CN',
  'oneclick-review',
  '2-test',
  'test-offline',
  'choose-inline-validation',
  '5-apply',
  '7-restored',
]);

export async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  const file = path.join(SCREENS, `${name}.png`);
  await page.screenshot({ path: file });
  await info.attach(name, { path: file, contentType: 'image/png' });
  // Only on request: a plain test run leaves the checked-in pictures alone.
  if (process.env.MIRRORKIT_DOC_SHOTS === '1' && FOR_DOCS.has(name)) {
    mkdirSync(DOC_SHOTS, { recursive: true });
    copyFileSync(file, path.join(DOC_SHOTS, `${name}.png`));
  }
}
