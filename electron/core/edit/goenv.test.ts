import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { goEnvGet, goEnvSet } from './goenv';
import { commentTextArb, eolArb, hasTool, render, runTool, urlArb } from './testkit';

const GOENV = 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOPRIVATE=*.corp.example.com\n';

describe('go env file examples', () => {
  it('reads KEY=VALUE lines as Go does: no trimming, last assignment wins, other lines ignored', () => {
    const text =
      '# not a comment to Go, just ignored\ngoproxy=lowercase-ignored\nGOPROXY=first\n\nGOPROXY=a=b, c \nbroken line\n';
    assert.equal(goEnvGet(text, 'GOPROXY'), 'a=b, c ');
    assert.equal(goEnvGet(text, 'goproxy'), undefined);
    assert.equal(goEnvGet(GOENV, 'GOSUMDB'), 'sum.golang.org');
    assert.equal(goEnvGet(GOENV, 'GOFLAGS'), undefined);
  });

  it('rewrites the effective line in place and appends new keys', () => {
    assert.equal(
      goEnvSet(GOENV, 'GOPROXY', 'https://goproxy.cn,direct'),
      GOENV.replace('https://proxy.golang.org,direct', 'https://goproxy.cn,direct'),
    );
    assert.equal(goEnvSet(GOENV, 'GOFLAGS', '-mod=mod'), `${GOENV}GOFLAGS=-mod=mod\n`);
    assert.equal(goEnvSet('', 'GOPROXY', 'https://goproxy.cn'), 'GOPROXY=https://goproxy.cn\n');
    assert.equal(goEnvSet('GOSUMDB=off', 'GOPROXY', 'x'), 'GOSUMDB=off\nGOPROXY=x');
  });

  it('removes every assignment of a key so an older duplicate cannot take over', () => {
    assert.equal(goEnvSet('GOPROXY=a\nGOSUMDB=off\nGOPROXY=b\n', 'GOPROXY', null), 'GOSUMDB=off\n');
    assert.equal(goEnvSet(GOENV, 'GOFLAGS', null), GOENV);
    assert.equal(goEnvSet(GOENV, 'GOSUMDB', 'sum.golang.org'), GOENV);
  });

  it('writes its line with LF even in a CRLF file, because Go would read the CR into the value', () => {
    const crlf = 'GOSUMDB=off\r\nGOPROXY=https://old\r\n';
    assert.equal(goEnvGet(crlf, 'GOPROXY'), 'https://old\r', 'Go itself sees the CR');
    const out = goEnvSet(crlf, 'GOPROXY', 'https://goproxy.cn', { eol: '\r\n' });
    assert.equal(out, 'GOSUMDB=off\r\nGOPROXY=https://goproxy.cn\n');
    assert.equal(goEnvGet(out, 'GOPROXY'), 'https://goproxy.cn');
    assert.equal(goEnvGet(out, 'GOSUMDB'), 'off\r', 'untouched lines keep their bytes');
  });

  it('rejects values with line breaks and keys Go would not read', () => {
    assert.throws(() => goEnvSet('', 'GOPROXY', 'a\nGOSUMDB=off'), RangeError);
    assert.throws(() => goEnvSet('', 'GOPROXY', 'a\r'), RangeError);
    assert.throws(() => goEnvSet('', 'goproxy', 'a'), RangeError);
    assert.throws(() => goEnvSet('', 'GO=X', 'a'), RangeError);
  });
});

// ---- properties ----

const keyArb = fc.oneof(
  fc.constantFrom('GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GOFLAGS', 'GONOSUMDB'),
  fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/),
);
const valueArb = fc.oneof(
  urlArb,
  fc.stringMatching(/^[ -~]{0,20}$/),
  urlArb.map((u) => `${u},direct`),
);
const lineArb = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(keyArb, valueArb).map(([k, v]) => `${k}=${v}`) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constant(''),
      commentTextArb.map((t) => `# ${t}`),
      fc.stringMatching(/^[a-z][ -~]{0,10}$/),
    ),
  },
);
const docArb = fc.record({ lines: fc.array(lineArb, { maxLength: 10 }), eol: eolArb, finalNewline: fc.boolean() });
const caseArb = fc.tuple(docArb, keyArb, valueArb);

/** Every (key → value) Go reads, except `skip`. */
function readAll(text: string, skip: string): Map<string, string> {
  const keys = new Set(
    text
      .split('\n')
      .map((l) => /^([A-Z][^=]*)=/.exec(l)?.[1])
      .filter((k): k is string => k !== undefined && k !== skip),
  );
  return new Map([...keys].map((k) => [k, goEnvGet(text, k)!]));
}

describe('go env file properties', () => {
  it('(a) set then get returns the value', () => {
    fc.assert(
      fc.property(caseArb, ([d, k, v]) =>
        assert.equal(goEnvGet(goEnvSet(render(d.lines, d.eol, d.finalNewline), k, v), k), v),
      ),
    );
  });

  it('(b) in a canonical file (LF, no duplicate key), set then set back (null if absent) is byte-identical', () => {
    fc.assert(
      fc.property(caseArb, ([d, k, v]) => {
        const keys = d.lines.map((l) => /^([A-Z][^=]*)=/.exec(l)?.[1]).filter(Boolean);
        fc.pre(new Set(keys).size === keys.length);
        const text = render(d.lines, '\n', d.finalNewline);
        const orig = goEnvGet(text, k) ?? null;
        assert.equal(goEnvSet(goEnvSet(text, k, v), k, orig), text);
      }),
    );
  });

  it('(c) only the target key changes: every other key Go reads and every other line is unchanged', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ([d, k, v], remove) => {
        const text = render(d.lines, d.eol, d.finalNewline);
        const out = goEnvSet(text, k, remove ? null : v);
        assert.deepEqual(readAll(out, k), readAll(text, k));
        const others = (t: string) => t.split('\n').filter((l) => !l.startsWith(`${k}=`));
        assert.deepEqual(others(out).filter(Boolean), others(text).filter(Boolean));
      }),
    );
  });

  it('(d) CRLF lines stay CRLF; only the line written ends in a bare LF (Go’s own format)', () => {
    fc.assert(
      fc.property(caseArb, ([d, k, v]) => {
        const text = render(d.lines, '\r\n', d.finalNewline);
        const out = goEnvSet(text, k, v);
        // A last line that had no terminator gets a bare LF too: a CR would become part of its value.
        const unterminated = d.finalNewline ? undefined : d.lines[d.lines.length - 1];
        const terminated = out.split('\n').slice(0, -1);
        for (const l of terminated)
          if (!l.endsWith('\r')) assert.ok(l === `${k}=${v}` || l === unterminated, JSON.stringify(l));
        assert.ok(out.split(/\r?\n/).includes(`${k}=${v}`));
      }),
    );
  });
});

describe(
  'go env file against the go command',
  { skip: hasTool('go', ['version']) ? false : 'go is not installed' },
  () => {
    it('`go env` reads what goEnvSet wrote, as goEnvGet reads it', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-goenv-'));
      try {
        const file = path.join(dir, 'env');
        const start =
          '# a comment\nGOPROXY=https://old.example\nGOSUMDB=sum.golang.org\nGOPROXY=https://older.example\n\nGONOSUMDB=x.example';
        const out = goEnvSet(goEnvSet(start, 'GOPROXY', 'https://goproxy.cn,direct'), 'GOPRIVATE', '*.corp.example');
        writeFileSync(file, out);
        const env: NodeJS.ProcessEnv = {
          PATH: process.env.PATH,
          HOME: dir,
          GOENV: file,
          GOPATH: path.join(dir, 'gopath'),
          GOCACHE: path.join(dir, 'cache'),
          GOTOOLCHAIN: 'local',
        };
        const keys = ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOSUMDB'];
        const r = runTool('go', ['env', ...keys], { env, cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(
          r.stdout.split('\n').slice(0, keys.length),
          keys.map((k) => goEnvGet(out, k)),
        );
      } finally {
        // go may leave a telemetry child writing under HOME/.config/go for a moment after it exits.
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      }
    });
  },
);
