import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { redactPlan, previewPlan } from '../apply/preview';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import { MirrorKitError } from '../errors';
import type { Exec } from '../platform/exec';
import { makePlan } from '../plan/plan';

import { nuget } from './nuget';
import { sandboxCtx, written } from './test-context';

const HUAWEI = 'https://mirrors.huaweicloud.com/repository/nuget/v3/index.json';
const OFFICIAL = 'https://api.nuget.org/v3/index.json';
const SECRET = 'hunter2-very-secret-password';

const USER = [
  '\uFEFF<?xml version="1.0" encoding="utf-8"?>',
  '<configuration>',
  '  <packageSources>',
  '    <!-- the company feed first -->',
  '    <add key="corp" value="https://nexus.corp.example/repository/nuget/index.json" />',
  `    <add key="nuget.org" value="${OFFICIAL}" protocolVersion="3" />`,
  '  </packageSources>',
  '  <packageSourceCredentials>',
  '    <corp>',
  '      <add key="Username" value="builder" />',
  `      <add key="ClearTextPassword" value="${SECRET}" />`,
  '    </corp>',
  '  </packageSourceCredentials>',
  '</configuration>',
  '',
].join('\r\n');

/** A sandbox whose PATH holds fake `dotnet`/`nuget` files (found, never run: exec answers for them). */
async function withTools(tools: string[], files: Record<string, string> = {}, exec?: Exec) {
  const sb = await sandboxCtx({ files: { ...files, ...Object.fromEntries(tools.map((t) => [`bin/${t}`, ''])) }, exec });
  for (const t of tools) await chmod(path.join(sb.root, 'bin', t), 0o755);
  return { ...sb, ctx: { ...sb.ctx, env: { ...sb.ctx.env, PATH: path.join(sb.root, 'bin') } } };
}

describe('nuget target', () => {
  it('reads the .NET SDK file ~/.nuget/NuGet/NuGet.Config and points nuget.org at the mirror, nothing else', async () => {
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.nuget/NuGet/NuGet.Config': USER } });
    try {
      const file = path.join(root, 'home', '.nuget', 'NuGet', 'NuGet.Config');
      const r = await nuget.read(ctx);
      assert.equal(r.value, OFFICIAL);
      assert.deepEqual(r.origin, { kind: 'file', path: file, key: 'packageSources/nuget.org' });
      assert.equal(r.match?.provider, 'official');
      const tp = await nuget.plan(ctx, { target: 'nuget', provider: 'huawei', urls: [HUAWEI] }, {});
      assert.equal(tp.status, 'change');
      assert.equal(tp.before, OFFICIAL);
      assert.equal(tp.after, HUAWEI);
      const [w] = written(tp.changes);
      assert.equal(w?.path, file);
      assert.equal(w?.after, USER.replace(`value="${OFFICIAL}"`, `value="${HUAWEI}"`));
    } finally {
      await cleanup();
    }
  });

  it('credentials never reach the plan: not in its values or warnings, masked in the preview and reports', async () => {
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.nuget/NuGet/NuGet.Config': USER } });
    try {
      const plan = await makePlan(ctx, { selection: { kind: 'set', target: 'nuget', mirror: 'huawei' } });
      const tp = plan.targets.find((t) => t.target === 'nuget')!;
      assert.equal(tp.status, 'change');
      assert.doesNotMatch(JSON.stringify({ ...tp, changes: [] }), /hunter2/);
      assert.doesNotMatch(JSON.stringify(previewPlan(plan)), /hunter2/);
      assert.doesNotMatch(JSON.stringify(redactPlan(plan)), /hunter2/);
      assert.doesNotMatch(JSON.stringify(await nuget.read(ctx)), /hunter2/);
    } finally {
      await cleanup();
    }
  });

  it('apply then restore gives the file back byte for byte (BOM, CRLF, comments, credentials)', async () => {
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.nuget/NuGet/NuGet.Config': USER } });
    try {
      const file = path.join(root, 'home', '.nuget', 'NuGet', 'NuGet.Config');
      const plan = await makePlan(ctx, { selection: { kind: 'set', target: 'nuget', mirror: 'huawei' } });
      assert.equal((await applyPlan(ctx, plan)).status, 'applied');
      assert.equal(await readFile(file, 'utf8'), USER.replace(`value="${OFFICIAL}"`, `value="${HUAWEI}"`));
      await restoreApply(ctx);
      assert.equal(await readFile(file, 'utf8'), USER);
    } finally {
      await cleanup();
    }
  });

  it('nuget.exe on Mono reads $XDG_CONFIG_HOME/NuGet: with `nuget` on PATH that file is written too (created, CRLF-free)', async () => {
    const { ctx, root, cleanup } = await withTools(['nuget']);
    try {
      const tp = await nuget.plan(ctx, { target: 'nuget', urls: [HUAWEI] }, {});
      const files = written(tp.changes);
      assert.deepEqual(
        files.map((w) => w.path),
        [path.join(root, 'home', '.config', 'NuGet', 'NuGet.Config')],
        'no dotnet here and no .NET SDK file: only the Mono file',
      );
      assert.equal(files[0]?.before, null);
      assert.match(files[0]?.after ?? '', new RegExp(`\n    <add key="nuget.org" value="${HUAWEI}" />\n`));
      // Back to nuget.org: the file names no nuget.org source before the apply, so nothing is written.
      const back = await nuget.plan(ctx, { target: 'nuget', provider: 'official', urls: [OFFICIAL] }, {});
      assert.equal(back.status, 'unchanged');
    } finally {
      await cleanup();
    }
  });

  it('Windows: %APPDATA%\\NuGet\\NuGet.Config, a new file with CRLF; DOTNET_CLI_HOME moves the .NET SDK file elsewhere', async () => {
    const win = await sandboxCtx({
      platform: 'win32',
      env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', USERPROFILE: 'C:\\Users\\u' },
    });
    try {
      const [w] = written((await nuget.plan(win.ctx, { target: 'nuget', urls: [HUAWEI] }, {})).changes);
      assert.equal(w?.path, 'C:\\Users\\u\\AppData\\Roaming\\NuGet\\NuGet.Config');
      assert.match(w?.after ?? '', /^<\?xml version="1\.0" encoding="utf-8"\?>\r\n<configuration>\r\n/);
    } finally {
      await win.cleanup();
    }
    const moved = await sandboxCtx();
    try {
      const ctx = { ...moved.ctx, env: { ...moved.ctx.env, DOTNET_CLI_HOME: path.join(moved.root, 'cli') } };
      const [w] = written((await nuget.plan(ctx, { target: 'nuget', urls: [HUAWEI] }, {})).changes);
      assert.equal(w?.path, path.join(moved.root, 'cli', '.nuget', 'NuGet', 'NuGet.Config'));
    } finally {
      await moved.cleanup();
    }
  });

  it('a disabled nuget.org source is said in the reading and the plan', async () => {
    const text = `<configuration>\n  <packageSources>\n    <add key="nuget.org" value="${OFFICIAL}" />\n  </packageSources>\n  <disabledPackageSources>\n    <add key="nuget.org" value="true" />\n  </disabledPackageSources>\n</configuration>\n`;
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.nuget/NuGet/NuGet.Config': text } });
    try {
      assert.deepEqual(
        (await nuget.read(ctx)).warnings.map((w) => w.code),
        ['nuget.source-disabled'],
      );
      const tp = await nuget.plan(ctx, { target: 'nuget', urls: [HUAWEI] }, {});
      assert.deepEqual(
        tp.warnings.map((w) => w.code),
        ['nuget.source-disabled'],
      );
    } finally {
      await cleanup();
    }
  });

  it('a malformed NuGet.Config is reported with its path and the parser reason, left untouched; others proceed', async () => {
    const bad = '<configuration>\n  <packageSources>\n    <add key="nuget.org" value="x">\n</configuration>\n';
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.nuget/NuGet/NuGet.Config': bad } });
    try {
      const file = path.join(root, 'home', '.nuget', 'NuGet', 'NuGet.Config');
      const isReported = (e: unknown) =>
        e instanceof MirrorKitError &&
        e.code === 'error.malformed-config' &&
        e.params.path === file &&
        /add|tag|close/i.test(String(e.params.reason));
      await assert.rejects(nuget.read(ctx), isReported);
      await assert.rejects(nuget.plan(ctx, { target: 'nuget', urls: [HUAWEI] }, {}), isReported);
      const plan = await makePlan(ctx, {
        selection: { kind: 'preset', preset: 'huawei' },
        only: ['npm', 'nuget'],
        installed: ['npm', 'nuget'],
      });
      assert.equal(plan.targets.find((t) => t.target === 'nuget')?.status, 'error');
      assert.equal(plan.targets.find((t) => t.target === 'npm')?.status, 'change');
      await applyPlan(ctx, plan);
      assert.equal(await readFile(file, 'utf8'), bad);
    } finally {
      await cleanup();
    }
  });

  it('verify asks `dotnet nuget list source` and finds the mirror among the enabled sources', async () => {
    let out = `E https://nexus.corp.example/repository/nuget/index.json\nE ${HUAWEI}\n`;
    const calls: string[][] = [];
    const exec: Exec = (cmd, args) => {
      calls.push([cmd, ...args]);
      return Promise.resolve({ code: 0, stdout: out, stderr: '' });
    };
    const { ctx, cleanup } = await withTools(['dotnet', 'nuget'], {}, exec);
    try {
      const ok = await nuget.verify(ctx, HUAWEI);
      assert.equal(ok.ok, true, JSON.stringify(ok));
      assert.equal(ok.observed, HUAWEI);
      assert.deepEqual(calls[0]?.slice(1), ['nuget', 'list', 'source', '--format', 'Short']);
      out = `E https://nexus.corp.example/repository/nuget/index.json\nD ${HUAWEI}\n`;
      const disabled = await nuget.verify(ctx, HUAWEI);
      assert.equal(disabled.ok, false);
      assert.equal(disabled.message?.code, 'verify.mismatch');
      out = `E ${OFFICIAL}\n`;
      assert.equal((await nuget.verify(ctx, null)).ok, true);
    } finally {
      await cleanup();
    }
  });

  it("verify with nuget.exe alone: NuGet 2.x's short list, its built-in nuget.org marked O", async () => {
    const calls: string[][] = [];
    const exec: Exec = (cmd, args) => {
      calls.push([cmd, ...args]);
      return Promise.resolve({ code: 0, stdout: 'EO https://www.nuget.org/api/v2/\n', stderr: '' });
    };
    const { ctx, cleanup } = await withTools(['nuget'], {}, exec);
    try {
      assert.equal((await nuget.verify(ctx, null)).ok, true);
      const v = await nuget.verify(ctx, HUAWEI);
      assert.equal(v.ok, false);
      assert.equal(v.observed, 'https://www.nuget.org/api/v2/');
      assert.deepEqual(calls[0]?.slice(1), ['sources', 'list', '-Format', 'Short', '-NonInteractive']);
    } finally {
      await cleanup();
    }
  });

  it('the official choice puts nuget.org back where a file names it, and writes nothing where none does', async () => {
    const text = `<configuration>\n  <packageSources>\n    <add key="nuget.org" value="${HUAWEI}" />\n  </packageSources>\n</configuration>\n`;
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.nuget/NuGet/NuGet.Config': text } });
    try {
      const tp = await nuget.plan(ctx, { target: 'nuget', provider: 'official', urls: [OFFICIAL] }, {});
      assert.equal(tp.after, null);
      assert.equal(written(tp.changes)[0]?.after, text.replace(HUAWEI, OFFICIAL));
      await writeFile(path.join(root, 'home', '.nuget', 'NuGet', 'NuGet.Config'), '<configuration />');
      const none = await nuget.plan(ctx, { target: 'nuget', provider: 'official', urls: [OFFICIAL] }, {});
      assert.equal(none.status, 'unchanged');
    } finally {
      await cleanup();
    }
  });
});
