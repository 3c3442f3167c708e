import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import type { TargetPlan } from '../../../shared/types/core';
import { poetrySetSource } from '../edit/poetry-source';
import { MirrorKitError } from '../errors';
import type { Exec } from '../platform/exec';

import { parseSourceShow, poetry } from './poetry';
import { checkProjectPath } from './poetry-project';
import { sandboxCtx } from './test-context';

const M = 'https://mirrors.aliyun.com/pypi/simple/';
const OFFICIAL = 'https://pypi.org/simple';

const PROJECT = [
  '# my project',
  '[tool.poetry]',
  'name = "demo"  # keep this comment',
  'version = "0.1.0"',
  '',
  '[[tool.poetry.source]]',
  'name = "corp"',
  'url = "https://pypi.corp.example/simple/"',
  'priority = "supplemental"',
  '',
  '[build-system]',
  'requires = ["poetry-core"]',
  'build-backend = "poetry.core.masonry.api"',
  '',
].join('\n');

function written(tp: TargetPlan): { path: string; before: string | null; after: string } {
  const w = tp.changes[0];
  assert.ok(w?.kind === 'writeFile', `expected a file write, got ${JSON.stringify(tp)}`);
  return { path: w.path, before: w.before, after: w.after };
}

async function withProject(
  text: string | null,
  fn: (a: { ctx: Awaited<ReturnType<typeof sandboxCtx>>['ctx']; dir: string }) => Promise<void>,
  extra: Record<string, string> = {},
  exec?: Exec,
) {
  const files: Record<string, string> = { ...extra };
  if (text !== null) files['proj/pyproject.toml'] = text;
  const { ctx, root, cleanup } = await sandboxCtx({ files, ...(exec ? { exec } : {}) });
  const dir = path.join(root, 'proj');
  await fs.mkdir(dir, { recursive: true });
  try {
    await fn({ ctx, dir });
  } finally {
    await cleanup();
  }
}

test('poetry: adds a [[tool.poetry.source]] "mirrorkit" entry; every other byte, comment and source stays', async () => {
  await withProject(PROJECT, async ({ ctx, dir }) => {
    const tp = await poetry.plan(ctx, { target: 'poetry', urls: [M], extras: { project: dir } }, {});
    const w = written(tp);
    assert.equal(w.path, path.join(dir, 'pyproject.toml'));
    assert.equal(
      w.after,
      `${PROJECT}\n[[tool.poetry.source]]\nname = "mirrorkit"\nurl = "${M}"\npriority = "primary"\n`,
    );
    assert.equal(tp.before, null, 'the corp source is supplemental: PyPI was primary');
    assert.equal(tp.after, M);
    assert.deepEqual(tp.warnings, []);
    // Removing it again (the official choice) gives back the original bytes.
    await fs.writeFile(w.path, w.after);
    const back = await poetry.plan(ctx, { target: 'poetry', urls: [OFFICIAL], extras: { project: dir } }, {});
    assert.equal(written(back).after, PROJECT);
    assert.equal(back.before, M);
    assert.equal(back.after, null);
  });
});

test('poetry: CRLF and a missing final newline are kept; an existing mirrorkit entry is updated in place', () => {
  const crlf = PROJECT.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
  const added = poetrySetSource(crlf, M, 'priority');
  assert.ok(!/[^\r]\n/.test(added), 'no bare LF was written');
  assert.ok(added.startsWith(crlf));
  const moved = poetrySetSource(added, 'https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple/', 'priority');
  assert.equal(moved, added.replace(M, 'https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple/'));
  assert.equal(poetrySetSource(moved, null, 'priority'), crlf);
  assert.equal(poetrySetSource(added, M, 'priority'), added, 'the same mirror again changes nothing');
});

test('poetry ≤ 1.4 (from its installation) gets `default = true`, which it knows instead of priority', async () => {
  await withProject(PROJECT, async ({ ctx, dir }) => {
    const root = path.dirname(dir);
    const bin = path.join(root, 'venv', 'bin');
    await fs.mkdir(path.join(root, 'venv', 'lib', 'python3.11', 'site-packages', 'poetry-1.3.2.dist-info'), {
      recursive: true,
    });
    await fs.mkdir(bin, { recursive: true });
    await fs.writeFile(path.join(bin, 'poetry'), '#!/bin/sh\n', { mode: 0o755 });
    const c = { ...ctx, env: { ...ctx.env, PATH: bin } };
    assert.equal((await poetry.detect(c)).version, '1.3.2', 'read from the dist-info, nothing run');
    const tp = await poetry.plan(c, { target: 'poetry', urls: [M], extras: { project: dir } }, {});
    assert.match(written(tp).after, /\nurl = "[^"]+"\ndefault = true\n$/);
  });
});

test('poetry: without a project (presets, profiles, the wizard) the plan is skipped and says how to ask', async () => {
  const { ctx, cleanup } = await sandboxCtx();
  try {
    const tp = await poetry.plan(ctx, { target: 'poetry', urls: [M] }, {});
    assert.equal(tp.status, 'skipped');
    assert.deepEqual(tp.reason, { code: 'poetry.per-project' });
    const r = await poetry.read(ctx);
    assert.equal(r.value, null);
    assert.deepEqual(r.warnings, [{ code: 'poetry.per-project' }]);
  } finally {
    await cleanup();
  }
});

async function refusal(text: string | null, code: string, project?: (dir: string) => string) {
  await withProject(text, async ({ ctx, dir }) => {
    const file = path.join(dir, 'pyproject.toml');
    const before = text === null ? null : await fs.readFile(file, 'utf8');
    await assert.rejects(
      poetry.plan(ctx, { target: 'poetry', urls: [M], extras: { project: project ? project(dir) : dir } }, {}),
      (e: unknown) => e instanceof MirrorKitError && e.code === code,
    );
    if (before !== null) assert.equal(await fs.readFile(file, 'utf8'), before, 'left untouched');
  });
}

test('poetry: a malformed pyproject.toml is an error naming the path and the reason, and is left untouched', async () => {
  await withProject('[tool.poetry\nname = "x"\n', async ({ ctx, dir }) => {
    await assert.rejects(
      poetry.plan(ctx, { target: 'poetry', urls: [M], extras: { project: dir } }, {}),
      (e: unknown) =>
        e instanceof MirrorKitError &&
        e.code === 'error.malformed-config' &&
        e.params.path === path.join(dir, 'pyproject.toml') &&
        /line 2, column 1: Table header/.test(String(e.params.reason)),
    );
    assert.equal(await fs.readFile(path.join(dir, 'pyproject.toml'), 'utf8'), '[tool.poetry\nname = "x"\n');
  });
  // Sources written as an inline array are not tables MirrorKit can add one to.
  await refusal('[tool.poetry]\nsource = [{ name = "a", url = "https://a/" }]\n', 'error.malformed-config');
});

test('poetry: the project must be absolute, exist, hold a pyproject.toml, and be managed by Poetry', async () => {
  await refusal(PROJECT, 'poetry.project-not-absolute', () => 'proj');
  await refusal(PROJECT, 'poetry.project-missing', (dir) => path.join(dir, 'nope'));
  await refusal(null, 'poetry.no-pyproject');
  await refusal(
    '[project]\nname = "x"\n[build-system]\nbuild-backend = "hatchling.build"\n',
    'poetry.not-poetry-project',
  );
  // A [project] table with Poetry's lock file beside it is Poetry's (Poetry 2 manages plain PEP 621 projects).
  await withProject(
    '[project]\nname = "x"\n',
    async ({ ctx, dir }) => {
      const tp = await poetry.plan(ctx, { target: 'poetry', urls: [M], extras: { project: dir } }, {});
      assert.equal(tp.status, 'change');
      assert.deepEqual(tp.warnings, [
        { code: 'poetry.lock-records-sources', params: { path: path.join(dir, 'poetry.lock') } },
      ]);
    },
    { 'proj/poetry.lock': '# lock\n' },
  );
});

test("poetry: the user's own primary source is not edited, only warned about", async () => {
  const own = '[tool.poetry]\nname = "x"\n\n[[tool.poetry.source]]\nname = "corp"\nurl = "https://c.example/simple/"\n';
  await withProject(own, async ({ ctx, dir }) => {
    const tp = await poetry.plan(ctx, { target: 'poetry', urls: [M], extras: { project: dir } }, {});
    assert.ok(written(tp).after.startsWith(own));
    assert.equal(tp.before, 'https://c.example/simple/', 'no priority means primary from Poetry 1.5');
    assert.deepEqual(tp.warnings, [
      { code: 'poetry.other-primary', params: { name: 'corp', path: path.join(dir, 'pyproject.toml') } },
    ]);
  });
});

test('poetry verify: `poetry source show` in the project folder names the mirrorkit source', async () => {
  const calls: { args: readonly string[]; cwd: string | undefined }[] = [];
  const show = `name      : corp\nurl       : https://c/\npriority  : supplemental\n\nname      : mirrorkit\nurl       : ${M}\npriority  : primary\n`;
  const exec: Exec = (_cmd, args, opts) => {
    calls.push({ args, cwd: opts?.cwd });
    return Promise.resolve({ code: 0, stdout: args[0] === 'source' ? show : 'Poetry (version 2.1.3)', stderr: '' });
  };
  await withProject(
    PROJECT,
    async ({ ctx, dir }) => {
      const bin = path.join(path.dirname(dir), 'bin');
      await fs.mkdir(bin, { recursive: true });
      await fs.writeFile(path.join(bin, 'poetry'), '#!/bin/sh\n', { mode: 0o755 });
      const c = { ...ctx, env: { ...ctx.env, PATH: bin } };
      const tp = await poetry.plan(c, { target: 'poetry', urls: [M], extras: { project: dir } }, {});
      const v = await poetry.verify(c, tp.after, tp);
      assert.equal(v.ok, true);
      assert.equal(v.observed, M);
      assert.deepEqual(calls.at(-1), { args: ['source', 'show', '--no-interaction'], cwd: dir });
      const off = await poetry.verify(c, null, tp);
      assert.equal(off.ok, false, 'a mirrorkit source still listed is not PyPI');
      const none = await poetry.verify(c, M);
      assert.deepEqual(none.skipped, { code: 'poetry.verify-no-project' });
    },
    {},
    exec,
  );
  assert.deepEqual([...parseSourceShow('No sources configured for this project.\n').entries()], []);
});

test('poetry: a project path on Windows names a drive or a share; device paths and dot parts are refused', () => {
  const code = (dir: string): string => {
    try {
      checkProjectPath({ platform: 'win32' }, dir);
      return 'ok';
    } catch (e) {
      return (e as MirrorKitError).code;
    }
  };
  assert.equal(code('C:\\Users\\张三\\demo'), 'ok');
  assert.equal(code('\\\\server\\share\\demo'), 'ok');
  assert.equal(code('\\Users\\demo'), 'poetry.project-not-absolute');
  assert.equal(code('C:demo'), 'poetry.project-not-absolute');
  assert.equal(code('\\\\?\\C:\\demo'), 'poetry.project-path-device');
  assert.equal(code('\\\\.\\PhysicalDrive0'), 'poetry.project-path-device');
  assert.equal(code('C:\\demo\\..\\Windows'), 'poetry.project-path-dots');
  assert.equal(code('C:/demo/./x'), 'poetry.project-path-dots');
  assert.equal(code('C:\\demo\u200b'), 'poetry.project-path-odd');
});
