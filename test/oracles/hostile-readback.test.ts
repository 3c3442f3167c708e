// Oracle: the hostile corpus's accepted URLs (test/hostile/corpus.ts), written by `mirrorkit set` into config
// files that were already odd (a BOM where the tool accepts one, CRLF, comments, non-ASCII keys and bytes, long
// lines, duplicate or quoted values), must come back through each tool's OWN reader as exactly the value
// MirrorKit meant: `npm config get registry`, `go env GOPROXY`, cargo's merged config (`cargo config get`, made
// available on stable by RUSTC_BOOTSTRAP, the cheapest real reader), `apt-get --print-uris update`. And what
// else the file said, as the tool reads it, is the same before and after. Each tool is skipped, saying why,
// where it is not installed.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, describe, test, type TestContext } from 'node:test';

import { captureCli } from '../hostile/cli';
import { URL_CORPUS } from '../hostile/corpus';
import { createSandbox, run, seed, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

import { READBACK_TOOLS, type Reading } from './hostile-tools';

/** Every URL of the corpus MirrorKit accepts, with the one canonical form it writes. */
const ACCEPTED = URL_CORPUS.filter((c) => c.canonical !== null) as { input: string; canonical: string; note: string }[];

describe(`hostile corpus read back by the tools themselves (${ACCEPTED.length} accepted URLs)`, () => {
  const sandboxes: Sandbox[] = [];
  after(() => {
    for (const sb of sandboxes) sb.cleanup();
  });

  test('the corpus has enough accepted URLs to mean something', () => {
    assert.ok(ACCEPTED.length >= 25, `${ACCEPTED.length} accepted`);
  });

  for (const tool of READBACK_TOOLS) {
    test(`${tool.id}: every accepted URL over every odd seed file reads back as meant`, async (t: TestContext) => {
      const exe = findExecutable(tool.exe, process.env);
      if (!exe) {
        console.log(`# ${tool.id} read-back skipped: ${tool.exe} is not installed`);
        t.skip(`${tool.exe} is not installed`);
        return;
      }
      const sb = createSandbox(`mk-readback-${tool.id}-`);
      sandboxes.push(sb);
      tool.prepare?.(sb);
      // MirrorKit runs in-process without the tools on PATH (its own verification would ask the same tool again:
      // this test asks it independently, below).
      const mk = { ...(sb.env as Record<string, string>), PATH: '', LANG: 'en_US.UTF-8' };
      const ask = (args: readonly string[], env = {}) =>
        run(exe, args, { env: { ...sb.env, ...env }, cwd: sb.root, timeoutMs: 60_000 });

      // Every case is tried and every failure listed, so one run shows the whole picture.
      const failures: string[] = [];
      let refused = 0;
      for (const [i, c] of ACCEPTED.entries()) {
        // Each URL meets one seed, in turn, so every seed meets several URLs.
        const s = tool.seeds[i % tool.seeds.length] as (typeof tool.seeds)[number];
        for (const other of tool.seeds) rmSync(tool.file(sb, other.name), { force: true });
        const file = tool.file(sb, s.name);
        seed(file, s.bytes);
        const what = `${tool.id}, seed "${s.name}", ${c.note}: ${JSON.stringify(c.input)}`;
        try {
          const before: Reading = await tool.read(ask);
          assert.equal(before.mirror, s.was, `the tool reads the seed's own value first`);
          const r = await captureCli(mk, ['set', tool.id, c.input, '--yes']);
          const refusal = tool.refuses?.(c.canonical, s);
          if (refusal) {
            assert.equal(r.code, 2, `${refusal}: must be refused\n${r.text}`);
            assert.deepEqual(readFileSync(file), Buffer.from(s.bytes), 'a refusal changes nothing');
            assert.deepEqual(await tool.read(ask), before);
            refused++;
            continue;
          }
          assert.equal(r.code, 0, r.text);
          const now = await tool.read(ask);
          assert.equal(now.mirror, tool.meant(c.canonical), `file now:\n${readFileSync(file, 'latin1').slice(0, 600)}`);
          assert.deepEqual(now.rest, before.rest, 'the rest of the file, as the tool reads it');
        } catch (err) {
          failures.push(`${what}\n${err instanceof Error ? err.message : String(err)}`);
        }
      }
      const good = ACCEPTED.length - failures.length - refused;
      console.log(
        `# ${tool.id}: ${good} of ${ACCEPTED.length} URLs read back through ${exe}, ${refused} refused as meant`,
      );
      assert.ok(good >= ACCEPTED.length - 3, `too few read back: ${good}`);
      assert.deepEqual(failures, []);
    });
  }
});
