import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Page, TestInfo } from '@playwright/test';

import { ROOT } from './harness';

/** Where step screenshots are kept: test-results/screens/<name>.png, and attached to the test's report. */
export const SCREENS = path.join(ROOT, 'test-results', 'screens');

export async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  const file = path.join(SCREENS, `${name}.png`);
  await page.screenshot({ path: file });
  await info.attach(name, { path: file, contentType: 'image/png' });
}
