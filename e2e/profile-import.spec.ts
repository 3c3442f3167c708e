import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { createSigner, formatPublicKey } from '../electron/core/profile/minisign';

import { startHarness, type Harness } from './support/harness';

/**
 * Issue 18: the wizard imports a profile with its `.minisig`, shows whether the organization's key signed it,
 * and plans it; a tampered one is refused and cannot be used.
 */
const signer = createSigner();
const text = `${JSON.stringify(
  { schemaVersion: 1, name: 'corp', serial: 4, targets: { pip: { url: 'https://pypi.corp.example/simple' } } },
  null,
  2,
)}\n`;
const signature = signer.sign(Buffer.from(text), 'serial:4 file:corp.json');
const json = (name: string, body: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
const minisig = { name: 'corp.json.minisig', mimeType: 'text/plain', buffer: Buffer.from(signature) };

let h: Harness;
test.beforeAll(async () => {
  h = await startHarness();
  const dir = path.join(h.sandbox.sysroot, 'etc', 'mirrorkit', 'policies', 'managed');
  mkdirSync(dir, { recursive: true });
  const key = formatPublicKey(signer.publicKey).split('\n')[1];
  writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ ProfilePublicKeys: [key] }));
});
test.afterAll(async () => {
  await h?.stop();
});

async function openChoose(page: import('@playwright/test').Page): Promise<void> {
  await page.goto(h.url);
  await page.getByRole('button', { name: 'Skip to choosing' }).click();
  await expect(page.getByRole('heading', { name: 'Import a profile…' })).toBeVisible();
}

test('a signed profile shows its key and what it sets, and goes to Review', async ({ page }) => {
  await openChoose(page);
  await page.getByLabel('Profile file (.json)').setInputFiles(json('corp.json', text));
  await page.getByLabel('Signature file (.minisig, optional)').setInputFiles(minisig);
  const verdict = page.locator('.profile-verdict');
  await expect(verdict).toHaveAttribute('data-state', 'signed');
  await expect(verdict.locator('.badge')).toHaveText(`Signed by ${signer.publicKey.keyId} (trusted)`);
  await expect(verdict).toContainText('Trusted comment: serial:4 file:corp.json');
  await expect(verdict).toContainText('pypi.corp.example');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(verdict.locator('.badge')).toHaveText(`由 ${signer.publicKey.keyId} 签名（受信任）`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Use this profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review the changes' })).toBeVisible();
  await expect(page.locator('.review-card[data-target="pip"]')).toContainText('https://pypi.corp.example/simple');
});

test('a tampered or unsigned profile is refused with its reason and cannot be used', async ({ page }) => {
  await openChoose(page);
  await page
    .getByLabel('Profile file (.json)')
    .setInputFiles(json('corp.json', text.replace('pypi.corp', 'pypi.evil')));
  await page.getByLabel('Signature file (.minisig, optional)').setInputFiles(minisig);
  const verdict = page.locator('.profile-verdict');
  await expect(verdict).toHaveAttribute('data-state', 'refused');
  await expect(verdict.locator('.badge')).toHaveText('Refused');
  await expect(verdict).toContainText('The signature of corp.json does not match');
  await expect(page.getByRole('button', { name: 'Use this profile' })).toHaveCount(0);
  await expect(verdict).not.toContainText('pypi.evil');
  // The organization requires signed profiles: the same file without its signature is refused too.
  await page.getByLabel('Signature file (.minisig, optional)').setInputFiles([]);
  await page.getByLabel('Profile file (.json)').setInputFiles(json('plain.json', text));
  await expect(verdict).toContainText('plain.json');
  await expect(page.getByRole('button', { name: 'Use this profile' })).toHaveCount(0);
});
