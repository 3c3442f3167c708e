import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { createSigner, formatPublicKey } from '../core/profile/minisign';

import { makeSandbox, type Sandbox } from './corp-testkit';

/** Issue 18: `check` says compliant / drift / shadowed / missing per tool with the winning layer, and exits 0/1/2/5. */
let sb: Sandbox;
let profile = '';
const signer = createSigner();
const PIP = 'https://pypi.corp.example/simple';
const NPM = 'https://npm.corp.example/';

before(async () => {
  sb = await makeSandbox();
  profile = await sb.write(
    'corp.json',
    JSON.stringify({ schemaVersion: 1, name: 'corp', serial: 2, targets: { pip: { url: PIP }, npm: { url: NPM } } }),
  );
});
after(() => sb.cleanup());

const check = async (...more: string[]) => {
  const r = await sb.cli(['check', '--profile', profile, '--json', ...more]);
  return {
    ...r,
    doc: JSON.parse(r.out) as {
      verdict: string;
      tools: { target: string; state: string; layer?: { kind: string; path?: string; name?: string } }[];
    },
  };
};
const states = (doc: { tools: { target: string; state: string }[] }) =>
  Object.fromEntries(doc.tools.map((x) => [x.target, x.state]));

test('nothing configured: missing (exit 1); after apply: compliant (exit 0), with the file that wins', async () => {
  const first = await check();
  assert.equal(first.code, 1);
  assert.deepEqual(states(first.doc), { pip: 'missing', npm: 'missing' });
  const summary = await sb.cli(['check', '--profile', profile, '--summary']);
  assert.equal(summary.code, 1);
  assert.equal(summary.err, '');
  assert.equal(summary.out.split('\n').length, 1);
  assert.match(summary.out, /^MirrorKit drift: pip=missing, npm=missing; Profile .*corp\.json, serial 2, unsigned/);
  assert.equal((await sb.cli(['apply', '--profile', profile, '--yes', '--json'])).code, 0);
  const after = await check();
  assert.equal(after.code, 0, after.out);
  assert.equal(after.doc.verdict, 'compliant');
  const pip = after.doc.tools.find((x) => x.target === 'pip');
  assert.equal(pip?.layer?.path, path.join(sb.root, 'home/.config/pip/pip.conf'));
  assert.match(
    (await sb.cli(['check', '--profile', profile, '--summary'])).out,
    /^MirrorKit compliant: pip=compliant, npm=compliant;/,
  );
});

test('another value is drift; a variable over the right file is shadowed, naming the variable', async () => {
  const conf = path.join(sb.root, 'home/.config/pip/pip.conf');
  const text = await fs.readFile(conf, 'utf8');
  await fs.writeFile(conf, text.replace(PIP, 'https://pypi.org/simple'));
  const drift = await check();
  assert.equal(drift.code, 1);
  assert.equal(states(drift.doc).pip, 'drift');
  await fs.writeFile(conf, text);
  const r = await sb.cli(['check', '--profile', profile, '--json'], {
    env: { PIP_INDEX_URL: 'https://mirror.elsewhere.example/simple' },
  });
  assert.equal(r.code, 1);
  const pip = (
    JSON.parse(r.out) as {
      tools: { target: string; state: string; layer: { name: string }; shadowedLayer: { path: string } }[];
    }
  ).tools.find((x) => x.target === 'pip');
  assert.equal(pip?.state, 'shadowed');
  assert.equal(pip?.layer.name, 'PIP_INDEX_URL');
  assert.equal(pip?.shadowedLayer.path, conf);
  const human = await sb.cli(['check', '--profile', profile, '--lang', 'zh-CN'], {
    env: { PIP_INDEX_URL: 'https://mirror.elsewhere.example/simple' },
  });
  assert.match(human.out, /被覆盖/);
});

test('bad input is exit 2, an untrusted profile exit 5; with --summary the reason is one line on stdout', async () => {
  const bad = await sb.write('bad.json', '{"name": "x", "targets": {"pip": {"url": "ftp://x"}}}');
  assert.equal((await sb.cli(['check', '--profile', bad, '--json'])).code, 2);
  assert.equal((await sb.cli(['check', '--json'])).code, 2);
  assert.equal((await sb.cli(['check', '--from-policy', '--json'])).code, 2, 'no policy, no profile URL');
  const pub = await sb.write('k.pub', formatPublicKey(signer.publicKey));
  const r = await sb.cli(['check', '--profile', profile, '--pubkey', pub, '--summary']);
  assert.equal(r.code, 5);
  assert.equal(r.err, '');
  assert.match(r.out, /^MirrorKit error: The profile .* has no signature/);
  await sb.write('corp.json.minisig', signer.sign(await fs.readFile(profile), 'serial:2'));
  const ok = await sb.cli(['check', '--profile', profile, '--pubkey', pub, '--summary']);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, new RegExp(`signed by ${signer.publicKey.keyId}`));
});

test('AllowPublicMirrorProbe false (mandatory): no speed test of public mirrors (exit 2); URLs the user names still tested', async () => {
  const file = await sb.write(
    'sysroot/etc/mirrorkit/policies/managed/probe.json',
    JSON.stringify({ AllowPublicMirrorProbe: false }),
  );
  for (const argv of [
    ['test', 'pip', '--json'],
    ['apply', '--fastest', '--yes', '--json'],
  ]) {
    const r = await sb.cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(JSON.parse(r.out).error.code, 'policy.probe-disabled');
  }
  const r = await sb.cli([
    'test',
    '--kind',
    'pypi',
    '--url',
    'http://127.0.0.1:1/simple/',
    '--json',
    '--timeout',
    '500',
  ]);
  assert.equal(r.code, 1, r.out);
  assert.equal(JSON.parse(r.out).error, undefined);
  await fs.rm(file);
});
