import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import fc from 'fast-check';
import ini from 'ini';

import { splitLines, type Eol } from './eol';
import { npmrcGet, npmrcSet } from './npmrc';
import { commentTextArb, eolArb, hasTool, onlyEol, render, runTool, urlArb } from './testkit';

const NPMRC = [
  '# company npm settings',
  'registry=https://registry.npmjs.org/',
  '@mycorp:registry=https://npm.mycorp.example/',
  '//npm.mycorp.example/:_authToken=${NPM_TOKEN}',
  '//registry.npmjs.org/:_authToken=npm_AbCdEf123456',
  'always-auth=true',
  '',
  '; per-project',
  'save-exact = true ; pin versions',
].join('\n');

describe('.npmrc examples', () => {
  it('reads values exactly as ini.parse does (npm’s own parser)', () => {
    assert.equal(npmrcGet(NPMRC, 'registry'), 'https://registry.npmjs.org/');
    assert.equal(npmrcGet(NPMRC, '@mycorp:registry'), 'https://npm.mycorp.example/');
    assert.equal(npmrcGet(NPMRC, '//npm.mycorp.example/:_authToken'), '${NPM_TOKEN}');
    assert.equal(npmrcGet(NPMRC, 'always-auth'), 'true');
    assert.equal(npmrcGet(NPMRC, 'save-exact'), 'true');
    assert.equal(npmrcGet(NPMRC, 'missing'), undefined);
  });

  it('rewrites only the registry line, keeping tokens, scoped registries and comments', () => {
    const out = npmrcSet(NPMRC, 'registry', 'https://registry.npmmirror.com/');
    assert.equal(
      out,
      NPMRC.replace('registry=https://registry.npmjs.org/', 'registry=https://registry.npmmirror.com/'),
    );
  });

  it('keeps the spacing and the inline comment of the line it rewrites', () => {
    const out = npmrcSet(NPMRC, 'save-exact', 'false');
    assert.ok(out.endsWith('save-exact = false ; pin versions'));
  });

  it('appends a new key after the last top-level key, before any [section]', () => {
    const text = 'a=1\r\n\r\n[section]\r\nregistry=https://not-top-level.example/\r\n';
    assert.equal(npmrcGet(text, 'registry'), undefined);
    assert.equal(
      npmrcSet(text, 'registry', 'https://r.example/'),
      'a=1\r\nregistry=https://r.example/\r\n\r\n[section]\r\nregistry=https://not-top-level.example/\r\n',
    );
    assert.equal(npmrcSet('a=1', 'registry', 'https://r.example/'), 'a=1\nregistry=https://r.example/');
    assert.equal(npmrcSet('', 'registry', 'https://r.example/', { eol: '\r\n' }), 'registry=https://r.example/\r\n');
  });

  it('removes every line setting the key; the last duplicate is the one rewritten', () => {
    const text = 'registry=https://a/\nx=1\nregistry=https://b/\n';
    assert.equal(npmrcGet(text, 'registry'), 'https://b/');
    assert.equal(npmrcSet(text, 'registry', 'https://c/'), 'registry=https://a/\nx=1\nregistry=https://c/\n');
    assert.equal(npmrcSet(text, 'registry', null), 'x=1\n');
    assert.equal(npmrcSet(text, 'registry', 'https://b/'), text);
  });

  it('quotes values ini would otherwise misread', () => {
    for (const v of ['a;b', 'x=y', ' padded ', 'a\\;b', '"quoted"', '[bracket', '#hash']) {
      assert.equal(npmrcGet(npmrcSet('', 'k', v), 'k'), v, v);
    }
  });
});

// ---- properties ----

interface Entry {
  key: string;
  value: string;
}

const keyArb = fc.oneof(
  fc.constantFrom('registry', 'always-auth', 'strict-ssl', 'cache'),
  fc.stringMatching(/^@[a-z]{1,5}:registry$/),
  fc.stringMatching(/^\/\/[a-z]{1,6}\.example\/:_authToken$/),
  fc.stringMatching(/^[a-z][a-z-]{0,8}$/),
);
const canonValueArb = fc.oneof(
  urlArb,
  fc.constantFrom('true', 'false', ''),
  fc.stringMatching(/^[A-Za-z0-9_${}-]{1,12}$/),
);
const anyValueArb = fc.oneof(canonValueArb, fc.string({ maxLength: 12 }), fc.stringMatching(/^[ -~]{0,12}$/));
const fillerArb = fc.array(
  fc.oneof(
    fc.constant(''),
    commentTextArb.map((t) => `#${t}`),
    commentTextArb.map((t) => `; ${t}`),
  ),
  { maxLength: 5 },
);

interface Doc {
  top: Entry[];
  section: Entry[];
  filler: string[];
  eol: Eol;
  finalNewline: boolean;
}

const entriesArb = fc.uniqueArray(fc.record({ key: keyArb, value: canonValueArb }), {
  selector: (e) => e.key,
  maxLength: 5,
});
const docArb: fc.Arbitrary<Doc> = fc.record({
  top: entriesArb,
  section: entriesArb,
  filler: fillerArb,
  eol: eolArb,
  finalNewline: fc.boolean(),
});

function renderDoc(d: Doc): string {
  const lines: string[] = [];
  d.top.forEach((e, i) => {
    const f = d.filler[i];
    if (f !== undefined) lines.push(f);
    lines.push(`${e.key}=${ini.safe(e.value)}`);
  });
  if (d.section.length > 0) lines.push('[tools]', ...d.section.map((e) => `${e.key}=${ini.safe(e.value)}`));
  return render(lines, d.eol, d.finalNewline);
}

const caseArb = docArb.chain((d) =>
  fc.tuple(
    fc.constant(d),
    d.top.length > 0 ? fc.oneof(fc.constantFrom(...d.top.map((e) => e.key)), keyArb) : keyArb,
    anyValueArb,
  ),
);
const comments = (text: string) =>
  splitLines(text)
    .filter((l) => /^\s*[;#]/.test(l.body))
    .map((l) => l.body);
const sectionOf = (text: string): unknown => (ini.parse(text) as Record<string, unknown>).tools;

describe('.npmrc properties', () => {
  it('the generator model reads back', () => {
    fc.assert(fc.property(docArb, (d) => d.top.forEach((e) => assert.equal(npmrcGet(renderDoc(d), e.key), e.value))));
  });

  it('(a) set then get returns the value', () => {
    fc.assert(fc.property(caseArb, ([d, k, v]) => assert.equal(npmrcGet(npmrcSet(renderDoc(d), k, v), k), v)));
  });

  it('(b) in a canonical file (`key=value` lines), set then set back to the original (null if absent) is byte-identical', () => {
    fc.assert(
      fc.property(caseArb, ([d, k, v]) => {
        const text = renderDoc(d);
        const orig = npmrcGet(text, k) ?? null;
        assert.equal(npmrcSet(npmrcSet(text, k, v), k, orig), text);
      }),
    );
  });

  it('(c) only the target key changes: other top-level keys, the [section] and comment lines are unchanged', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ([d, k, v], remove) => {
        const text = renderDoc(d);
        const out = npmrcSet(text, k, remove ? null : v);
        for (const e of d.top) if (e.key !== k) assert.equal(npmrcGet(out, e.key), e.value);
        assert.deepEqual(sectionOf(out), sectionOf(text));
        assert.deepEqual(comments(out), comments(text));
      }),
    );
  });

  it('(d) CRLF in → CRLF out with no stray LF (and LF stays LF)', () => {
    fc.assert(
      fc.property(caseArb, ([d, k, v]) => {
        const text = renderDoc(d);
        assert.ok(onlyEol(npmrcSet(text, k, v, { eol: d.eol }), d.eol));
      }),
    );
  });
});

describe('.npmrc against npm itself', { skip: hasTool('npm') ? false : 'npm is not installed' }, () => {
  it('npm reads back what npmrcSet wrote, and what npmrcGet reads', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-npmrc-'));
    try {
      const text =
        '; c\r\nregistry = https://a.example/ ; old\r\n@mk:registry="https://b.example/npm/"\r\nregistry=https://c.example/\r\n[tools]\r\nstrict-ssl=false\r\n';
      const out = npmrcSet(npmrcSet(text, 'registry', 'https://registry.npmmirror.com/'), 'fetch-retries', '7');
      const file = path.join(dir, 'user.npmrc');
      writeFileSync(file, out);
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
      const keys = ['registry', '@mk:registry', 'fetch-retries'];
      const r = runTool('npm', ['config', 'get', ...keys, '--userconfig', file], {
        env: { ...env, HOME: dir },
        cwd: dir,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        r.stdout.trim().split('\n'),
        keys.map((k) => `${k}=${npmrcGet(out, k)}`),
      );
      assert.equal(npmrcGet(out, 'registry'), 'https://registry.npmmirror.com/');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
