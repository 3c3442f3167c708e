import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { applyPlan } from '../apply/transaction';
import { restoreApply } from '../apply/restore';
import { MirrorKitError } from '../errors';
import { nodeExec } from '../platform/exec';
import { readShellEnv } from '../platform/shell-env';
import { makePlan } from '../plan/plan';

import { node } from './node';
import { sandboxCtx } from './test-context';

const MIRROR = 'https://npmmirror.com/mirrors/node';
const FIXTURES = path.resolve(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'node');
// Volta's hooks.json with a key of its own (events.publish, hook/serial.rs) and 4-space indentation.
const HOOKS = '{\n    "events": {\n        "publish": { "url": "https://telemetry.corp.example/" }\n    }\n}\n';
const BASHRC = '# mine\nexport PATH="$HOME/bin:$PATH"';
// A stand-in for fnm (not the real tool): it prints what `fnm env --json` prints for the mirror, from its variable.
const FNM =
  '#!/bin/sh\nprintf \'{"FNM_NODE_DIST_MIRROR":"%s"}\\n\' "${FNM_NODE_DIST_MIRROR:-https://nodejs.org/dist}"\n';

/** A home with nvm (its real mirror function, test/fixtures/node/nvm.sh), an fnm stand-in and Volta. */
async function homeWithManagers(extra: Record<string, string> = {}) {
  const nvmSh = await fs.readFile(path.join(FIXTURES, 'nvm.sh'), 'utf8');
  const s = await sandboxCtx({
    exec: nodeExec,
    files: {
      'home/.nvm/nvm.sh': nvmSh,
      'home/.volta/hooks.json': HOOKS,
      'home/.bashrc': BASHRC,
      'bin/fnm': FNM,
      ...extra,
    },
  });
  await fs.chmod(path.join(s.root, 'bin', 'fnm'), 0o755);
  // The system folders too: nvm's function needs awk, and node answers for node-gyp.
  const ctx = { ...s.ctx, env: { ...s.ctx.env, PATH: `${path.join(s.root, 'bin')}:/usr/bin:/bin` } };
  return { ...s, ctx };
}

describe('node target (nvm, fnm, Volta, node-gyp)', () => {
  it('Linux: the three variables in env.sh, Volta hooks in hooks.json; each manager reports the mirror; restore is byte for byte', async () => {
    const { ctx, root, cleanup } = await homeWithManagers();
    const hooks = path.join(root, 'home', '.volta', 'hooks.json');
    const envSh = path.join(root, 'home', '.config', 'mirrorkit', 'env.sh');
    try {
      const plan = await makePlan(ctx, { selection: { kind: 'set', target: 'node', mirror: 'npmmirror' } });
      const tp = plan.targets.find((t) => t.target === 'node')!;
      assert.equal(tp.status, 'change', JSON.stringify(tp));
      assert.equal(tp.after, MIRROR);
      const sh = tp.changes.find((c) => c.kind === 'writeFile' && c.path === envSh);
      assert.deepEqual(readShellEnv(sh?.kind === 'writeFile' ? sh.after : ''), {
        NVM_NODEJS_ORG_MIRROR: MIRROR,
        FNM_NODE_DIST_MIRROR: MIRROR,
        NODEJS_ORG_MIRROR: MIRROR,
      });
      assert.equal((await applyPlan(ctx, plan)).status, 'applied');
      assert.deepEqual(JSON.parse(await fs.readFile(hooks, 'utf8')), {
        events: { publish: { url: 'https://telemetry.corp.example/' } },
        node: {
          index: { template: `${MIRROR}/index.json` },
          latest: { template: `${MIRROR}/index.json` },
          distro: { template: `${MIRROR}/v{{version}}/{{filename}}` },
        },
      });
      assert.ok((await fs.readFile(hooks, 'utf8')).startsWith(HOOKS.slice(0, HOOKS.lastIndexOf('}') - 2)));
      // fnm (stand-in), nvm's own nvm_get_mirror, Volta's file and node's environment all agree.
      const v = await node.verify(ctx, MIRROR);
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal(v.observed, MIRROR);
      const wrong = await node.verify(ctx, 'https://mirrors.ustc.edu.cn/node');
      assert.equal(wrong.ok, false);
      assert.equal(wrong.message?.code, 'verify.mismatch');
      const r = await node.read(ctx);
      assert.equal(r.value, MIRROR);
      assert.equal(r.match?.provider, 'npmmirror');
      assert.deepEqual(
        r.layers.map((l) =>
          l.origin.kind === 'file' ? `${path.basename(l.origin.path)} ${l.origin.key}` : l.origin.kind,
        ),
        [
          'hooks.json node.index',
          'env.sh NVM_NODEJS_ORG_MIRROR',
          'env.sh FNM_NODE_DIST_MIRROR',
          'env.sh NODEJS_ORG_MIRROR',
        ],
      );
      // Applying again changes nothing.
      const again = await makePlan(ctx, { selection: { kind: 'set', target: 'node', mirror: 'npmmirror' } });
      assert.equal(again.targets[0]?.status, 'unchanged');
      await restoreApply(ctx);
      assert.equal(await fs.readFile(hooks, 'utf8'), HOOKS);
      assert.equal(await fs.readFile(path.join(root, 'home', '.bashrc'), 'utf8'), BASHRC);
      await assert.rejects(fs.access(envSh));
      assert.equal((await node.verify(ctx, null)).ok, true, 'back on nodejs.org');
    } finally {
      await cleanup();
    }
  });

  it('official: the node hooks and the variables go, every other key stays', async () => {
    const { ctx, root, cleanup } = await homeWithManagers();
    try {
      await applyPlan(ctx, await makePlan(ctx, { selection: { kind: 'set', target: 'node', mirror: 'tuna' } }));
      const back = await makePlan(ctx, { selection: { kind: 'set', target: 'node', mirror: 'official' } });
      assert.equal((await applyPlan(ctx, back)).status, 'applied');
      const doc = JSON.parse(await fs.readFile(path.join(root, 'home', '.volta', 'hooks.json'), 'utf8'));
      assert.deepEqual(doc, { events: { publish: { url: 'https://telemetry.corp.example/' } }, node: {} });
      assert.deepEqual(readShellEnv(await fs.readFile(path.join(root, 'home/.config/mirrorkit/env.sh'), 'utf8')), {});
      assert.equal((await node.read(ctx)).value, null);
    } finally {
      await cleanup();
    }
  });

  it("a mirror with a port: the plan warns that nvm will refuse it, and nvm's own function does", async () => {
    const { ctx, root, cleanup } = await homeWithManagers();
    try {
      const url = 'http://127.0.0.1:8080/node/';
      const tp = await node.plan(ctx, { target: 'node', urls: [url] }, {});
      assert.ok(tp.warnings.some((w) => w.code === 'node.nvm-rejects' && w.params?.url === url.slice(0, -1)));
      const nvm = path.join(root, 'home', '.nvm', 'nvm.sh');
      const script = '. "$1"; NVM_NODEJS_ORG_MIRROR="$2" nvm_get_mirror node std';
      for (const [value, ok] of [
        [url.slice(0, -1), false],
        [MIRROR, true],
      ] as const) {
        let out = '';
        try {
          out = execFileSync('/bin/sh', ['-c', script, 'sh', nvm, value], { stdio: 'pipe' }).toString();
        } catch (e) {
          assert.equal(ok, false, String(e));
          assert.match(String((e as { stderr: Buffer }).stderr), /may only contain a URL/);
          continue;
        }
        assert.equal(ok, true);
        assert.equal(out.trim(), value);
      }
    } finally {
      await cleanup();
    }
  });

  it('malformed hooks.json (a comment; two fields in one hook) is an error naming the file, left untouched', async () => {
    for (const bad of ['{ // mine\n}\n', '{"node":{"index":{"prefix":"https://a/","template":"https://b/"}}}']) {
      const { ctx, root, cleanup } = await homeWithManagers({ 'home/.volta/hooks.json': bad });
      try {
        const file = path.join(root, 'home', '.volta', 'hooks.json');
        await assert.rejects(node.read(ctx), (e: unknown) => {
          assert.ok(e instanceof MirrorKitError);
          assert.equal(e.code, 'error.malformed-config');
          assert.equal(e.params.path, file);
          return true;
        });
        const plan = await makePlan(ctx, { selection: { kind: 'set', target: 'node', mirror: 'npmmirror' } });
        assert.equal(plan.targets[0]?.status, 'error');
        await applyPlan(ctx, plan);
        assert.equal(await fs.readFile(file, 'utf8'), bad);
      } finally {
        await cleanup();
      }
    }
  });

  it('with another environment-variable tool in one apply: one env.sh holding both', async () => {
    const { ctx, root, cleanup } = await homeWithManagers();
    try {
      const plan = await makePlan(ctx, {
        selection: {
          kind: 'choices',
          label: 'test',
          choices: [
            { target: 'node', provider: 'npmmirror', urls: [`${MIRROR}/`] },
            { target: 'huggingface', provider: 'hf-mirror', urls: ['https://hf-mirror.com'] },
          ],
        },
        installed: ['node', 'huggingface'],
      });
      assert.equal((await applyPlan(ctx, plan)).status, 'applied');
      const env = readShellEnv(await fs.readFile(path.join(root, 'home/.config/mirrorkit/env.sh'), 'utf8'));
      assert.deepEqual(env, {
        NVM_NODEJS_ORG_MIRROR: MIRROR,
        FNM_NODE_DIST_MIRROR: MIRROR,
        NODEJS_ORG_MIRROR: MIRROR,
        HF_ENDPOINT: 'https://hf-mirror.com',
      });
      await restoreApply(ctx);
      await assert.rejects(fs.access(path.join(root, 'home/.config/mirrorkit/env.sh')));
    } finally {
      await cleanup();
    }
  });

  it('no version manager: only NODEJS_ORG_MIRROR (node-gyp), and the plan says so', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      assert.equal((await node.detect(ctx)).installed, false);
      const tp = await node.plan(
        ctx,
        { target: 'node', provider: 'ustc', urls: ['https://mirrors.ustc.edu.cn/node/'] },
        {},
      );
      assert.ok(tp.warnings.some((w) => w.code === 'node.no-manager'));
      const sh = tp.changes.find((c) => c.kind === 'writeFile' && c.path.endsWith('env.sh'));
      assert.deepEqual(readShellEnv(sh?.kind === 'writeFile' ? sh.after : ''), {
        NODEJS_ORG_MIRROR: 'https://mirrors.ustc.edu.cn/node',
      });
    } finally {
      await cleanup();
    }
  });
});
