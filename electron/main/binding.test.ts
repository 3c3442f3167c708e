import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import type { AppInfo } from '../../shared/ipc/contract';
import type { ProbeEvent } from '../../shared/ipc/probe';
import type { ProfileInspection } from '../../shared/profile/inspection';
import type { CoreApi, PlanRequest } from '../../shared/types/api';
import type { Plan } from '../../shared/types/core';
import { MirrorKitError } from '../core/errors';

import { bindContract, WARM_MS, type ProbeEngine } from './binding';

const info: AppInfo = {
  version: '0.0.0',
  platform: 'linux',
  lang: 'en',
  isAdmin: false,
  shell: 'harness',
  catalog: { providers: [], presets: [], mirrors: [] },
};

function plan(id: string): Plan {
  return { id, createdAt: '2025-01-01T00:00:00Z', platform: 'linux', label: 'test', targets: [] };
}

/** A core that records what reached it, so the tests can prove rejected calls never do. */
function recordingCore(overrides: Partial<CoreApi> = {}) {
  const calls: { method: string; arg: unknown }[] = [];
  let n = 0;
  const core: CoreApi = {
    status: async (only) => (calls.push({ method: 'status', arg: only }), []),
    plan: async (req: PlanRequest) => (calls.push({ method: 'plan', arg: req }), plan(`p${++n}`)),
    preview: (p) => (calls.push({ method: 'preview', arg: p.id }), []),
    apply: async (p, o) => {
      const { onProgress, ...opts } = o ?? {};
      calls.push({ method: 'apply', arg: { id: p.id, ...opts } });
      onProgress?.({ target: 'pip', phase: 'writing' });
      return { id: 'a1', status: 'applied', targets: [] };
    },
    restore: async (id) => (
      calls.push({ method: 'restore', arg: id }),
      { id: id ?? 'last', restored: [], conflicts: [], status: 'restored' }
    ),
    history: async () => (calls.push({ method: 'history', arg: undefined }), []),
    ...overrides,
  };
  return { core, calls };
}

const inspectProfile = async (p: { name: string }): Promise<ProfileInspection> => ({
  name: p.name,
  trust: { state: 'unsigned' },
  targets: [],
  caCount: 0,
  proxy: false,
});

const noProbe: ProbeEngine = { run: async () => ({ results: [], best: {}, wallMs: 0, bytes: 0 }) };

function setup(core: CoreApi, probe: ProbeEngine = noProbe) {
  const logs: string[] = [];
  const b = bindContract({ core, probe, info: () => info, inspectProfile, log: (l) => logs.push(l) });
  return { b, logs };
}

test('a valid call reaches the core and comes back in an ok envelope', async () => {
  const { core, calls } = recordingCore();
  const { b } = setup(core);
  assert.deepEqual(await b.invoke('core:status', { only: ['pip', 'npm'] }), { ok: true, value: [] });
  assert.deepEqual(calls, [{ method: 'status', arg: ['pip', 'npm'] }]);
  assert.deepEqual(await b.invoke('app:info', undefined), { ok: true, value: info });
});

test('wrong shapes are rejected, logged, and never reach the core', async () => {
  const { core, calls } = recordingCore();
  const { b, logs } = setup(core);
  const bad: [string, unknown][] = [
    ['core:status', { only: ['pip', 'rm -rf'] }],
    ['core:status', { only: 'pip' }],
    ['core:status', { quick: 'yes' }],
    ['core:status', { only: ['pip'], extra: 1 }],
    ['core:status', undefined],
    ['core:plan', { selection: { kind: 'preset', preset: '../aliyun' } }],
    ['core:plan', { selection: { kind: 'set', target: 'pip', mirror: '' } }],
    [
      'core:plan',
      {
        selection: {
          kind: 'choices',
          label: 'x',
          choices: [{ target: 'pip', urls: ['https://a.example/simple; rm -rf /'] }],
        },
      },
    ],
    [
      'core:plan',
      { selection: { kind: 'choices', label: 'x', choices: [{ target: 'pip', urls: ['file:///etc/passwd'] }] } },
    ],
    ['core:plan', { selection: { kind: 'choices', label: 'x', choices: [] } }],
    ['core:plan', { selection: { kind: 'nope' } }],
    ['core:plan', { selection: { kind: 'preset', preset: 'aliyun' }, envScope: 'process' }],
    [
      'core:plan',
      {
        selection: { kind: 'preset', preset: 'aliyun' },
        firewall: [{ target: 'docker', port: 5000, remoteAddress: '$(calc)' }],
      },
    ],
    [
      'core:plan',
      { selection: { kind: 'preset', preset: 'aliyun' }, firewall: [{ target: 'docker', port: 5000, name: 'Evil' }] },
    ],
    ['core:plan', { selection: { kind: 'preset', preset: 'aliyun' }, firewall: [{ target: 'docker', port: 0 }] }],
    ['core:preview', { planId: '../../x' }],
    ['core:apply', { plan: plan('p1') }],
    ['core:apply', { planId: 'p1', dryRun: 'yes' }],
    ['core:apply', { planId: 'p1', ifDeclined: 'ignore' }],
    ['core:restore', { id: 42 }],
    ['core:history', { all: true }],
    ['probe:run', { targets: [] }],
    ['probe:run', { targets: ['pip'], quick: 1 }],
    ['app:info', 'hello'],
  ];
  for (const [channel, raw] of bad) {
    const r = await b.invoke(channel, raw);
    assert.deepEqual(
      r,
      { ok: false, error: { code: 'app.error.invalid-input', params: { channel } } },
      `${channel} ${JSON.stringify(raw)}`,
    );
  }
  assert.deepEqual(calls, []);
  assert.equal(logs.length, bad.length);
  assert.ok(logs.every((l) => l.startsWith('rejected ')));
});

test('unknown channels are refused', async () => {
  const { core, calls } = recordingCore();
  const { b, logs } = setup(core);
  for (const ch of ['core:exec', '__proto__', 'constructor', 42, null]) {
    assert.deepEqual(await b.invoke(ch, {}), { ok: false, error: { code: 'app.error.unknown-channel' } });
  }
  assert.deepEqual(calls, []);
  assert.equal(logs.length, 5);
});

test('arbitrary junk never throws and never reaches the core', async () => {
  const { core, calls } = recordingCore();
  const { b } = setup(core);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('core:apply', 'core:preview', 'core:restore', 'probe:run'),
      fc.anything(),
      async (ch, raw) => {
        const r = await b.invoke(ch, raw);
        // Only shapes naming a plan this binding made, or a valid restore/probe request, may pass.
        if (r.ok) assert.ok(ch === 'core:restore' || ch === 'probe:run', `${ch} accepted ${JSON.stringify(raw)}`);
      },
    ),
    { numRuns: 300 },
  );
  assert.ok(calls.every((c) => c.method === 'restore'));
});

test('plans are held by main: apply takes an id the binding issued, once', async () => {
  const { core, calls } = recordingCore();
  const { b } = setup(core);
  const made = await b.invoke('core:plan', { selection: { kind: 'preset', preset: 'aliyun' } });
  assert.ok(made.ok);
  const id = (made.value as Plan).id;
  assert.deepEqual(await b.invoke('core:preview', { planId: id }), { ok: true, value: [] });
  assert.deepEqual(await b.invoke('core:apply', { planId: 'never-made' }), {
    ok: false,
    error: { code: 'app.error.unknown-plan' },
  });
  assert.ok((await b.invoke('core:apply', { planId: id, dryRun: true })).ok);
  assert.ok((await b.invoke('core:apply', { planId: id })).ok);
  assert.deepEqual(await b.invoke('core:apply', { planId: id }), {
    ok: false,
    error: { code: 'app.error.unknown-plan' },
  });
  assert.deepEqual(
    calls.filter((c) => c.method === 'apply').map((c) => c.arg),
    [
      { id, dryRun: true },
      { id, dryRun: false },
    ],
  );
});

test('each step of an apply reaches the subscribers, named by its plan', async () => {
  const { core } = recordingCore();
  const { b } = setup(core);
  const made = await b.invoke('core:plan', { selection: { kind: 'preset', preset: 'aliyun' } });
  assert.ok(made.ok);
  const id = (made.value as Plan).id;
  const seen: unknown[] = [];
  const off = b.subscribe('apply:progress', (e) => seen.push(e));
  assert.ok((await b.invoke('core:apply', { planId: id })).ok);
  off();
  assert.deepEqual(seen, [{ planId: id, target: 'pip', phase: 'writing' }]);
});

test('core errors become messages: MirrorKitError keeps its code, anything else is internal and logged', async () => {
  const { core } = recordingCore({
    status: async () => {
      throw new MirrorKitError('error.malformed-config', {
        path: '/etc/docker/daemon.json',
        format: 'JSON',
        reason: 'x',
      });
    },
    history: async () => {
      throw new TypeError('boom');
    },
  });
  const { b, logs } = setup(core);
  assert.deepEqual(await b.invoke('core:status', {}), {
    ok: false,
    error: { code: 'error.malformed-config', params: { path: '/etc/docker/daemon.json', format: 'JSON', reason: 'x' } },
  });
  const r = await b.invoke('core:history', undefined);
  assert.deepEqual(r, { ok: false, error: { code: 'error.internal', params: { reason: 'boom' } } });
  assert.equal(logs.length, 1);
  assert.match(logs[0] ?? '', /core:history failed: TypeError: boom\n\s+at /);
});

test('probe progress streams to subscribers; a second run cancels the first; cancel aborts', async () => {
  const starts: AbortSignal[] = [];
  const probe: ProbeEngine = {
    run: (targets, { onStart, onProgress, signal }) =>
      new Promise((resolve, reject) => {
        starts.push(signal);
        onStart(targets.map((t) => ({ target: t, kind: 'pypi', url: `http://127.0.0.1/${t}`, provider: 'x' })));
        onProgress({ target: targets[0] ?? null, kind: 'pypi', url: 'http://127.0.0.1/a', outcome: 'ok', bytes: 10 });
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        setTimeout(() => resolve({ results: [], best: {}, wallMs: 5, bytes: 10 }), 20);
      }),
  };
  const { core } = recordingCore();
  const { b } = setup(core, probe);
  const events: ProbeEvent[] = [];
  const off = b.subscribe('probe:progress', (e) => events.push(e));
  const first = b.invoke('probe:run', { targets: ['pip'] });
  const second = b.invoke('probe:run', { targets: ['npm'] });
  assert.deepEqual(await first, { ok: false, error: { code: 'app.error.probe-cancelled' } });
  assert.deepEqual(await second, { ok: true, value: { results: [], best: {}, wallMs: 5, bytes: 10 } });
  assert.equal(starts[0]?.aborted, true);
  assert.deepEqual(
    events.map((e) => `${e.type}${e.runId}`),
    ['start1', 'result1', 'start2', 'result2', 'end1', 'end2'],
  );
  assert.deepEqual(
    events.find((e) => e.type === 'end' && e.runId === 1),
    { type: 'end', runId: 1, cancelled: true },
  );

  const third = b.invoke('probe:run', { targets: ['go'] });
  assert.deepEqual(await b.invoke('probe:cancel', undefined), { ok: true, value: true });
  assert.deepEqual(await third, { ok: false, error: { code: 'app.error.probe-cancelled' } });
  assert.deepEqual(await b.invoke('probe:cancel', undefined), { ok: true, value: false });
  off();
  const before = events.length;
  await b.invoke('probe:run', { targets: ['pip'] });
  assert.equal(events.length, before, 'no events after unsubscribe');
});

test('warm-up: the first full status call takes the detection started at launch, once, while fresh', async () => {
  let n = 0;
  const { core } = recordingCore({
    status: async () => {
      n++;
      return [{ target: 'pip', detection: { target: 'pip', supported: true, installed: true, version: String(n) } }];
    },
  });
  let clock = 0;
  const b = bindContract({ core, probe: noProbe, info: () => info, inspectProfile, log: () => {}, now: () => clock });
  const version = async (raw: unknown) => {
    const r = await b.invoke('core:status', raw);
    assert.ok(r.ok);
    return (r.value as { detection: { version: string } }[])[0]?.detection.version;
  };
  b.warmUp();
  assert.equal(n, 1, 'detection starts at once');
  clock = 500;
  assert.equal(await version({}), '1', 'the first call reuses it');
  assert.equal(await version({}), '2', '"Scan again" detects anew');
  b.warmUp();
  clock = 500 + WARM_MS + 1;
  assert.equal(await version({}), '4', 'a stale warm-up is not shown');
  b.warmUp();
  assert.equal(await version({ only: ['pip'] }), '6', 'a partial request never takes the full warm-up');
});

test('warm-up failures fall back to a fresh detection', async () => {
  let n = 0;
  const { core } = recordingCore({
    status: async () => {
      if (++n === 1) throw new Error('first one fails');
      return [];
    },
  });
  const b = bindContract({ core, probe: noProbe, info: () => info, inspectProfile, log: () => {}, now: () => 0 });
  b.warmUp();
  assert.deepEqual(await b.invoke('core:status', {}), { ok: true, value: [] });
  assert.equal(n, 2);
});
