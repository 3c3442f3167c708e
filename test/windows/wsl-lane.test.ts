/**
 * Issue 20 under Wine: the wsl target from a win32 process. wsl.exe here is a STAND-IN, not WSL: a small C program
 * (fixtures/wsl-standin.c, compiled by this test with x86_64-w64-mingw32-gcc) placed where Windows keeps the real
 * one, %SystemRoot%\System32\wsl.exe, answering MirrorKit's commands against one folder per distro. What runs for
 * real is the Windows side: node.exe spawning wsl.exe with Windows command-line quoting, its UTF-16LE list decoded,
 * the bytes piped to `dd` on its stdin, the originals kept in the state folder in the prefix, and the restore.
 * apt-get is not emulated (the Linux oracle, test/oracles/wsl.test.ts, runs the real one), so the apply's
 * verification fails, saying so.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { DEBIAN_OS, UBUNTU_OS, ALPINE_OS } from '../support/wsl-sandbox';

import { linuxPath, node, prepare, root, stateLinux, stopLane, type Lane, type Run } from './lane';

const SYSTEM32 = linuxPath('C:\\windows\\system32');
const WSL_EXE = path.join(SYSTEM32, 'wsl.exe');
const DISTROS = path.join(SYSTEM32, 'wsl-standin-distros');
const LOG = path.join(SYSTEM32, 'wsl-standin.log');
const SOURCE = path.join(root, 'test', 'windows', 'fixtures', 'wsl-standin.c');
const BUILT = path.join(root, '.cache', 'windows-lane', 'wsl-standin.exe');
const GCC = 'x86_64-w64-mingw32-gcc';

const DEBIAN_LIST = 'deb http://deb.debian.org/debian bookworm main\r\n# kept: a comment, CRLF\r\n';
const UBUNTU_SOURCES = `Types: deb
URIs: http://archive.ubuntu.com/ubuntu/
Suites: noble noble-updates
Components: main restricted

Types: deb
URIs: http://security.ubuntu.com/ubuntu/
Suites: noble-security
Components: main restricted
`;
const FILES: [string, string, string][] = [
  ['Debian', '/etc/apt/sources.list', DEBIAN_LIST],
  ['Ubuntu', '/etc/apt/sources.list.d/ubuntu.sources', UBUNTU_SOURCES],
];

let lane: Lane | undefined;
let skipReason: string | undefined;

const inDistro = (d: string, p: string) => path.join(DISTROS, d, ...p.split('/'));

function clean(): void {
  rmSync(DISTROS, { recursive: true, force: true });
  rmSync(LOG, { force: true });
  rmSync(stateLinux, { recursive: true, force: true });
}

function distro(name: string, files: Record<string, string>): void {
  for (const dir of ['/etc/apt/sources.list.d', '/tmp']) mkdirSync(inDistro(name, dir), { recursive: true });
  for (const [p, text] of Object.entries(files)) writeFileSync(inDistro(name, p), text);
}

before(async () => {
  const r = await prepare();
  if (!r.ok) {
    skipReason = r.reason;
    return;
  }
  // Built from source on every run: no binary is kept in the repository.
  const gcc = spawnSync(GCC, ['-municode', '-O2', '-Wall', '-o', BUILT, SOURCE], { encoding: 'utf8' });
  if (gcc.error || gcc.status !== 0) {
    skipReason = gcc.error
      ? `${GCC} not installed (apt-get install gcc-mingw-w64-x86-64)`
      : `${GCC} failed: ${gcc.stderr}`;
    console.log(`# wsl lane SKIPPED: ${skipReason}`);
    stopLane(); // prepare() started wineserver; nothing else here will stop it
    return;
  }
  lane = r.lane;
  copyFileSync(BUILT, WSL_EXE);
  console.log('# wsl.exe in the prefix is a STAND-IN built from test/windows/fixtures/wsl-standin.c, not WSL');
  clean();
});

after(() => {
  if (lane) {
    clean();
    rmSync(WSL_EXE, { force: true });
    stopLane();
  }
});

function laneTest(name: string, fn: (l: Lane) => void): void {
  test(name, async (t) => {
    if (!lane) return t.skip(skipReason ?? 'lane unavailable');
    fn(lane);
  });
}

function json<T>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

const calls = (): string[][] =>
  existsSync(LOG)
    ? readFileSync(LOG, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[])
    : [];

interface StatusRow {
  target: string;
  reading?: { value: string | null; layers: { value: string }[]; warnings: { code: string; params?: object }[] };
}

for (const utf8 of [false, true]) {
  laneTest(`wsl (stand-in wsl.exe): status reads the distros through its ${utf8 ? 'UTF-8' : 'UTF-16LE'} list`, (l) => {
    clean();
    for (const [d, p, text] of FILES)
      distro(d, { '/etc/os-release': d === 'Debian' ? DEBIAN_OS : UBUNTU_OS, [p]: text });
    distro('Alpine', { '/etc/os-release': ALPINE_OS });
    // A name beyond ASCII comes back whole only if the list is decoded in its encoding (then it is refused).
    distro('Ubuntu-测试', { '/etc/os-release': UBUNTU_OS });
    // LANG: Wine maps the folder's UTF-8 name to Unicode only under a UTF-8 locale (the lane's default is none).
    const r = node(l.cli, ['status', 'wsl', '--json'], { LANG: 'C.UTF-8', ...(utf8 ? { WSL_UTF8: '1' } : {}) });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const row = json<{ tools: StatusRow[] }>(r).tools.find((t) => t.target === 'wsl');
    assert.deepEqual(
      row?.reading?.layers.map((x) => x.value),
      ['http://deb.debian.org/debian', 'http://archive.ubuntu.com/ubuntu/'],
      JSON.stringify(row),
    );
    assert.ok(
      row?.reading?.warnings.some((w) => w.code === 'wsl.not-apt'),
      'Alpine listed and skipped',
    );
    const refused = row?.reading?.warnings.find((w) => w.code === 'wsl.bad-name');
    assert.deepEqual(refused?.params, { distro: JSON.stringify('Ubuntu-测试') });
    // Listed, then the running ones asked for (a reading starts no distro), then only commands inside them.
    const log = calls();
    assert.deepEqual(log[0], ['-l', '-q']);
    assert.ok(log.some((c) => c.join(' ') === '-l --running -q'));
    for (const c of log.filter((x) => x[0] === '-d')) assert.deepEqual(c.slice(2, 5), ['-u', 'root', '--exec']);
  });
}

laneTest(
  'wsl (stand-in wsl.exe): set writes inside each distro, restore gives the bytes back from the Windows side',
  (l) => {
    clean();
    for (const [d, p, text] of FILES)
      distro(d, { '/etc/os-release': d === 'Debian' ? DEBIAN_OS : UBUNTU_OS, [p]: text });
    const set = node(l.cli, ['set', 'wsl', 'ustc', '--yes', '--json']);
    const out = json<{ result: { id: string; status: string; targets: { verification?: { message?: unknown } }[] } }>(
      set,
    );
    // Written, then verified in each distro: the stand-in has no apt-get, and the failure says so (not a pass).
    assert.equal(out.result.status, 'verify-failed', set.stdout);
    assert.match(JSON.stringify(out.result.targets[0]?.verification), /not emulated by the wsl\.exe stand-in/);
    assert.equal(
      readFileSync(inDistro('Debian', '/etc/apt/sources.list'), 'utf8'),
      'deb https://mirrors.ustc.edu.cn/debian/ bookworm main\r\n# kept: a comment, CRLF\r\n',
    );
    const ubuntu = readFileSync(inDistro('Ubuntu', '/etc/apt/sources.list.d/ubuntu.sources'), 'utf8');
    assert.match(ubuntu, /^URIs: https:\/\/mirrors\.ustc\.edu\.cn\/ubuntu\/$/m);
    assert.match(ubuntu, /^URIs: http:\/\/security\.ubuntu\.com\/ubuntu\/$/m);

    // The originals are kept in the prefix, in MirrorKit's state folder on the Windows side.
    const kept = path.join(stateLinux, 'applies', out.result.id, 'files');
    const originals = readdirSync(kept).map((f) => readFileSync(path.join(kept, f), 'utf8'));
    assert.deepEqual(originals.sort(), [DEBIAN_LIST, UBUNTU_SOURCES].sort());

    const restore = node(l.cli, ['restore', out.result.id, '--yes']);
    assert.equal(restore.code, 0, `${restore.stdout}\n${restore.stderr}`);
    for (const [d, p, text] of FILES) assert.equal(readFileSync(inDistro(d, p), 'utf8'), text, `${d} ${p} restored`);
    assert.deepEqual(readdirSync(inDistro('Debian', '/etc/apt')).sort(), ['sources.list', 'sources.list.d']);
    assert.deepEqual(readdirSync(inDistro('Ubuntu', '/tmp')), [], 'the verification scratch folder removed');
    // Every command ran a program directly (--exec), as root; the bytes went to dd on its stdin.
    const inside = calls().filter((c) => c[0] === '-d');
    for (const c of inside) assert.deepEqual(c.slice(2, 5), ['-u', 'root', '--exec']);
    assert.ok(inside.some((c) => c[5] === 'dd' && c[1] === 'Ubuntu'));
  },
);
