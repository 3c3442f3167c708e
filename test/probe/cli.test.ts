import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { t } from '../../shared/i18n';
import type { Lang } from '../../shared/types/core';
import type { CliIO, ParsedArgs } from '../../electron/cli/command';
import { testCommand } from '../../electron/cli/commands/test';
import { createCore } from '../../electron/core/api';
import { createContext } from '../../electron/core/context';
import { MirrorKitError } from '../../electron/core/errors';
import { startTestbed, type MirrorSpec, type Testbed } from '../../scripts/bench/testbed';

const specs: MirrorSpec[] = [
  { id: 'a', kind: 'pypi', behaviour: 'ok', rttMs: 5, rateBps: 10e6 },
  { id: 'b', kind: 'pypi', behaviour: 'ok', rttMs: 20, rateBps: 2e6 },
  { id: 'gone', kind: 'pypi', behaviour: 'refused' },
];

let tb: Testbed;
before(async () => {
  tb = await startTestbed(specs);
});
after(async () => {
  await tb.close();
});

function fakeIO(lang: Lang, json: boolean): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    out: (s) => lines.push(s),
    err: (s) => lines.push(s),
    interactive: false,
    confirm: async () => false,
    lang,
    json,
  };
}

const args = (flags: ParsedArgs['flags'], positionals: string[] = []): ParsedArgs => ({
  command: 'test',
  positionals,
  flags,
});
const ctx = createContext({ env: { HOME: '/nonexistent-home' }, lang: 'en' });
const core = createCore(ctx);

test('--kind/--url streams one row per mirror, then the summary', async () => {
  const io = fakeIO('en', false);
  const code = await testCommand.run(
    args({ kind: 'pypi', url: specs.map((s) => tb.url[s.id] as string) }),
    ctx,
    io,
    core,
  );
  assert.equal(code, 0);
  const [header, columns, ...rest] = io.lines;
  assert.match(header ?? '', /^3 mirrors/);
  assert.match(columns ?? '', /tool\s+mirror\s+address/);
  const rows = rest.filter((l) => l.startsWith('pypi '));
  assert.equal(rows.length, 3);
  assert.match(rows[0] ?? '', /refused/);
  const host = new URL(tb.url.a as string).host;
  assert.match(io.lines.at(-2) ?? '', new RegExp(`^pypi: best ${host}/simple \\(est\\. [\\d.]+ s for 10 MB; `));
  assert.match(io.lines.at(-1) ?? '', /^wall [\d.]+ s · [\d.]+ (MB|KB) downloaded$/);
});

test('--json prints exactly one document: results best first and the pick per kind', async () => {
  const io = fakeIO('zh-CN', true);
  const code = await testCommand.run(
    args({ kind: 'pypi', url: [tb.url.a as string, tb.url.gone as string], quick: true }),
    ctx,
    io,
    core,
  );
  assert.equal(code, 0);
  assert.equal(io.lines.length, 1);
  const doc = JSON.parse(io.lines[0] ?? '') as {
    results: Record<string, unknown>[];
    best: Record<string, { url: string } | null>;
    wallMs: number;
    bytes: number;
  };
  assert.equal(doc.best.pypi?.url, tb.url.a);
  assert.equal(doc.results[0]?.url, tb.url.a);
  for (const key of ['target', 'url', 'outcome', 'latencyMs', 'throughputBps', 'estimateMs', 'score'])
    assert.ok(key in (doc.results[0] ?? {}), key);
  assert.equal(doc.results[1]?.outcome, 'refused');
  assert.ok(doc.wallMs > 0 && doc.bytes > 0);
});

test('no usable mirror → exit 1', async () => {
  const io = fakeIO('en', false);
  assert.equal(await testCommand.run(args({ kind: 'npm', url: tb.url.gone as string }), ctx, io, core), 1);
  assert.match(io.lines.at(-2) ?? '', /npm: no usable mirror/);
});

test('bad input is exit 2 with a translated reason', async () => {
  const io = fakeIO('zh-CN', false);
  const bad = async (flags: ParsedArgs['flags'], code: string, positionals: string[] = []) => {
    await assert.rejects(testCommand.run(args(flags, positionals), ctx, io, core), (e: unknown) => {
      assert.ok(e instanceof MirrorKitError);
      assert.equal(e.code, code);
      assert.equal(e.exit, 2);
      return true;
    });
  };
  await bad({ kind: 'npm', url: 'ftp://mirror.example/' }, 'error.bad-url');
  await assert.rejects(
    testCommand.run(args({ kind: 'npm', url: 'https://x.example/$(reboot)' }), ctx, io, core),
    (e: MirrorKitError) => {
      assert.equal(e.params.reason, t('zh-CN', { code: 'url.forbidden-char' }));
      return true;
    },
  );
  await bad({ kind: 'cpan', url: 'https://x.example/' }, 'probe.cli.bad-kind');
  await bad({ url: 'https://x.example/' }, 'probe.cli.url-needs-kind');
  await bad({ kind: 'npm' }, 'probe.cli.kind-needs-url');
  await bad({ kind: 'npm', url: 'https://x.example/', timeout: 'soon' }, 'probe.cli.bad-number');
  await bad({}, 'error.unknown-target', ['cpanm']);
  assert.equal(io.lines.length, 0);
});
