import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import {
  APP_ENTRY,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  openExternalAfterConfirm,
  resolveAppPath,
} from './guards';

test('isAppUrl accepts only our own origin', () => {
  for (const u of [APP_ENTRY, 'app://mirrorkit/', 'app://mirrorkit/assets/index-1.js', 'APP://MIRRORKIT/index.html'])
    assert.ok(isAppUrl(u), u);
  for (const u of [
    'app://evil/index.html',
    'app://mirrorkit.evil.com/',
    'app://user:pw@mirrorkit/',
    'file:///C:/Windows/System32/calc.exe',
    'https://mirrorkit/',
    'http://127.0.0.1:5173/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'devtools://devtools/bundled/inspector.html',
    '',
    'app:',
    null,
    42,
  ])
    assert.equal(isAppUrl(u), false, String(u));
});

test('isSafeExternalUrl: https without credentials only', () => {
  assert.ok(isSafeExternalUrl('https://developer.aliyun.com/mirror/'));
  for (const u of [
    'http://example.com',
    'file:///C:/x.exe',
    'ms-settings:',
    'javascript:alert(1)',
    'https://a@b.example',
    '\\\\host\\share',
    'smb://h/s',
    'https://',
  ])
    assert.equal(isSafeExternalUrl(u), false, u);
});

test('isTrustedSender: our window, its main frame, our page', () => {
  const good = { frameUrl: APP_ENTRY, isMainFrame: true, fromMainWindow: true };
  assert.ok(isTrustedSender(good));
  assert.equal(isTrustedSender({ ...good, frameUrl: null }), false);
  assert.equal(isTrustedSender({ ...good, isMainFrame: false }), false);
  assert.equal(isTrustedSender({ ...good, fromMainWindow: false }), false);
  assert.equal(isTrustedSender({ ...good, frameUrl: 'https://evil.example/' }), false);
});

test('resolveAppPath never leaves the renderer folder', () => {
  const root = path.resolve('/srv/renderer');
  assert.equal(resolveAppPath(root, 'app://mirrorkit/'), path.join(root, 'index.html'));
  assert.equal(resolveAppPath(root, 'app://mirrorkit/index.html'), path.join(root, 'index.html'));
  assert.equal(resolveAppPath(root, 'app://mirrorkit/assets/a%20b.js?x=1#y'), path.join(root, 'assets', 'a b.js'));
  // Dot segments the URL parser removes stay inside the folder.
  assert.equal(resolveAppPath(root, 'app://mirrorkit/../secret'), path.join(root, 'secret'));
  assert.equal(resolveAppPath(root, 'app://mirrorkit/%2e%2e/secret'), path.join(root, 'secret'));
  for (const u of [
    'app://mirrorkit/assets/%2e%2e%2f%2e%2e%2fsecret',
    'app://mirrorkit/..%5c..%5csecret',
    'app://mirrorkit/%00',
    'app://mirrorkit/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ])
    assert.equal(resolveAppPath(root, u), null, u);
});

test('an external link opens only after the user confirmed that very address', async () => {
  const opened: string[] = [];
  const asked: string[] = [];
  const deps = (answer: boolean) => ({
    confirm: (u: string) => (asked.push(u), Promise.resolve(answer)),
    open: (u: string) => (opened.push(u), Promise.resolve()),
    log: () => undefined,
  });
  assert.equal(await openExternalAfterConfirm('https://mirrors.aliyun.com/', deps(false)), false);
  assert.deepEqual(opened, []);
  assert.equal(await openExternalAfterConfirm('https://mirrors.aliyun.com/', deps(true)), true);
  assert.deepEqual(opened, ['https://mirrors.aliyun.com/']);
  // Not https (or otherwise unsafe): not even asked.
  for (const u of ['http://x.example/', 'file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)']) {
    assert.equal(await openExternalAfterConfirm(u, deps(true)), false);
  }
  assert.deepEqual(asked, ['https://mirrors.aliyun.com/', 'https://mirrors.aliyun.com/']);
  // A dialog that fails counts as "no".
  assert.equal(
    await openExternalAfterConfirm('https://a.example/', {
      ...deps(true),
      confirm: () => Promise.reject(new Error('closed')),
    }),
    false,
  );
});
