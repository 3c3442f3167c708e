// The hostile URL corpus (test/hostile/corpus.ts) through every way a URL comes in: `set`, `apply --profile`,
// the IPC binding the wizard calls, and the elevated helper's batch validator. A refusal is exit 2 (or a refused
// call) with not one byte written anywhere; an acceptance writes exactly the canonical form.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import fc from 'fast-check';

import { bindContract } from '../../electron/main/binding';
import { createCore } from '../../electron/core/api';
import { createContext } from '../../electron/core/context';
import { inspectWithPolicy } from '../../electron/core/profile/inspect';
import { validateBatch } from '../../electron/core/elevate/batch';
import { internalHost } from '../../electron/core/elevate/values';
import { iniGet } from '../../electron/core/edit/ini';
import { checkMirrorUrl } from '../../shared/validate/url';

import { PIP_ONLY_REFUSALS, URL_CORPUS, type UrlCase } from './corpus';
import { captureCli } from './cli';

let root = '';
let env: Record<string, string> = {};
const pipConf = () => path.join(root, 'home', '.config', 'pip', 'pip.conf');
const daemonJson = () => path.join(root, 'sysroot', 'etc', 'docker', 'daemon.json');

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-hostile-'));
  const home = path.join(root, 'home');
  env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    MIRRORKIT_HOME: path.join(root, 'state'),
    MIRRORKIT_SYSROOT: path.join(root, 'sysroot'),
    PATH: '',
    LANG: 'en_US.UTF-8',
  };
  await fs.mkdir(path.dirname(pipConf()), { recursive: true });
  await fs.writeFile(pipConf(), '[global]\ntimeout = 60\n');
  await fs.mkdir(path.dirname(daemonJson()), { recursive: true });
  await fs.writeFile(daemonJson(), '{\n  "log-driver": "json-file"\n}\n');
});
after(() => fs.rm(root, { recursive: true, force: true }));

/** Every file under the sandbox (state folder included) with its bytes: "nothing written" means this is equal. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(p, readFileSync(p, 'latin1') + statSync(p).mode);
    }
  };
  walk(root);
  return files;
}

const cli = (argv: string[]) => captureCli(env, argv);

const indexUrl = () => iniGet(readFileSync(pipConf(), 'utf8'), 'global', 'index-url');
const dockerMirrors = () =>
  (JSON.parse(readFileSync(daemonJson(), 'utf8')) as { 'registry-mirrors'?: string[] })['registry-mirrors'];
const refusedForPip = (c: UrlCase) => c.canonical === null || PIP_ONLY_REFUSALS.has(c.input);
/** What a refusal prints must show every character outside printable ASCII escaped (no raw escape sequence). */
// eslint-disable-next-line no-control-regex -- the point is to find raw control characters
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const terminalSafe = (text: string) => !UNSAFE.test(text);

describe(`hostile URL corpus (${URL_CORPUS.length} cases)`, () => {
  it('has at least 150 cases', () => assert.ok(URL_CORPUS.length >= 150));

  it('checkMirrorUrl gives exactly the expected canonical form or a refusal', () => {
    for (const c of URL_CORPUS) {
      if (PIP_ONLY_REFUSALS.has(c.input)) continue;
      const r = checkMirrorUrl(c.input);
      assert.equal(r.ok ? r.url : null, c.canonical, `${c.note}: ${JSON.stringify(c.input)}`);
    }
  });

  it('`set pip URL`: refusals exit 2 with nothing written and the bad part escaped; acceptances write the canonical form', async () => {
    let refused = 0;
    let accepted = 0;
    for (const c of URL_CORPUS) {
      const before = snapshot();
      const r = await cli(['set', 'pip', c.input, '--yes']);
      const what = `${c.note}: ${JSON.stringify(c.input)} → exit ${r.code} ${r.text.slice(0, 200)}`;
      assert.ok(terminalSafe(r.text), what);
      if (refusedForPip(c)) {
        assert.equal(r.code, 2, what);
        assert.deepEqual(snapshot(), before, `nothing written: ${what}`);
        refused++;
      } else {
        assert.equal(r.code, 0, what);
        assert.equal(indexUrl(), c.canonical, what);
        accepted++;
      }
    }
    assert.ok(refused > 100 && accepted > 20, `${refused} refused, ${accepted} accepted`);
  });

  it('`apply --profile`: pip url and docker urls (named twice) refused as a whole, or written canonical and once', async () => {
    const profile = path.join(root, 'profile.json');
    for (const c of URL_CORPUS) {
      await fs.writeFile(
        profile,
        JSON.stringify({ name: 'corpus', targets: { pip: { url: c.input }, docker: { urls: [c.input, c.input] } } }),
      );
      const before = snapshot();
      const r = await cli(['apply', '--profile', profile, '--yes']);
      const what = `${c.note}: ${JSON.stringify(c.input)} → exit ${r.code} ${r.text.slice(0, 200)}`;
      assert.ok(terminalSafe(r.text), what);
      if (refusedForPip(c)) {
        assert.equal(r.code, 2, what);
        assert.deepEqual(snapshot(), before, `nothing written: ${what}`);
      } else {
        assert.equal(r.code, 0, what);
        assert.equal(indexUrl(), c.canonical, what);
        assert.deepEqual(
          dockerMirrors()?.filter((m) => m === c.canonical),
          [c.canonical],
          what,
        );
      }
    }
  });

  it('the IPC binding (wizard): refused calls change nothing; accepted plans write the canonical form', async () => {
    const ctx = createContext({ env, platform: 'linux', isAdmin: true });
    const binding = bindContract({
      core: createCore(ctx, { skipVerify: true }),
      probe: { run: () => Promise.reject(new Error('not used')) },
      info: () => ({
        version: '0',
        platform: 'linux',
        lang: 'en',
        isAdmin: true,
        shell: 'harness',
        catalog: { providers: [], presets: [], mirrors: [] },
      }),
      inspectProfile: (p) => inspectWithPolicy(ctx, p),
      log: () => undefined,
    });
    for (const c of URL_CORPUS) {
      const before = snapshot();
      const planned = await binding.invoke('core:plan', {
        selection: { kind: 'choices', label: 'wizard', choices: [{ target: 'pip', urls: [c.input, c.input] }] },
        only: ['pip'],
      });
      const what = `${c.note}: ${JSON.stringify(c.input)} → ${JSON.stringify(planned).slice(0, 200)}`;
      if (refusedForPip(c)) {
        assert.equal(planned.ok, false, what);
        assert.deepEqual(snapshot(), before, `nothing written: ${what}`);
        continue;
      }
      assert.ok(planned.ok, what);
      const planId = (planned.value as { id: string }).id;
      const applied = await binding.invoke('core:apply', { planId });
      assert.ok(
        applied.ok && ['applied', 'nothing-to-do'].includes((applied.value as { status: string }).status),
        what,
      );
      assert.equal(indexUrl(), c.canonical, what);
    }
  });

  it('the elevated batch validator accepts only the canonical form, never a hostile or dead URL', () => {
    const batch = (value: string) => ({
      version: 1,
      createdAt: '2026-12-07T00:00:00.000Z',
      changes: [
        { kind: 'setEnv', target: 'pip', name: 'PIP_INDEX_URL', value, scope: 'machine', before: null, admin: true },
      ],
    });
    // Machine-wide, plain http is only for an internal host (values.ts).
    const secure = (u: string) => u.startsWith('https://') || internalHost(new URL(u).hostname);
    for (const c of URL_CORPUS) {
      const what = `${c.note}: ${JSON.stringify(c.input)}`;
      const canonicalAsTyped = c.canonical !== null && (c.canonical === c.input || c.canonical === `${c.input}/`);
      const acceptable = (u: string) => !PIP_ONLY_REFUSALS.has(c.input) && secure(u);
      assert.equal(validateBatch(batch(c.input)).ok, canonicalAsTyped && acceptable(c.canonical as string), what);
      if (c.canonical !== null)
        assert.equal(validateBatch(batch(c.canonical)).ok, acceptable(c.canonical), `canonical of ${what}`);
    }
  });

  it('property: whatever URL is accepted, its canonical form is stable and pip reads back exactly that URL', async () => {
    const noise = fc.constantFrom(
      '',
      '/',
      '/./',
      '/../',
      ':443',
      ':80',
      '.',
      '%2e',
      '#x',
      '\u200b',
      'A',
      '?q=1',
      '//',
      '@',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        noise,
        fc.nat(60),
        async (u, bit, at) => {
          const input = u.slice(0, at) + bit + u.slice(at);
          const r = checkMirrorUrl(input);
          if (!r.ok) return;
          assert.deepEqual(checkMirrorUrl(r.url), r, 'canonical form is a fixed point');
          assert.equal(new URL(r.url).href, r.url);
          const code = (await cli(['set', 'pip', input, '--yes'])).code;
          if (code === 2) return; // a dead catalog mirror, or a URL pip's target refuses for its own reasons
          assert.equal(code, 0);
          assert.equal(indexUrl(), r.url);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('apt: a bad URL is bad input (exit 2), not an unexpected error', async () => {
    const list = path.join(root, 'sysroot', 'etc', 'apt', 'sources.list');
    await fs.mkdir(path.dirname(list), { recursive: true });
    await fs.writeFile(list, 'deb http://archive.ubuntu.com/ubuntu noble main\n');
    for (const input of [
      'https://h.example/r/#x',
      'http:h.example',
      'https://h\u200b.example/',
      'https://h..example/',
      'https://h.example:0/',
    ]) {
      const r = await cli(['set', 'apt', input, '--yes']);
      assert.equal(r.code, 2, `${JSON.stringify(input)}: ${r.text}`);
    }
    assert.ok(existsSync(list));
  });
});
