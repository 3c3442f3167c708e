import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { CoreProbe } from '../core/api';
import type { ProbeOptions } from '../core/probe';
import { MirrorKitError } from '../core/errors';
import { envProbeProxy } from '../core/probe/env-proxy';

import { probeEngine } from './services';

/** Issue 18: the app's Test step measures through the proxy the tools use, as `mirrorkit test` does. */
test("the app's speed test goes through the environment's proxy, read when the test starts", async () => {
  const seen: (ProbeOptions | undefined)[] = [];
  const core: CoreProbe = {
    candidates: async () => [{ target: 'npm', kind: 'npm', url: 'https://registry.npmmirror.com/' }],
    run: async (_c, opts) => {
      seen.push(opts);
      return { results: [], best: {}, wallMs: 0, bytes: 0 };
    },
  };
  const env: Record<string, string> = { HTTPS_PROXY: 'proxy.corp.example:3128', NO_PROXY: '.corp.example' };
  const engine = probeEngine(core, {
    network: async () => {
      const proxy = envProbeProxy(env);
      return proxy ? { proxy } : {};
    },
  });
  const signal = new AbortController().signal;
  const run = () => engine.run(['npm'], { current: {}, onStart: () => {}, onProgress: () => {}, signal, quick: true });
  await run();
  assert.deepEqual(seen[0]?.proxy, { https: 'http://proxy.corp.example:3128/', noProxy: ['.corp.example'] });
  delete env.HTTPS_PROXY;
  await run();
  assert.equal(seen[1]?.proxy, undefined, 'no proxy set: none passed');
  env.HTTPS_PROXY = 'socks5://p:1080';
  await assert.rejects(run(), /probe\.cli\.bad-proxy/);
});

test("policy AllowPublicMirrorProbe = false stops the app's speed test before any mirror is contacted", async () => {
  let ran = 0;
  const core: CoreProbe = {
    candidates: async () => [],
    run: async () => {
      ran++;
      return { results: [], best: {}, wallMs: 0, bytes: 0 };
    },
  };
  const refuse = () => Promise.reject(new MirrorKitError('policy.probe-disabled', { source: 'HKLM' }));
  const engine = probeEngine(core, { guard: refuse });
  const signal = new AbortController().signal;
  await assert.rejects(
    engine.run(['npm'], { current: {}, onStart: () => {}, onProgress: () => {}, signal, quick: true }),
    /policy\.probe-disabled/,
  );
  assert.equal(ran, 0);
});
