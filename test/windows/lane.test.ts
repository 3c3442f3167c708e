/**
 * The Windows lane: MirrorKit as a win32 process (the Windows node.exe) under Wine on a scratch prefix, checked
 * through the registry (wine reg query) and the files of the prefix. What Wine cannot show (the UAC prompt,
 * PowerShell, the WM_SETTINGCHANGE broadcast) is covered by the argv tests next to the code; see the README.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  appData,
  HKCU_ENV,
  HKLM_ENV,
  linuxPath,
  node,
  prepare,
  programData,
  regDelete,
  regGet,
  regValues,
  stateLinux,
  stopLane,
  userHome,
  WIN_USER,
  wine,
  zPath,
  type Lane,
  type Run,
} from './lane';

const VARS = ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GOFLAGS', 'PIP_INDEX_URL', 'NPM_CONFIG_REGISTRY'];
const USER_FILES = [
  path.join(appData, 'pip', 'pip.ini'),
  path.join(userHome, '.npmrc'),
  path.join(appData, 'go', 'env'),
  path.join(userHome, '.cargo', 'config.toml'),
  path.join(userHome, '.docker', 'daemon.json'),
];
const PROGRAMDATA_PIP = path.join(programData, 'pip', 'pip.ini');

let lane: Lane | undefined;
let skipReason: string | undefined;
const scratch = path.join(os.tmpdir(), `mk-lane-${process.pid}`);

/** Start each run from a clean user: no MirrorKit variables in either scope, no config files, no history. */
function clean(): void {
  for (const v of VARS) {
    regDelete(HKCU_ENV, v);
    regDelete(HKLM_ENV, v);
  }
  for (const f of [...USER_FILES, PROGRAMDATA_PIP]) rmSync(f, { force: true });
  rmSync(stateLinux, { recursive: true, force: true });
}

before(async () => {
  const r = await prepare();
  if (!r.ok) {
    skipReason = r.reason;
    console.log(`# windows lane SKIPPED: ${r.reason}`);
    return;
  }
  lane = r.lane;
  console.log(`# windows lane ready in ${(r.setupMs / 1000).toFixed(1)} s`);
  mkdirSync(scratch, { recursive: true });
  clean();
});

after(() => {
  if (lane) {
    clean();
    // The persistent wineserver started by setup: stop it so nothing lingers after the suite.
    stopLane();
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** Each test body runs only when the lane is up; otherwise it is skipped with the reason, never passed. */
function laneTest(name: string, fn: (l: Lane) => void | Promise<void>, opts: { todo?: string } = {}): void {
  test(name, opts, async (t) => {
    if (!lane) return t.skip(skipReason ?? 'lane unavailable');
    await fn(lane);
  });
}

function json<T>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

function ok(r: Run, what: string): Run {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Stage a batch of changes with the helper's own writer (inside the Windows process). */
function stage(l: Lane, changes: unknown[]): { path: string; sha256: string } {
  const file = path.join(scratch, `changes-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(changes));
  return json(ok(node(l.entry, ['stage', zPath(file)]), 'stage'));
}

/** A batch document written by hand (a hostile caller), with its correct hash. */
function handBatch(changes: unknown[]): { path: string; sha256: string } {
  const file = path.join(scratch, `hand-${Date.now()}.json`);
  const bytes = Buffer.from(JSON.stringify({ version: 1, createdAt: new Date().toISOString(), changes }));
  writeFileSync(file, bytes);
  return { path: zPath(file), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The helper's own folder for one run, in the prefix: C:\\ProgramData\\MirrorKit\\elevate\\<nonce>. */
const helperDir = (nonce: string) => path.join(programData, 'MirrorKit', 'elevate', nonce);

function helperResult(nonce: string): { status: string; error?: { code: string } } {
  const text = readFileSync(path.join(helperDir(nonce), 'result.json'), 'utf8');
  return JSON.parse(text) as { status: string; error?: { code: string } };
}

/**
 * Run the helper as the broker starts it, with a fresh result folder name. Wine's powershell.exe is a stub, so the
 * folder's ACL step is the lane entry's stand-in (the same folders, no ACL); the real step is the CLI test below.
 */
function elevated(l: Lane, b: { path: string; sha256: string }, extra: Record<string, string> = {}) {
  const nonce = randomBytes(16).toString('hex');
  return { nonce, run: node(l.entry, ['elevated', b.path, b.sha256, nonce, '--acl-stand-in'], extra) };
}

const machineEnv = (name: string, value: string | null) => ({
  kind: 'setEnv',
  target: 'go',
  name,
  value,
  scope: 'machine',
  before: null,
  admin: true,
});

laneTest('the config files land at the Windows paths, and restore removes them', (l) => {
  const sets: [string, string][] = [
    ['pip', 'https://mirrors.aliyun.com/pypi/simple/'],
    ['npm', 'https://registry.npmmirror.com'],
    ['go', 'https://goproxy.cn'],
    ['cargo', 'https://rsproxy.cn'],
    ['docker', 'https://docker.m.daocloud.io'],
  ];
  const ids: string[] = [];
  for (const [target, url] of sets) {
    const r = json<{ result: { id: string; status: string } }>(
      ok(node(l.cli, ['set', target, url, '--yes', '--json']), `set ${target}`),
    );
    ids.push(r.result.id);
  }
  const [pip, npmrc, goenv, cargo, daemon] = USER_FILES.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : null));
  assert.equal(
    pip,
    '[global]\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\n',
    '%APPDATA%\\pip\\pip.ini, CRLF',
  );
  assert.match(npmrc ?? '', /^registry=https:\/\/registry\.npmmirror\.com\/\r\n$/, '%USERPROFILE%\\.npmrc');
  assert.match(goenv ?? '', /^GOPROXY=https:\/\/goproxy\.cn,direct$/m, '%APPDATA%\\go\\env');
  assert.match(cargo ?? '', /replace-with = "[\w-]+"/, '%USERPROFILE%\\.cargo\\config.toml');
  assert.match(cargo ?? '', /registry = "sparse\+https:\/\/rsproxy\.cn\/"/);
  // The canonical URL (WHATWG serialization) ends a bare host with '/'; dockerd reads both forms alike.
  assert.deepEqual(
    JSON.parse(daemon ?? 'null'),
    { 'registry-mirrors': ['https://docker.m.daocloud.io/'] },
    '%USERPROFILE%\\.docker\\daemon.json',
  );

  for (const id of ids.reverse()) ok(node(l.cli, ['restore', id, '--yes']), `restore ${id}`);
  for (const f of USER_FILES) assert.equal(existsSync(f), false, `${f} removed`);
});

laneTest('nuget: %APPDATA%\\NuGet\\NuGet.Config gets the nuget.org source (CRLF); restore removes the file', (l) => {
  const file = path.join(appData, 'NuGet', 'NuGet.Config');
  rmSync(file, { force: true });
  const url = 'https://mirrors.huaweicloud.com/repository/nuget/v3/index.json';
  const r = json<{ result: { id: string } }>(
    ok(node(l.cli, ['set', 'nuget', 'huawei', '--yes', '--json']), 'set nuget'),
  );
  assert.equal(
    readFileSync(file, 'utf8'),
    `<?xml version="1.0" encoding="utf-8"?>\r\n<configuration>\r\n  <packageSources>\r\n    <add key="nuget.org" value="${url}" />\r\n  </packageSources>\r\n</configuration>\r\n`,
  );
  ok(node(l.cli, ['restore', r.result.id, '--yes']), 'restore nuget');
  assert.equal(existsSync(file), false, `${file} removed`);
});

laneTest('the win32 store writes HKCU\\Environment with reg.exe; PATH and long values are refused', (l) => {
  ok(node(l.entry, ['env-set', 'user', 'GOPROXY', 'https://goproxy.cn,direct']), 'env-set');
  assert.equal(regGet(HKCU_ENV, 'GOPROXY'), 'https://goproxy.cn,direct');
  assert.equal(regValues(HKCU_ENV).get('GOPROXY')?.[0], 'REG_SZ');
  assert.deepEqual(json(ok(node(l.entry, ['env-get', 'user', 'goproxy']), 'env-get')), {
    value: 'https://goproxy.cn,direct',
  });
  ok(node(l.entry, ['env-set', 'user', 'GOPROXY', '--delete']), 'env-set --delete');
  assert.equal(regGet(HKCU_ENV, 'GOPROXY'), undefined);

  const pathBefore = regGet(HKCU_ENV, 'PATH');
  const refused = node(l.entry, ['env-set', 'user', 'PATH', 'C:\\evil']);
  assert.equal(json<{ error: { code: string } }>(refused).error.code, 'windows.env-path-refused');
  assert.equal(regGet(HKCU_ENV, 'PATH'), pathBefore);
  const long = node(l.entry, ['env-set', 'user', 'PIP_INDEX_URL', `https://a.example/${'x'.repeat(1100)}`]);
  assert.equal(json<{ error: { code: string } }>(long).error.code, 'windows.env-too-long');
  assert.equal(regGet(HKCU_ENV, 'PIP_INDEX_URL'), undefined);
});

laneTest('a registry value of an unexpected type is reported and left as it is', (l) => {
  ok(wine(['reg', 'add', HKCU_ENV, '/v', 'GOPROXY', '/t', 'REG_DWORD', '/d', '1', '/f']), 'reg add DWORD');
  const r = node(l.entry, ['env-set', 'user', 'GOPROXY', 'https://goproxy.cn,direct']);
  assert.deepEqual(json<{ error: { code: string; params: Record<string, string> } }>(r).error, {
    code: 'windows.unexpected-reg-type',
    params: { name: 'GOPROXY', type: 'REG_DWORD', key: HKCU_ENV },
  });
  assert.deepEqual(regValues(HKCU_ENV).get('GOPROXY'), ['REG_DWORD', '0x1']);
  regDelete(HKCU_ENV, 'GOPROXY');
});

laneTest(
  'CLI wired with the win32 store: `set go --env-scope user` lands in HKCU\\Environment, restore removes it',
  (l) => {
    const r = json<{ result: { id: string; status: string } }>(
      ok(
        node(l.entry, ['wired-cli', 'set', 'go', 'https://goproxy.cn', '--env-scope', 'user', '--yes', '--json']),
        'set go',
      ),
    );
    assert.equal(r.result.status, 'applied');
    assert.equal(regGet(HKCU_ENV, 'GOPROXY'), 'https://goproxy.cn,direct');
    assert.equal(regGet(HKLM_ENV, 'GOPROXY'), undefined);
    ok(node(l.entry, ['wired-cli', 'restore', r.result.id, '--yes']), 'restore');
    assert.equal(regGet(HKCU_ENV, 'GOPROXY'), undefined);
  },
);

laneTest(
  'CLI wired, already elevated (a fleet tool as SYSTEM): machine scope goes straight to HKLM, restore removes it',
  (l) => {
    const admin = { MIRRORKIT_LANE_ADMIN: '1' };
    const r = json<{ result: { id: string; status: string } }>(
      ok(
        node(
          l.entry,
          ['wired-cli', 'set', 'go', 'https://goproxy.cn', '--env-scope', 'machine', '--yes', '--json'],
          admin,
        ),
        'set go machine',
      ),
    );
    assert.equal(r.result.status, 'applied');
    assert.equal(regGet(HKLM_ENV, 'GOPROXY'), 'https://goproxy.cn,direct');
    assert.equal(regGet(HKCU_ENV, 'GOPROXY'), undefined);
    ok(node(l.entry, ['wired-cli', 'restore', r.result.id, '--yes'], admin), 'restore');
    assert.equal(regGet(HKLM_ENV, 'GOPROXY'), undefined);
  },
);

laneTest(
  '--elevated: a staged batch writes HKLM and %ProgramData%; a restore batch removes the values and the file',
  (l) => {
    const pipIni = '[global]\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\n';
    const b = stage(l, [
      machineEnv('GOPROXY', 'https://goproxy.cn,direct'),
      machineEnv('GOSUMDB', 'sum.golang.google.cn'),
      {
        kind: 'writeFile',
        target: 'pip',
        path: 'C:\\ProgramData\\pip\\pip.ini',
        before: null,
        after: pipIni,
        admin: true,
      },
    ]);
    assert.match(b.path, /^C:\\users\\.+\\mirrorkit-lane\\elevate\\batch-.+\.json$/);
    const run = elevated(l, b);
    ok(run.run, 'elevated');
    assert.equal(helperResult(run.nonce).status, 'done');
    assert.equal(regGet(HKLM_ENV, 'GOPROXY'), 'https://goproxy.cn,direct');
    assert.equal(regGet(HKLM_ENV, 'GOSUMDB'), 'sum.golang.google.cn');
    assert.equal(readFileSync(PROGRAMDATA_PIP, 'utf8'), pipIni);

    const undo = stage(l, [
      machineEnv('GOPROXY', null),
      machineEnv('GOSUMDB', null),
      { kind: 'removeFile', target: 'pip', path: 'C:\\ProgramData\\pip\\pip.ini', before: pipIni, admin: true },
    ]);
    ok(elevated(l, undo).run, 'elevated restore');
    assert.equal(regGet(HKLM_ENV, 'GOPROXY'), undefined);
    assert.equal(regGet(HKLM_ENV, 'GOSUMDB'), undefined);
    assert.equal(existsSync(PROGRAMDATA_PIP), false, 'the file MirrorKit created is removed');
  },
);

laneTest(
  '--elevated reads %ProgramData% from the registry with the real reg.exe: an attacker-set ProgramData or MIRRORKIT_SYSROOT is ignored',
  (l) => {
    const pipIni = '[global]\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\n';
    const decoy = path.join(path.dirname(programData), 'users', 'Public', 'mallory');
    const b = stage(l, [
      {
        kind: 'writeFile',
        target: 'pip',
        path: 'C:\\ProgramData\\pip\\pip.ini',
        before: null,
        after: pipIni,
        admin: true,
      },
    ]);
    const hostile = {
      ProgramData: 'C:\\users\\Public\\mallory\\pd',
      MIRRORKIT_SYSROOT: 'C:\\users\\Public\\mallory\\root',
    };
    const run = elevated(l, b, hostile);
    ok(run.run, 'elevated');
    // The helper's own folder is under the registry's %ProgramData% too, and nothing is written beside the batch.
    assert.equal(helperResult(run.nonce).status, 'done');
    assert.equal(existsSync(`${linuxPath(b.path)}.result.json`), false);
    assert.equal(readFileSync(PROGRAMDATA_PIP, 'utf8'), pipIni);
    assert.equal(existsSync(decoy), false, 'nothing written under the attacker-chosen folders');
    rmSync(PROGRAMDATA_PIP, { force: true });
  },
);

laneTest('--elevated refuses a batch with an unknown variable or a hostile value: HKLM unchanged', (l) => {
  ok(
    wine(['reg', 'add', HKLM_ENV, '/v', 'GOPROXY', '/t', 'REG_SZ', '/d', 'https://proxy.golang.org,direct', '/f']),
    'seed HKLM',
  );
  const before = regValues(HKLM_ENV);
  for (const [bad, code] of [
    [machineEnv('GOFLAGS', '-toolexec=C:\\evil.exe'), 'windows.batch-unknown-variable'],
    [machineEnv('PIP_INDEX_URL', 'https://a.example/$(calc)'), 'windows.batch-bad-value'],
    [machineEnv('PATH', 'C:\\evil'), 'windows.env-path-refused'],
    [
      {
        kind: 'writeFile',
        target: 'pip',
        path: 'C:\\windows\\system32\\drivers\\etc\\hosts',
        before: null,
        after: '1.2.3.4 evil\r\n',
        admin: true,
      },
      'windows.batch-bad-path',
    ],
  ] as const) {
    const b = handBatch([machineEnv('GOPROXY', 'https://goproxy.cn,direct'), bad]);
    const r = elevated(l, b);
    assert.equal(r.run.code, 2, code);
    assert.equal(helperResult(r.nonce).error?.code, code);
  }
  assert.deepEqual(regValues(HKLM_ENV), before);
  assert.equal(regGet(HKLM_ENV, 'GOPROXY'), 'https://proxy.golang.org,direct');
  regDelete(HKLM_ENV, 'GOPROXY');
});

laneTest('--elevated refuses a batch tampered with after staging: HKLM unchanged', (l) => {
  const b = stage(l, [machineEnv('GOPROXY', 'https://goproxy.cn,direct')]);
  const file = linuxPath(b.path);
  writeFileSync(file, readFileSync(file, 'utf8').replace('https://goproxy.cn', 'https://evil.example'));
  const r = elevated(l, b);
  assert.equal(r.run.code, 2);
  assert.equal(helperResult(r.nonce).error?.code, 'windows.batch-tampered');
  assert.equal(regGet(HKLM_ENV, 'GOPROXY'), undefined);
});

laneTest('under Wine there is no UAC: not elevated, and the broker reports that the helper never ran', (l) => {
  // Wine's whoami ignores /groups (no integrity label) and its powershell.exe is a stub that exits 0 doing nothing.
  assert.deepEqual(json(ok(node(l.entry, ['is-elevated']), 'is-elevated')), { elevated: false });
  const file = path.join(scratch, 'broker.json');
  writeFileSync(file, JSON.stringify([machineEnv('GOPROXY', 'https://goproxy.cn,direct')]));
  const r = json<{ status: string; error?: { code: string } }>(ok(node(l.entry, ['broker', zPath(file)]), 'broker'));
  assert.deepEqual([r.status, r.error?.code], ['failed', 'windows.elevate-no-result']);
  assert.equal(regGet(HKLM_ENV, 'GOPROXY'), undefined);
});

laneTest('mirrorkit CLI: `set go --env-scope user` lands in HKCU\\Environment', (l) => {
  ok(node(l.cli, ['set', 'go', 'https://goproxy.cn', '--env-scope', 'user', '--yes']), 'set go --env-scope user');
  assert.equal(regGet(HKCU_ENV, 'GOPROXY'), 'https://goproxy.cn,direct');
  ok(node(l.cli, ['restore', '--yes']), 'restore');
  assert.equal(regGet(HKCU_ENV, 'GOPROXY'), undefined);
});

laneTest(
  "mirrorkit CLI `--elevated`: the real ACL step runs Wine's stub powershell.exe, which reports nothing, so the helper refuses (exit 2), HKLM unchanged, no result",
  (l) => {
    const b = stage(l, [machineEnv('GOPROXY', 'https://goproxy.cn,direct')]);
    const nonce = randomBytes(16).toString('hex');
    const r = node(l.cli, ['--elevated', b.path, '--sha256', b.sha256, '--result', nonce, '--for', 'lane\\user']);
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /ProgramData.MirrorKit/);
    assert.equal(regGet(HKLM_ENV, 'GOPROXY'), undefined);
    assert.equal(existsSync(path.join(helperDir(nonce), 'result.json')), false);
  },
);

laneTest(
  'nvm-windows: %NVM_HOME%\\settings.txt gets node_mirror and npm_mirror, CRLF kept; restore gives back its bytes',
  (l) => {
    // As nvm-windows' saveSettings() writes it (src/nvm.go L1947-1950): CRLF, no final newline.
    const home = `C:\\users\\${WIN_USER}\\AppData\\Local\\nvm`;
    const saved = `root: ${home}\r\narch: 64\r\nproxy: none\r\noriginalpath: \r\noriginalversion: \r\nnode_mirror: \r\nnpm_mirror: `;
    const file = linuxPath(`${home}\\settings.txt`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, saved);
    try {
      ok(node(l.cli, ['set', 'node', 'npmmirror', '--yes', '--json'], { NVM_HOME: home }), 'set node');
      assert.equal(
        readFileSync(file, 'utf8'),
        saved
          .replace('node_mirror: ', 'node_mirror: https://npmmirror.com/mirrors/node/')
          .replace(/npm_mirror: $/, 'npm_mirror: https://npmmirror.com/mirrors/npm/'),
      );
      assert.equal(regGet(HKCU_ENV, 'NODEJS_ORG_MIRROR'), 'https://npmmirror.com/mirrors/node');
      ok(node(l.cli, ['restore', '--yes'], { NVM_HOME: home }), 'restore');
      assert.equal(readFileSync(file, 'utf8'), saved);
      assert.equal(regGet(HKCU_ENV, 'NODEJS_ORG_MIRROR'), undefined);
    } finally {
      rmSync(path.dirname(file), { recursive: true, force: true });
      regDelete(HKCU_ENV, 'NODEJS_ORG_MIRROR');
    }
  },
);
