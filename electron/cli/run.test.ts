import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { TARGET_IDS } from '../../shared/targets';
import type { Lang } from '../../shared/types/core';

import type { CliIO } from './command';
import { runCli } from './run';

/** The CLI in-process on a sandboxed home with no tools on PATH (verification is then reported as skipped). */
let root = '';
let env: Record<string, string> = {};
const ORIGINALS: Record<string, string> = {
  'home/.config/pip/pip.conf': '# keep me\r\n[global]\r\ntimeout = 60\r\n',
  'home/.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n@corp:registry=https://npm.corp.example/\n',
  'sysroot/etc/docker/daemon.json': '{\n\t"log-driver": "json-file"\n}\n',
};

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-cli-'));
  const home = path.join(root, 'home');
  env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    CARGO_HOME: path.join(home, '.cargo'),
    MIRRORKIT_HOME: path.join(root, 'state'),
    MIRRORKIT_SYSROOT: path.join(root, 'sysroot'),
    PATH: '',
    LANG: 'en_US.UTF-8',
  };
  for (const [rel, text] of Object.entries(ORIGINALS)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  }
});
after(() => fs.rm(root, { recursive: true, force: true }));

async function cli(argv: string[], interactive = false, answer = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io = (lang: Lang, json: boolean): CliIO => ({
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    interactive,
    confirm: () => Promise.resolve(answer),
    lang,
    json,
  });
  const code = await runCli(argv, { context: { env, platform: 'linux', isAdmin: true }, io });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const read = (rel: string) => fs.readFile(path.join(root, rel), 'utf8');
const missing = async (rel: string) =>
  fs.access(path.join(root, rel)).then(
    () => false,
    () => true,
  );

test('without a terminal a writing command needs --yes (exit 2) and writes nothing', async () => {
  const r = await cli(['set', 'pip', 'aliyun']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--yes/);
  assert.equal(await read('home/.config/pip/pip.conf'), ORIGINALS['home/.config/pip/pip.conf']);
});

test('a declined confirmation changes nothing', async () => {
  const r = await cli(['set', 'pip', 'aliyun'], true, false);
  assert.equal(r.code, 0);
  assert.match(r.out, /Nothing was changed/);
  assert.equal(await read('home/.config/pip/pip.conf'), ORIGINALS['home/.config/pip/pip.conf']);
});

test('bad input: a hostile URL, an unknown target or mirror, an unknown flag → exit 2 with a reason', async () => {
  for (const argv of [
    ['set', 'pip', 'https://x.example/$(calc)', '--yes'],
    ['set', 'pip', 'ftp://x.example/', '--yes'],
    ['set', 'pipx', 'aliyun', '--yes'],
    ['set', 'go', 'nosuchmirror', '--yes'],
    ['apply', '--preset', 'nosuch', '--yes'],
    ['apply', '--preset', 'aliyun', '--typo'],
    ['set', 'pip', 'http://pypi.douban.com/simple', '--yes'],
  ]) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.ok(r.err.length > 0, argv.join(' '));
  }
  const zh = await cli(['set', 'pip', 'ftp://x.example/', '--yes', '--lang', 'zh-CN']);
  assert.match(zh.err, /只允许 http:\/\/ 和 https:\/\//);
});

test('--dry-run prints a unified diff per file and writes nothing', async () => {
  const r = await cli(['apply', '--preset', 'aliyun', '--only', 'pip,docker', '--dry-run']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\+index-url = https:\/\/mirrors\.aliyun\.com\/pypi\/simple/);
  assert.equal(await read('home/.config/pip/pip.conf'), ORIGINALS['home/.config/pip/pip.conf']);
  assert.ok(await missing('state/applies'));
});

test('--firewall rules are planned with their target; off Windows the plan says they are Windows-only', async () => {
  const cache = 'http://10.1.2.3:5000';
  const r = await cli(['set', 'docker', cache, '--firewall', 'docker:5000@LocalSubnet', '--dry-run', '--json']);
  assert.equal(r.code, 0, r.out);
  const docker = (
    JSON.parse(r.out) as {
      plan: { targets: { target: string; warnings: { code: string; params: { name: string } }[] }[] };
    }
  ).plan.targets.find((t) => t.target === 'docker');
  assert.deepEqual(docker?.warnings.find((w) => w.code === 'warn.firewall-windows-only')?.params, {
    name: 'MirrorKit-docker-5000',
  });
  for (const [flags, code] of [
    [['--firewall', 'docker'], 'cli.bad-firewall'],
    [['--firewall', 'dock:5000'], 'error.unknown-target'],
    [['--firewall', 'docker:99999'], 'error.bad-firewall-rule'],
    [['--firewall', 'docker:5000@$(calc)'], 'error.bad-firewall-rule'],
    [['--if-declined', 'maybe'], 'cli.bad-if-declined'],
  ] as const) {
    const bad = await cli(['set', 'docker', cache, ...flags, '--yes', '--json']);
    assert.equal(bad.code, 2, flags.join(' '));
    assert.equal((JSON.parse(bad.out) as { error: { code: string } }).error.code, code, flags.join(' '));
  }
  assert.equal(await read('sysroot/etc/docker/daemon.json'), ORIGINALS['sysroot/etc/docker/daemon.json']);
});

test('a malformed daemon.json refuses docker alone (exit 2, untouched); pip and npm are applied; restore is byte-identical', async () => {
  await fs.writeFile(path.join(root, 'sysroot/etc/docker/daemon.json'), '{ "log-driver": "json-file", }\n');
  const r = await cli(['apply', '--preset', 'aliyun', '--only', 'pip,npm,docker', '--yes', '--json']);
  const doc = JSON.parse(r.out) as {
    plan: { targets: { target: string; status: string }[] };
    result: { id: string; status: string; targets: { target: string; outcome: string }[] };
  };
  const docker = doc.plan.targets.find((t) => t.target === 'docker');
  // The aliyun preset has no working Docker Hub mirror: docker is left alone before the malformed file matters.
  assert.equal(docker?.status, 'skipped');
  assert.equal(await read('sysroot/etc/docker/daemon.json'), '{ "log-driver": "json-file", }\n');
  assert.equal(r.code, 0, r.out);
  assert.match(
    await read('home/.config/pip/pip.conf'),
    /^# keep me\r\n\[global\]\r\ntimeout = 60\r\nindex-url = https:\/\/mirrors\.aliyun\.com\/pypi\/simple\r\n$/,
  );
  assert.match(
    await read('home/.npmrc'),
    /_authToken=\$\{NPM_TOKEN\}\n@corp:registry=https:\/\/npm\.corp\.example\/\nregistry=https:\/\/registry\.npmmirror\.com\/\n$/,
  );

  const bad = await cli(['set', 'docker', 'https://hub.corp.example', '--yes']);
  assert.equal(bad.code, 2, 'a malformed file of the user is bad input');
  assert.match(bad.out + bad.err, /daemon\.json/);
  assert.equal(await read('sysroot/etc/docker/daemon.json'), '{ "log-driver": "json-file", }\n');

  const restore = await cli(['restore', doc.result.id, '--yes']);
  assert.equal(restore.code, 0, restore.out + restore.err);
  assert.equal(await read('home/.config/pip/pip.conf'), ORIGINALS['home/.config/pip/pip.conf']);
  assert.equal(await read('home/.npmrc'), ORIGINALS['home/.npmrc']);
  await fs.writeFile(path.join(root, 'sysroot/etc/docker/daemon.json'), ORIGINALS['sysroot/etc/docker/daemon.json']!);
});

test('set creates a file that did not exist; restore removes it again; history lists both', async () => {
  const r = await cli(['set', 'cargo', 'rsproxy', '--yes', '--json']);
  assert.equal(r.code, 0, r.out);
  const toml = await read('home/.cargo/config.toml');
  assert.match(toml, /\[source\.crates-io\]\nreplace-with = "mirrorkit"/);
  const restore = await cli(['restore', '--yes']);
  assert.equal(restore.code, 0, restore.out + restore.err);
  assert.ok(await missing('home/.cargo/config.toml'));
  const h = await cli(['history', '--json']);
  const list = (JSON.parse(h.out) as { history: { label: string; restoredAt?: string }[] }).history;
  assert.ok(list.length >= 2);
  assert.equal(list[0]?.label, 'set cargo rsproxy');
  assert.ok(list[0]?.restoredAt);
});

test('--json prints exactly one JSON document, also for errors', async () => {
  const s = await cli(['status', '--json']);
  const doc = JSON.parse(s.out) as { tools: { target: string }[] };
  assert.deepEqual(
    doc.tools.map((t) => t.target),
    [...TARGET_IDS],
    'every registered tool, in registry order',
  );
  const e = await cli(['set', 'pip', 'nope://x', '--json', '--yes']);
  assert.equal(e.code, 2);
  assert.equal((JSON.parse(e.out) as { error: { code: string } }).error.code, 'error.bad-url');
});
