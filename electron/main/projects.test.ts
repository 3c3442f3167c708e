import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import type { ProjectPick } from '../../shared/ipc/contract';
import type { Plan, PreviewItem } from '../../shared/types/core';
import { createCore } from '../core/api';
import { createContext, type Ctx } from '../core/context';
import { pickProject } from '../core/targets/poetry-project';

import { bindContract, type BindingDeps } from './binding';

/**
 * Issue 20: the wizard names a Poetry project through `project:pick`. Main checks the folder (the core's
 * pickProject), and a plan may name only a folder picked that way; then plan, preview, apply and restore
 * work on that project's pyproject.toml as `mirrorkit set poetry … --project` does.
 */
const PYPROJECT = '[tool.poetry]\nname = "demo"  # kept\nversion = "0.1.0"\n';
const ALIYUN = 'https://mirrors.aliyun.com/pypi/simple';
let root = '';
let proj = '';
let ctx: Ctx;

before(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'mk-project-pick-')));
  proj = path.join(root, 'home', 'code', '演示');
  await fs.mkdir(proj, { recursive: true });
  await fs.writeFile(path.join(proj, 'pyproject.toml'), PYPROJECT);
  await fs.mkdir(path.join(root, 'home', 'plain'));
  await fs.writeFile(path.join(root, 'home', 'plain', 'pyproject.toml'), '[project]\nname = "x"\n');
  await fs.symlink(proj, path.join(root, 'home', 'link'));
  ctx = createContext({
    platform: 'linux',
    env: { HOME: path.join(root, 'home'), MIRRORKIT_HOME: path.join(root, 'state'), PATH: '' },
  });
});
after(() => fs.rm(root, { recursive: true, force: true }));

function binding(extra: Partial<BindingDeps> = {}) {
  const logs: string[] = [];
  const b = bindContract({
    core: createCore(ctx, { skipVerify: true }),
    probe: { run: () => Promise.reject(new Error('not used')) },
    info: () => Promise.reject(new Error('not used')),
    inspectProfile: () => Promise.reject(new Error('not used')),
    fetchProfile: () => Promise.reject(new Error('not used')),
    checkProject: (dir) => pickProject(ctx, dir),
    log: (l) => logs.push(l),
    ...extra,
  });
  return { b, logs };
}

const errorCode = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

test('harness: a typed project folder is checked and named by its real path', async () => {
  const { b } = binding();
  const r = await b.invoke('project:pick', { target: 'poetry', path: path.join(root, 'home', 'link') });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value, { dir: proj, file: path.join(proj, 'pyproject.toml') });
});

test('harness: traversal, relative, odd and non-project paths are refused with the reason', async () => {
  const { b } = binding();
  const cases: [string, string][] = [
    [`${path.join(root, 'home', 'plain')}/../code/演示`, 'poetry.project-path-dots'],
    [`${proj}/.`, 'poetry.project-path-dots'],
    ['home/code/演示', 'poetry.project-not-absolute'],
    [`${proj}\u202e`, 'poetry.project-path-odd'],
    [`${proj}\u0000`, 'poetry.project-path-odd'],
    [path.join(root, 'home', 'missing'), 'poetry.project-missing'],
    [path.join(proj, 'pyproject.toml'), 'poetry.project-missing'],
    [path.join(root, 'home'), 'poetry.no-pyproject'],
    [path.join(root, 'home', 'plain'), 'poetry.not-poetry-project'],
  ];
  for (const [p, code] of cases) {
    const r = await b.invoke('project:pick', { target: 'poetry', path: p });
    assert.equal(errorCode(r), code, JSON.stringify(p));
  }
  // No path at all is a question the harness cannot answer with a dialog.
  assert.equal(errorCode(await b.invoke('project:pick', { target: 'poetry' })), 'app.error.project-path-needed');
  // The contract: another target, a path too long, an extra key.
  for (const bad of [
    { target: 'pip', path: proj },
    { target: 'poetry', path: `/${'a'.repeat(5000)}` },
    { target: 'poetry', path: proj, file: '/etc/passwd' },
  ])
    assert.equal(errorCode(await b.invoke('project:pick', bad)), 'app.error.invalid-input');
});

test('desktop app: the folder comes from the dialog only; a cancelled dialog picks nothing', async () => {
  const answers: (string | null)[] = [null, path.join(root, 'home', 'link')];
  const langs: unknown[] = [];
  const { b } = binding({
    chooseFolder: async (lang) => (langs.push(lang), answers.shift() ?? null),
  });
  assert.equal(
    errorCode(await b.invoke('project:pick', { target: 'poetry', path: proj })),
    'app.error.project-path-from-page',
  );
  assert.deepEqual(await b.invoke('project:pick', { target: 'poetry', lang: 'zh-CN' }), { ok: true, value: null });
  const r = await b.invoke('project:pick', { target: 'poetry' });
  assert.deepEqual(r, { ok: true, value: { dir: proj, file: path.join(proj, 'pyproject.toml') } });
  assert.deepEqual(langs, ['zh-CN', undefined]);
});

test('a plan may name only a project folder picked through project:pick', async () => {
  const { b } = binding();
  const preset = { kind: 'preset', preset: 'aliyun' } as const;
  const unpicked = [
    { selection: preset, only: ['poetry'], extras: { poetry: { project: proj } } },
    { selection: { kind: 'set', target: 'poetry', mirror: 'aliyun', extras: { project: proj } } },
    {
      selection: {
        kind: 'choices',
        label: 'x',
        choices: [{ target: 'poetry', urls: [ALIYUN], extras: { project: proj } }],
      },
    },
  ];
  for (const req of unpicked) assert.equal(errorCode(await b.invoke('core:plan', req)), 'app.error.project-not-picked');
  // Picked through the symlink: the plan names the real folder, which is what was picked.
  await b.invoke('project:pick', { target: 'poetry', path: path.join(root, 'home', 'link') });
  for (const req of unpicked) assert.equal(errorCode(await b.invoke('core:plan', req)), 'ok');
  const viaLink = { selection: preset, extras: { poetry: { project: path.join(root, 'home', 'link') } } };
  assert.equal(errorCode(await b.invoke('core:plan', viaLink)), 'app.error.project-not-picked');
});

test("a preset with the picked project: Review shows the project's pyproject.toml, apply writes it, restore brings every byte back", async () => {
  const { b } = binding();
  const picked = await b.invoke('project:pick', { target: 'poetry', path: proj });
  assert.ok(picked.ok);
  const { dir, file } = picked.value as ProjectPick;
  // Poetry is not installed here: the folder the user picked names it explicitly, so it is planned all the same.
  const planned = await b.invoke('core:plan', {
    selection: { kind: 'preset', preset: 'aliyun' },
    installed: [],
    extras: { poetry: { project: dir } },
  });
  assert.ok(planned.ok, JSON.stringify(planned));
  const plan = planned.value as Plan;
  const poetry = plan.targets.find((t) => t.target === 'poetry');
  assert.equal(poetry?.status, 'change');
  assert.equal(poetry?.before, null);
  assert.equal(poetry?.after, ALIYUN);
  // Every other tool was not installed: only Poetry changes.
  assert.deepEqual(
    plan.targets.filter((t) => t.status === 'change').map((t) => t.target),
    ['poetry'],
  );
  const preview = await b.invoke('core:preview', { planId: plan.id });
  assert.ok(preview.ok);
  const item = (preview.value as PreviewItem[]).find((i) => i.target === 'poetry');
  assert.ok(item?.kind === 'file');
  assert.equal(item.path, file);
  assert.match(item.diff, /^\+url = "https:\/\/mirrors\.aliyun\.com\/pypi\/simple"$/m);

  const applied = await b.invoke('core:apply', { planId: plan.id });
  assert.ok(applied.ok && (applied.value as { status: string }).status === 'applied', JSON.stringify(applied));
  const text = await fs.readFile(file, 'utf8');
  assert.ok(text.startsWith(PYPROJECT), 'the project is kept, the source appended');
  assert.match(
    text,
    /\[\[tool\.poetry\.source\]\]\nname = "mirrorkit"\nurl = "https:\/\/mirrors\.aliyun\.com\/pypi\/simple"/,
  );

  const restored = await b.invoke('core:restore', {});
  assert.ok(restored.ok, JSON.stringify(restored));
  assert.equal(await fs.readFile(file, 'utf8'), PYPROJECT);
});

test('a picked project without a Poetry mirror in the selection is said to be left alone', async () => {
  const { b } = binding();
  await b.invoke('project:pick', { target: 'poetry', path: proj });
  const r = await b.invoke('core:plan', {
    selection: { kind: 'choices', label: 'x', choices: [{ target: 'pip', urls: [ALIYUN] }] },
    installed: ['pip'],
    extras: { poetry: { project: proj } },
  });
  assert.ok(r.ok, JSON.stringify(r));
  const poetry = (r.value as Plan).targets.find((t) => t.target === 'poetry');
  assert.deepEqual(poetry?.reason, { code: 'skip.no-mirror-chosen', params: { target: 'poetry' } });
  // Without a project a preset still leaves Poetry alone and says how to name one.
  const plain = await b.invoke('core:plan', { selection: { kind: 'preset', preset: 'aliyun' }, installed: ['poetry'] });
  assert.ok(plain.ok);
  const skipped = (plain.value as Plan).targets.find((t) => t.target === 'poetry');
  assert.deepEqual(skipped?.reason, { code: 'poetry.per-project' });
});
