import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { TargetPlan, WingetSourceChange } from '../../../shared/types/core';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import { createContext, type Ctx } from '../context';
import { appliesDir } from '../fsx/backup';
import type { Manifest } from '../fsx/manifest';
import { describeAllowlist } from '../elevate/allowlist';
import { announcementText, type Announced } from '../elevate/announce';
import { buildBatch } from '../elevate/batch';
import { createElevator } from '../elevate/broker';
import { parseElevatedArgs, type LaunchFn } from '../elevate/launch';
import { runElevatedBatch } from '../elevate/run';
import { runWingetChange } from '../elevate/winget';
import type { MirrorKitError } from '../errors';
import { nodeExec, type Exec } from '../platform/exec';

import { planOf, sandboxCtx } from './test-context';
import { winget } from './winget';
import { parseSourceExport, WINGET_DEFAULT_ARG } from './winget-source';

/**
 * WinGet cannot run here: every test drives a STAND-IN winget (test/fixtures/winget/winget-stand-in.mjs), a Node
 * script that keeps its source list in a JSON file and prints `--version`, `source export` and `source list` in
 * the formats copied from microsoft/winget-cli, refusing add/remove/reset unless "elevated". The target runs on
 * a win32 context: `%LOCALAPPDATA%\Microsoft\WindowsApps\winget.exe` is a relative file name on this Linux
 * machine, so the file runs in a scratch folder of its own (node:test gives each file its own process). The
 * elevated helper runs for real (batch file, hash, validation, allowlist) on a Linux context whose winget is the
 * same stand-in with administrator rights; only the UAC prompt itself is played by the launcher.
 */
const STAND_IN = path.resolve(import.meta.dirname, '../../../test/fixtures/winget/winget-stand-in.mjs');
const LOCAL = 'C:\\Users\\li\\AppData\\Local';
const ALIAS = `${LOCAL}\\Microsoft\\WindowsApps\\winget.exe`;
const WIN_ENV = { USERPROFILE: 'C:\\Users\\li', LOCALAPPDATA: LOCAL, PATH: `${LOCAL}\\Microsoft\\WindowsApps` };
const USTC = 'https://mirrors.ustc.edu.cn/winget-source';
const NJU = 'https://mirror.nju.edu.cn/winget-source';
/** The change a plan from the default source to USTC's makes (WinGet ≥ 1.8, an administrator). */
const TO_USTC: WingetSourceChange = {
  kind: 'wingetSource',
  target: 'winget',
  action: 'set',
  arg: USTC,
  trusted: true,
  explicit: false,
  options18: true,
  before: { arg: WINGET_DEFAULT_ARG, trusted: true, explicit: false },
  admin: true,
};
const SELF = { exe: 'C:\\Program Files\\MirrorKit\\MirrorKit.exe', args: [] };

const DEFAULT_SOURCE = {
  Arg: WINGET_DEFAULT_ARG,
  Data: 'Microsoft.Winget.Source_8wekyb3d8bbwe',
  Explicit: false,
  Identifier: 'Microsoft.Winget.Source_8wekyb3d8bbwe',
  Name: 'winget',
  TrustLevel: ['Trusted', 'StoreOrigin'],
  Type: 'Microsoft.PreIndexed.Package',
};
const MSSTORE = {
  Arg: 'https://storeedgefd.dsx.mp.microsoft.com/v9.0',
  Data: '',
  Explicit: false,
  Identifier: 'StoreEdgeFD',
  Name: 'msstore',
  TrustLevel: ['Trusted'],
  Type: 'Microsoft.Rest',
};
const mirrorSource = (arg: string) => ({ ...DEFAULT_SOURCE, Arg: arg, TrustLevel: ['Trusted'] });

interface StandInState {
  version: string;
  sources: (typeof DEFAULT_SOURCE)[];
  calls?: { args: string[]; elevated: boolean }[];
}

let scratch = '';
const cwd = process.cwd();
before(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-winget-'));
  process.chdir(scratch);
  await fs.writeFile(ALIAS, 'stand-in alias marker');
});
after(async () => {
  process.chdir(cwd);
  await fs.rm(scratch, { recursive: true, force: true });
});

const NO_POLICY = 'ERROR: The system was unable to find the specified registry key or value.';

/** `reg query` of WinGet's policy key with these DWORD values, as reg.exe prints it. */
const policyKey = (values: Record<string, number>) =>
  [
    '',
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\AppInstaller',
    ...Object.entries(values).map(([k, v]) => `    ${k}    REG_DWORD    0x${v.toString(16)}`),
    '',
  ].join('\r\n');

/**
 * An Exec whose winget.exe is the stand-in, with or without administrator rights, over one state file; reg.exe
 * answers the query of WinGet's policy key with `policy` (absent key: reg's error, exit 1).
 */
function standInExec(stateFile: string, elevated: boolean, policy?: string): Exec {
  return (command, args, opts = {}) => {
    if (/reg\.exe$/i.test(command))
      return Promise.resolve(
        policy === undefined ? { code: 1, stdout: '', stderr: NO_POLICY } : { code: 0, stdout: policy, stderr: '' },
      );
    if (!/winget\.exe$/i.test(command))
      return Promise.resolve({ code: null, stdout: '', stderr: '', failure: 'not-found' });
    const env = {
      PATH: process.env.PATH,
      WINGET_STAND_IN_STATE: stateFile,
      ...(elevated ? { WINGET_STAND_IN_ELEVATED: '1' } : {}),
    };
    return nodeExec(process.execPath, [STAND_IN, ...args], { ...opts, env });
  };
}

interface World {
  win: Ctx;
  stateFile: string;
  helperStateFile: string;
  read: () => Promise<StandInState>;
  elevate: ReturnType<typeof createElevator>;
  prompts: number;
  announced: Announced[];
  cleanup: () => Promise<void>;
}

/**
 * The user's win32 context (unelevated stand-in), the engine's broker (a Linux context: the batch ACL and the
 * prompt are the broker tests' business) and the helper (the same stand-in, elevated). `otherAccount` gives the
 * helper a winget of its own, as an administrator who is another account would have.
 */
async function world(initial: StandInState, opts: { otherAccount?: boolean; policy?: string } = {}): Promise<World> {
  const stateFile = path.join(scratch, `state-${Math.random().toString(36).slice(2)}.json`);
  const helperStateFile = opts.otherAccount ? `${stateFile}.admin.json` : stateFile;
  await fs.writeFile(stateFile, JSON.stringify(initial));
  if (opts.otherAccount) await fs.writeFile(helperStateFile, JSON.stringify(initial));
  const {
    ctx: win,
    root,
    cleanup,
  } = await sandboxCtx({
    platform: 'win32',
    env: WIN_ENV,
    exec: standInExec(stateFile, false, opts.policy),
  });
  const helperLocal = path.join(root, 'admin-local');
  await fs.mkdir(path.join(helperLocal, 'Microsoft', 'WindowsApps'), { recursive: true });
  await fs.writeFile(path.join(helperLocal, 'Microsoft', 'WindowsApps', 'winget.exe'), 'stand-in alias marker');
  const helper = createContext({
    platform: 'linux',
    env: { HOME: root, MIRRORKIT_HOME: path.join(root, 'helper-state'), LOCALAPPDATA: helperLocal },
    exec: standInExec(helperStateFile, true),
    isAdmin: true,
  });
  const engine = createContext({
    platform: 'linux',
    env: { HOME: root, MIRRORKIT_HOME: path.join(root, 'engine-state') },
    isAdmin: false,
  });
  const w: World = {
    win,
    stateFile,
    helperStateFile,
    read: async () => JSON.parse(await fs.readFile(stateFile, 'utf8')) as StandInState,
    elevate: undefined as unknown as World['elevate'],
    prompts: 0,
    announced: [],
    cleanup,
  };
  // Stands for %ProgramData%: the helper makes its result folder there, and the broker reads it there.
  const workRoot = path.join(root, 'ProgramData');
  await fs.mkdir(workRoot, { recursive: true });
  const launch: LaunchFn = async (_exe, args) => {
    w.prompts++;
    const call = parseElevatedArgs(args);
    assert.ok(call, args.join(' '));
    const announce = (a: Announced) => Promise.resolve(void w.announced.push(a));
    return { code: await runElevatedBatch(helper, call, { announce, workRoot }) };
  };
  w.elevate = createElevator(engine, { launch, self: SELF, workRoot });
  return w;
}

async function applyAndVerify(w: World, tp: TargetPlan) {
  return applyPlan(w.win, planOf(tp, 'win32', 'set winget'), {
    elevate: w.elevate,
    verify: (_t, p) => winget.verify(w.win, p.after),
  });
}

const changeOf = (tp: TargetPlan) => tp.changes[0] as WingetSourceChange;
const wingetArgs = (s: StandInState) => s.calls?.map((c) => `${c.elevated ? 'admin' : 'user'}: ${c.args.join(' ')}`);

describe('winget target against a stand-in winget (WinGet itself cannot run here)', () => {
  it('detect: the App Installer alias, the version from `winget --version`; not a tool of Linux', async () => {
    const w = await world({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] });
    try {
      const d = await winget.detect(w.win);
      assert.deepEqual(d, {
        target: 'winget',
        supported: true,
        installed: true,
        version: '1.9.25200',
        executable: ALIAS,
      });
      assert.equal((await winget.detect(w.win, { quick: true })).versionPending, true);
      const linux = await sandboxCtx();
      assert.equal((await winget.detect(linux.ctx)).supported, false);
      assert.equal((await winget.plan(linux.ctx, { target: 'winget', urls: [USTC] }, {})).status, 'skipped');
      await linux.cleanup();
    } finally {
      await w.cleanup();
    }
  });

  it('read: the default source is "default"; a mirror is read from `winget source export` with its provider', async () => {
    const w = await world({ version: '1.9.25200', sources: [mirrorSource(USTC), MSSTORE] });
    try {
      const r = await winget.read(w.win);
      assert.equal(r.value, USTC);
      assert.deepEqual(r.match, { provider: 'ustc', status: 'active' });
      assert.deepEqual(r.origin, { kind: 'file', path: 'winget source export', key: 'winget' });
      await fs.writeFile(w.stateFile, JSON.stringify({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] }));
      const d = await winget.read(w.win);
      assert.equal(d.value, null);
      assert.deepEqual(d.origin, { kind: 'default' });
      assert.deepEqual(d.warnings, []);
      await fs.writeFile(w.stateFile, JSON.stringify({ version: '1.9.25200', sources: [MSSTORE] }));
      const gone = await winget.read(w.win);
      assert.deepEqual(
        gone.warnings.map((m) => m.code),
        ['winget.source-absent'],
      );
    } finally {
      await w.cleanup();
    }
  });

  it('the export parser reads winget’s JSON lines past a progress spinner, and refuses output that is not winget’s', () => {
    const spinner = `\r   - \r   \\ \r${JSON.stringify({ Arg: NJU, Data: 'x', Identifier: 'x', Name: 'winget', Type: 'Microsoft.PreIndexed.Package' })}\r\n`;
    assert.deepEqual(parseSourceExport(spinner), { arg: NJU, trusted: false, explicit: false });
    assert.deepEqual(parseSourceExport('There are no sources configured.\r\n'), {
      arg: null,
      trusted: false,
      explicit: false,
    });
    assert.throws(() => parseSourceExport('Access is denied.\r\n'), /Access is denied/);
  });

  it('plan (before → after): USTC over the default is one winget source change, trusted; official over USTC is a reset', async () => {
    const w = await world({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] });
    try {
      const tp = await winget.plan(w.win, { target: 'winget', provider: 'ustc', urls: [USTC] }, {});
      assert.equal(tp.status, 'change');
      assert.equal(tp.before, null);
      assert.equal(tp.after, USTC);
      assert.deepEqual(tp.changes, [TO_USTC]);
      assert.ok(tp.warnings.some((m) => m.code === 'winget.index-only'));
      const same = await winget.plan(w.win, { target: 'winget', provider: 'official', urls: [WINGET_DEFAULT_ARG] }, {});
      assert.equal(same.status, 'unchanged');

      await fs.writeFile(w.stateFile, JSON.stringify({ version: '1.9.25200', sources: [mirrorSource(USTC), MSSTORE] }));
      const back = await winget.plan(w.win, { target: 'winget', provider: 'official', urls: [WINGET_DEFAULT_ARG] }, {});
      assert.equal(back.before, USTC);
      assert.equal(back.after, null);
      assert.equal(changeOf(back).action, 'reset');
      assert.deepEqual(changeOf(back).before, { arg: USTC, trusted: true, explicit: false });
      const calls = (await w.read()).calls ?? [];
      assert.ok(
        calls.every((c) => !c.elevated && (c.args[0] === '--version' || c.args[1] === 'export')),
        'planning only asks winget, unelevated',
      );
    } finally {
      await w.cleanup();
    }
  });

  it('WinGet Group Policy (read with reg.exe): a mirror refused when it requires the default source, a reset when it hides it', async () => {
    const required = await world(
      { version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] },
      { policy: policyKey({ EnableDefaultSource: 1 }) },
    );
    try {
      const tp = await winget.plan(required.win, { target: 'winget', urls: [USTC] }, {});
      assert.equal(tp.status, 'skipped');
      assert.deepEqual(tp.reason, { code: 'winget.policy', params: { policy: 'EnableDefaultSource = 1' } });
      assert.deepEqual(tp.changes, []);
    } finally {
      await required.cleanup();
    }
    const hidden = await world(
      { version: '1.9.25200', sources: [mirrorSource(USTC), MSSTORE] },
      { policy: policyKey({ EnableDefaultSource: 0, EnableAllowedSources: 1 }) },
    );
    try {
      const official = await winget.plan(hidden.win, { target: 'winget', urls: [WINGET_DEFAULT_ARG] }, {});
      assert.equal(official.status, 'skipped');
      assert.deepEqual(official.reason, { code: 'winget.policy', params: { policy: 'EnableDefaultSource = 0' } });
      const nju = await winget.plan(hidden.win, { target: 'winget', urls: [NJU] }, {});
      assert.equal(nju.status, 'change');
      assert.ok(nju.warnings.some((m) => m.code === 'winget.policy-allowed-list'));
    } finally {
      await hidden.cleanup();
    }
  });

  it('the elevated batch holds exactly the allowlisted winget action, and the allowlist names it', async () => {
    const w = await world({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] });
    try {
      const tp = await winget.plan(w.win, { target: 'winget', provider: 'ustc', urls: [USTC] }, {});
      const batch = buildBatch(tp.changes, new Date('2026-12-07T08:00:00.000Z'));
      assert.equal(batch.ok, true);
      assert.deepEqual(batch.ok && batch.batch.changes, tp.changes);
      const windows = { platform: 'win32' as const, env: { ProgramData: 'C:\\ProgramData' }, sysroot: '' };
      assert.ok(describeAllowlist(windows).split('\n').includes('winget\taction\twingetSource\twingetSourceUrl'));
    } finally {
      await w.cleanup();
    }
  });

  it('apply (stand-in winget): one prompt, remove + add run elevated, verified by the unelevated export; restore puts back the previous Arg', async () => {
    const w = await world({ version: '1.9.25200', sources: [mirrorSource(NJU), MSSTORE] });
    try {
      const tp = await winget.plan(w.win, { target: 'winget', provider: 'ustc', urls: [USTC] }, {});
      const r = await applyAndVerify(w, tp);
      assert.equal(r.status, 'applied');
      assert.equal(w.prompts, 1);
      assert.equal(r.targets[0]?.verification?.ok, true);
      assert.equal(r.targets[0]?.verification?.observed, USTC);
      assert.deepEqual(r.targets[0]?.verification?.command, [ALIAS, 'source', 'export']);
      const applied = await w.read();
      assert.equal(applied.sources.find((s) => s.Name === 'winget')?.Arg, USTC);
      assert.deepEqual(wingetArgs(applied)?.slice(-3), [
        'admin: source remove --name winget',
        `admin: source add --name winget --arg ${USTC} --type Microsoft.PreIndexed.Package --trust-level trusted --accept-source-agreements`,
        'user: source export',
      ]);
      assert.deepEqual(w.announced[0]?.winget, [{ action: 'set', arg: USTC }]);
      const said = announcementText('zh-CN', w.announced[0] as Announced);
      assert.match(said, new RegExp(`将 WinGet 的 winget 源设为 ${USTC}`));

      const back = await restoreApply(w.win, r.id, { elevate: w.elevate });
      assert.equal(back.status, 'restored');
      assert.deepEqual(back.restored, [{ kind: 'winget', name: 'winget source', action: 'rewritten' }]);
      const restored = await w.read();
      assert.deepEqual(
        restored.sources.find((s) => s.Name === 'winget'),
        mirrorSource(NJU),
      );
      assert.equal(
        wingetArgs(restored)?.at(-1),
        `admin: source add --name winget --arg ${NJU} --type Microsoft.PreIndexed.Package --trust-level trusted --accept-source-agreements`,
      );
      assert.equal(w.prompts, 2);
    } finally {
      await w.cleanup();
    }
  });

  it('restore after an apply over the default resets the source (stand-in winget): the default back, with its identity', async () => {
    const w = await world({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] });
    try {
      const r = await applyAndVerify(w, await winget.plan(w.win, { target: 'winget', urls: [USTC] }, {}));
      assert.equal(r.status, 'applied');
      const back = await restoreApply(w.win, r.id, { elevate: w.elevate });
      assert.equal(back.status, 'restored');
      const s = await w.read();
      assert.deepEqual(
        s.sources.find((x) => x.Name === 'winget'),
        DEFAULT_SOURCE,
      );
      assert.equal(wingetArgs(s)?.at(-1), 'admin: source reset --name winget --force');
    } finally {
      await w.cleanup();
    }
  });

  it('a winget source that was absent is removed again by restore (stand-in winget)', async () => {
    const w = await world({ version: '1.9.25200', sources: [MSSTORE] });
    try {
      const tp = await winget.plan(w.win, { target: 'winget', urls: [USTC] }, {});
      assert.ok(tp.warnings.some((m) => m.code === 'winget.source-absent'));
      const r = await applyAndVerify(w, tp);
      assert.equal(r.status, 'applied');
      const back = await restoreApply(w.win, r.id, { elevate: w.elevate });
      assert.deepEqual(back.restored, [{ kind: 'winget', name: 'winget source', action: 'removed' }]);
      assert.deepEqual((await w.read()).sources, [MSSTORE]);
    } finally {
      await w.cleanup();
    }
  });

  it('an apply cut short after the helper ran (entry never confirmed): restore undoes it only while winget shows it (stand-in winget)', async () => {
    const w = await world({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] });
    try {
      const r = await applyAndVerify(w, await winget.plan(w.win, { target: 'winget', urls: [USTC] }, {}));
      const file = path.join(appliesDir(w.win.stateDir), r.id ?? '', 'manifest.json');
      const m = JSON.parse(await fs.readFile(file, 'utf8')) as Manifest;
      m.status = 'partial';
      for (const e of m.entries) e.state = 'pending';
      await fs.writeFile(file, JSON.stringify(m));
      const back = await restoreApply(w.win, r.id, { elevate: w.elevate });
      assert.deepEqual(back.restored, [{ kind: 'winget', name: 'winget source', action: 'rewritten' }]);
      assert.deepEqual(
        (await w.read()).sources.find((x) => x.Name === 'winget'),
        DEFAULT_SOURCE,
      );

      delete m.restoredAt;
      await fs.writeFile(file, JSON.stringify(m));
      await assert.rejects(restoreApply(w.win, r.id, { elevate: w.elevate }), { code: 'error.nothing-to-restore' });
    } finally {
      await w.cleanup();
    }
  });

  it('WinGet 1.7 (stand-in): the add omits --trust-level, which that winget would refuse', async () => {
    const w = await world({ version: '1.7.10861', sources: [DEFAULT_SOURCE, MSSTORE] });
    try {
      const tp = await winget.plan(w.win, { target: 'winget', urls: [USTC] }, {});
      assert.equal(changeOf(tp).options18, false);
      assert.ok(tp.warnings.some((m) => m.code === 'winget.no-trust-level'));
      const r = await applyAndVerify(w, tp);
      assert.equal(r.status, 'applied');
      assert.equal(r.targets[0]?.verification?.ok, true);
      const add = (await w.read()).calls?.find((c) => c.args[1] === 'add');
      assert.deepEqual(add?.args, [
        'source',
        'add',
        '--name',
        'winget',
        '--arg',
        USTC,
        '--type',
        'Microsoft.PreIndexed.Package',
        '--accept-source-agreements',
      ]);
    } finally {
      await w.cleanup();
    }
  });

  it('an add winget refuses is undone by the helper (stand-in winget): the source it removed comes back, the apply fails', async () => {
    const w = await world({ version: '1.7.10861', sources: [DEFAULT_SOURCE, MSSTORE] });
    try {
      const tp = await winget.plan(w.win, { target: 'winget', urls: [USTC] }, {});
      // As if planned for a newer winget: 1.7 does not know --trust-level.
      tp.changes = [{ ...changeOf(tp), options18: true }];
      const r = await applyAndVerify(w, tp);
      assert.equal(r.status, 'failed');
      assert.equal(r.targets[0]?.error?.code, 'winget.command-failed');
      assert.match(String(r.targets[0]?.error?.params?.reason), /not recognized.*--trust-level/);
      const s = await w.read();
      assert.deepEqual(
        s.sources.find((x) => x.Name === 'winget'),
        DEFAULT_SOURCE,
      );
      assert.equal(wingetArgs(s)?.at(-1), 'admin: source reset --name winget --force');
    } finally {
      await w.cleanup();
    }
  });

  it('a removal winget refused is named in the failed add’s error (a runner playing winget’s answers)', async () => {
    const answers: Record<string, string> = {
      remove: 'This operation is disabled by Group Policy : Enable Windows Package Manager Default Source',
      add: 'A source with the given name already exists and refers to a different location:',
    };
    await assert.rejects(
      runWingetChange(
        (args) => Promise.resolve({ code: 1, stdout: answers[args[1] ?? ''] ?? '', stderr: '' }),
        TO_USTC,
      ),
      (e: MirrorKitError) =>
        e.code === 'winget.command-failed' &&
        String(e.params.reason).startsWith(answers.add ?? '') &&
        String(e.params.reason).includes(
          'winget source remove --name winget: This operation is disabled by Group Policy',
        ),
    );
  });

  it('an administrator who is another account changes its own list: the unelevated export says so, never "verified"', async () => {
    const w = await world({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] }, { otherAccount: true });
    try {
      const r = await applyAndVerify(w, await winget.plan(w.win, { target: 'winget', urls: [USTC] }, {}));
      assert.equal(r.status, 'verify-failed');
      assert.equal(r.targets[0]?.verification?.ok, false);
      assert.equal(r.targets[0]?.verification?.observed, WINGET_DEFAULT_ARG);
      assert.equal(r.targets[0]?.verification?.message?.code, 'verify.mismatch');
    } finally {
      await w.cleanup();
    }
  });

  it('a hostile or plain-http URL is refused before anything runs (no prompt, the stand-in winget never called)', async () => {
    const w = await world({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] });
    try {
      const plan = await winget.plan(
        w.win,
        { target: 'winget', urls: ['http://mirrors.ustc.edu.cn/winget-source'] },
        {},
      );
      assert.equal(plan.status, 'error');
      assert.equal(plan.reason?.code, 'winget.https-only');
      const good = changeOf(await winget.plan(w.win, { target: 'winget', urls: [USTC] }, {}));
      await fs.writeFile(w.stateFile, JSON.stringify({ version: '1.9.25200', sources: [DEFAULT_SOURCE, MSSTORE] }));
      const hostile: WingetSourceChange[] = [
        { ...good, arg: 'http://mirrors.ustc.edu.cn/winget-source' },
        { ...good, arg: 'https://evil.example/winget-source" & calc.exe & "' },
        { ...good, arg: 'https://evil.example/\u202ewinget' },
        { ...good, arg: '--header=x' },
        { ...good, arg: 'https://EVIL.example./winget-source' },
        { ...good, before: { arg: 'https://evil.example/a b', trusted: true, explicit: false } },
        { ...good, action: 'reset' },
        { ...good, target: 'pip' },
      ];
      for (const c of hostile) {
        const outcome = await w.elevate([c]);
        assert.equal(outcome.status, 'failed', JSON.stringify(c));
        const code = outcome.status === 'failed' ? outcome.error.code : '';
        assert.ok(['windows.batch-bad-value', 'winget.batch-not-allowed'].includes(code), code);
      }
      assert.equal(w.prompts, 0);
      assert.deepEqual((await w.read()).calls ?? [], []);
    } finally {
      await w.cleanup();
    }
  });
});
