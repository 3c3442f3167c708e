import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { aptEntries, aptRewrite, type AptFormat } from './apt';
import { EditError } from './errors';
import { type Eol } from './eol';
import { commentTextArb, eolArb, hasTool, onlyEol, render, runTool } from './testkit';

const JAMMY_LIST = `# See http://help.ubuntu.com/community/UpgradeNotes for how to upgrade to
# newer versions of the distribution.
deb http://archive.ubuntu.com/ubuntu/ jammy main restricted
# deb-src http://archive.ubuntu.com/ubuntu/ jammy main restricted

## Major bug fix updates produced after the final release of the
## distribution.
deb http://archive.ubuntu.com/ubuntu/ jammy-updates main restricted
# deb-src http://archive.ubuntu.com/ubuntu/ jammy-updates main restricted

deb http://archive.ubuntu.com/ubuntu/ jammy universe
deb [arch=amd64 signed-by=/usr/share/keyrings/extra.gpg] http://archive.ubuntu.com/ubuntu/ jammy-backports main restricted universe multiverse # backports

deb http://security.ubuntu.com/ubuntu/ jammy-security main restricted
# deb-src http://security.ubuntu.com/ubuntu/ jammy-security main restricted
`;

const NOBLE_SOURCES = `Types: deb
URIs: http://archive.ubuntu.com/ubuntu/
Suites: noble noble-updates noble-backports
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg

## Ubuntu security updates. Aside from URIs and Suites,
## this should mirror your choices in the previous section.
Types: deb
URIs: http://security.ubuntu.com/ubuntu/
Suites: noble-security
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg
`;

const BOOKWORM_SOURCES = [
  'Types: deb deb-src',
  '# http://snapshot.debian.org/archive/debian/20250520T000000Z',
  'URIs: http://deb.debian.org/debian',
  'Suites: bookworm bookworm-updates',
  'Components: main non-free-firmware',
  'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
  '',
  'Types: deb',
  'URIs: http://security.debian.org/debian-security',
  'Suites: bookworm-security',
  'Components: main non-free-firmware',
  'Signed-By:',
  ' -----BEGIN PGP PUBLIC KEY BLOCK-----',
  ' .',
  ' mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD3K87ZM18gzyQZJD+w',
  ' -----END PGP PUBLIC KEY BLOCK-----',
  '',
  'Types: deb',
  'URIs: http://deb.debian.org/debian',
  'Suites: bookworm-backports',
  'Components: main',
  'Enabled: no',
  '',
].join('\r\n');

const USTC_UBUNTU = 'https://mirrors.ustc.edu.cn/ubuntu/';
/** A caller that keeps every security suite on the official host. */
const keepSecurity = (to: string) => (_uri: string, suites: string[]) =>
  suites.some((s) => s.endsWith('-security')) ? null : to;

describe('apt examples', () => {
  it('Ubuntu 22.04 sources.list: entries, commented-out entries, options and trailing comments', () => {
    const entries = aptEntries(JAMMY_LIST, 'list');
    assert.deepEqual(
      entries.filter((e) => e.enabled).map((e) => [e.line, e.uris[0], e.suites[0], e.components.join(' ')]),
      [
        [3, 'http://archive.ubuntu.com/ubuntu/', 'jammy', 'main restricted'],
        [8, 'http://archive.ubuntu.com/ubuntu/', 'jammy-updates', 'main restricted'],
        [11, 'http://archive.ubuntu.com/ubuntu/', 'jammy', 'universe'],
        [12, 'http://archive.ubuntu.com/ubuntu/', 'jammy-backports', 'main restricted universe multiverse'],
        [14, 'http://security.ubuntu.com/ubuntu/', 'jammy-security', 'main restricted'],
      ],
    );
    assert.deepEqual(
      entries.filter((e) => !e.enabled).map((e) => [e.line, e.types[0]]),
      [
        [4, 'deb-src'],
        [9, 'deb-src'],
        [15, 'deb-src'],
      ],
    );
  });

  it('Ubuntu 22.04: rewriting swaps only the archive URIs; security and commented-out lines stay', () => {
    const out = aptRewrite(JAMMY_LIST, 'list', keepSecurity(USTC_UBUNTU));
    const expected = JAMMY_LIST.split('\n')
      .map((l) =>
        /^deb .*jammy(-updates|-backports)? /.test(l) || /^deb http:\/\/archive[^ ]* jammy universe$/.test(l)
          ? l.replace('http://archive.ubuntu.com/ubuntu/', USTC_UBUNTU)
          : l,
      )
      .join('\n');
    assert.equal(out, expected);
    assert.ok(out.includes('# deb-src http://archive.ubuntu.com/ubuntu/ jammy main restricted'));
    assert.ok(
      out.includes(
        `deb [arch=amd64 signed-by=/usr/share/keyrings/extra.gpg] ${USTC_UBUNTU} jammy-backports main restricted universe multiverse # backports`,
      ),
    );
  });

  it('Ubuntu 24.04 ubuntu.sources (deb822): the caller sees every suite of a stanza and decides for all of them', () => {
    const entries = aptEntries(NOBLE_SOURCES, 'deb822');
    assert.deepEqual(
      entries.map((e) => [e.line, e.uris, e.suites]),
      [
        [1, ['http://archive.ubuntu.com/ubuntu/'], ['noble', 'noble-updates', 'noble-backports']],
        [9, ['http://security.ubuntu.com/ubuntu/'], ['noble-security']],
      ],
    );
    const seen: string[][] = [];
    const out = aptRewrite(NOBLE_SOURCES, 'deb822', (u, s) => (seen.push(s), keepSecurity(USTC_UBUNTU)(u, s)));
    assert.deepEqual(seen, [['noble', 'noble-updates', 'noble-backports'], ['noble-security']]);
    assert.equal(out, NOBLE_SOURCES.replace('URIs: http://archive.ubuntu.com/ubuntu/', `URIs: ${USTC_UBUNTU}`));
  });

  it('Debian 12 debian.sources: CRLF, comments inside a stanza, an embedded key, Enabled: no', () => {
    const entries = aptEntries(BOOKWORM_SOURCES, 'deb822');
    assert.deepEqual(
      entries.map((e) => [e.line, e.types, e.uris, e.suites, e.enabled]),
      [
        [1, ['deb', 'deb-src'], ['http://deb.debian.org/debian'], ['bookworm', 'bookworm-updates'], true],
        [8, ['deb'], ['http://security.debian.org/debian-security'], ['bookworm-security'], true],
        [18, ['deb'], ['http://deb.debian.org/debian'], ['bookworm-backports'], false],
      ],
    );
    const tuna = 'https://mirrors.tuna.tsinghua.edu.cn/debian';
    const out = aptRewrite(BOOKWORM_SOURCES, 'deb822', keepSecurity(tuna));
    assert.equal(
      out,
      BOOKWORM_SOURCES.replace(
        'URIs: http://deb.debian.org/debian\r\nSuites: bookworm bookworm-updates',
        `URIs: ${tuna}\r\nSuites: bookworm bookworm-updates`,
      ),
    );
    assert.ok(onlyEol(out, '\r\n'));
  });

  it('rewrites each of several URIs, also on continuation lines, and leaves a no-op text identical', () => {
    const text =
      'Types: deb\nURIs: http://a.example/debian\n http://b.example/debian\nSuites: stable\nComponents: main\n';
    const out = aptRewrite(text, 'deb822', (u) => (u.startsWith('http://b') ? 'https://m.example/debian' : null));
    assert.equal(out, text.replace(' http://b.example/debian', ' https://m.example/debian'));
    assert.equal(
      aptRewrite(JAMMY_LIST, 'list', () => null),
      JAMMY_LIST,
    );
    assert.throws(() => aptRewrite(JAMMY_LIST, 'list', () => 'two words'), RangeError);
  });

  it('writes an IPv6 literal host, which apt reads in both formats; brackets elsewhere are refused', () => {
    const list = 'deb http://deb.debian.org/debian bookworm main\n';
    assert.equal(
      aptRewrite(list, 'list', () => 'http://[::1]:3142/debian'),
      'deb http://[::1]:3142/debian bookworm main\n',
    );
    assert.deepEqual(
      aptEntries(
        aptRewrite(list, 'list', () => 'http://[::ffff:7f00:1]/'),
        'list',
      ).map((e) => e.uris),
      [['http://[::ffff:7f00:1]/']],
    );
    const sources = 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\n';
    assert.match(
      aptRewrite(sources, 'deb822', () => 'http://[::1]/debian'),
      /^URIs: http:\/\/\[::1\]\/debian$/m,
    );
    for (const bad of ['http://h.example/[x]', 'http://[::1]/[x]', '[arch=amd64]', 'http://[zz]/'])
      assert.throws(() => aptRewrite(list, 'list', () => bad), RangeError, bad);
  });

  it('malformed entries throw EditError naming the line', () => {
    const bad: [AptFormat, string, RegExp][] = [
      ['list', 'deb\n', /^line 1: 'deb' has no URI$/],
      ['list', '# ok\ndeb http://x.example/debian\n', /^line 2: no suite after http:\/\/x.example\/debian$/],
      ['list', 'deb http://x.example/debian bookworm\n', /^line 1: no component after suite 'bookworm'$/],
      ['list', 'deb-foo http://x.example/ bookworm main\n', /^line 1: unknown type 'deb-foo'/],
      ['list', 'deb [arch=amd64 http://x.example/ bookworm main\n', /^line 1: unclosed '\[' in the options$/],
      ['deb822', 'Types: deb\nSuites: noble\nComponents: main\n', /^stanza at line 1: no URIs$/],
      ['deb822', 'Types: deb\nURIs: http://x/\nComponents: main\n', /^stanza at line 1: no Suites$/],
      ['deb822', '\nURIs: http://x/\nSuites: noble\n', /^stanza at line 2: no Types field$/],
      ['deb822', 'Types: deb\nnot a field\n', /^line 2: 'not a field' is not 'Field: value'$/],
    ];
    for (const [format, text, reason] of bad) {
      for (const f of [() => aptEntries(text, format), () => aptRewrite(text, format, () => 'https://m/')]) {
        assert.throws(
          f,
          (e: unknown) =>
            e instanceof EditError &&
            e.params.format === (format === 'list' ? 'sources.list' : 'deb822') &&
            reason.test(String(e.params.reason)),
          text,
        );
      }
    }
  });
});

// ---- properties ----

const uriArb = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    fc.stringMatching(/^[a-z]{1,6}\.example$/),
    fc.stringMatching(/^(\/[a-z-]{1,8}){0,2}\/?$/),
  )
  .map(([s, h, p]) => `${s}://${h}${p}`);
const suiteArb = fc.stringMatching(/^[a-z]{1,8}(-(updates|security|backports))?$/);
const compsArb = fc.array(fc.constantFrom('main', 'contrib', 'non-free', 'restricted', 'universe'), {
  minLength: 1,
  maxLength: 3,
});

interface Src {
  uris: string[];
  suites: string[];
  comps: string[];
  enabled: boolean;
  deb822Key: boolean;
  comment: string;
}
const srcArb: fc.Arbitrary<Src> = fc.record({
  uris: fc.array(uriArb, { minLength: 1, maxLength: 2 }),
  suites: fc.array(suiteArb, { minLength: 1, maxLength: 3 }),
  comps: compsArb,
  enabled: fc.boolean(),
  deb822Key: fc.boolean(),
  comment: commentTextArb.filter((t) => !t.includes('#')),
});
const docArb = fc.record({
  format: fc.constantFrom<AptFormat>('list', 'deb822'),
  srcs: fc.array(srcArb, { maxLength: 4 }),
  eol: eolArb,
  finalNewline: fc.boolean(),
});
type Doc = { format: AptFormat; srcs: Src[]; eol: Eol; finalNewline: boolean };

function renderDoc(d: Doc): string {
  const lines: string[] = [];
  for (const s of d.srcs) {
    if (d.format === 'list') {
      lines.push(`# ${s.comment}`);
      const opts = s.deb822Key ? ' [arch=amd64 signed-by=/usr/share/keyrings/k.gpg]' : '';
      lines.push(
        `${s.enabled ? '' : '# '}deb${opts} ${s.uris[0]} ${s.suites[0]} ${s.comps.join(' ')}${s.deb822Key ? ` # ${s.comment}` : ''}`,
      );
    } else {
      if (lines.length > 0) lines.push('');
      lines.push(
        `# ${s.comment}`,
        'Types: deb',
        `URIs: ${s.uris[0]}`,
        ...s.uris.slice(1).map((u) => ` ${u}`),
        `Suites: ${s.suites.join(' ')}`,
        `Components: ${s.comps.join(' ')}`,
      );
      lines.push(
        ...(s.deb822Key
          ? [
              'Signed-By:',
              ' -----BEGIN PGP PUBLIC KEY BLOCK-----',
              ' .',
              ' mQINBGPL0BUBEADmW5Nd',
              ' -----END PGP PUBLIC KEY BLOCK-----',
            ]
          : ['Signed-By: /usr/share/keyrings/k.gpg']),
      );
      if (!s.enabled) lines.push('Enabled: no');
    }
  }
  return render(lines, d.eol, d.finalNewline);
}

/** The model's enabled (uri, suites) pairs, as aptRewrite will offer them. */
function offered(d: Doc): [string, string[]][] {
  return d.srcs
    .filter((s) => s.enabled)
    .flatMap(
      (s) =>
        (d.format === 'list' ? [[s.uris[0]!, [s.suites[0]!]]] : s.uris.map((u) => [u, s.suites])) as [
          string,
          string[],
        ][],
    );
}

const caseArb = docArb.chain((d) => fc.tuple(fc.constant(d as Doc), fc.func(fc.option(uriArb, { nil: null }))));

describe('apt properties', () => {
  it('the generator model reads back', () => {
    fc.assert(
      fc.property(docArb, (d) => {
        const entries = aptEntries(renderDoc(d), d.format);
        assert.deepEqual(
          entries.map((e) => [e.enabled, e.uris, e.suites, e.components]),
          d.srcs.map((s) => [
            s.enabled,
            d.format === 'list' ? s.uris.slice(0, 1) : s.uris,
            d.format === 'list' ? s.suites.slice(0, 1) : s.suites,
            s.comps,
          ]),
        );
      }),
    );
  });

  it('(a) after a rewrite every enabled URI reads as map decided; disabled ones are untouched', () => {
    fc.assert(
      fc.property(caseArb, ([d, f]) => {
        const map = (u: string, s: string[]) => f(u, s.join(' '));
        const out = aptRewrite(renderDoc(d), d.format, map);
        const want = d.srcs.map((s) =>
          (d.format === 'list' ? s.uris.slice(0, 1) : s.uris).map((u) =>
            s.enabled ? (map(u, d.format === 'list' ? s.suites.slice(0, 1) : s.suites) ?? u) : u,
          ),
        );
        assert.deepEqual(
          aptEntries(out, d.format).map((e) => e.uris),
          want,
        );
      }),
    );
  });

  it('(b) rewriting to new URIs and back to the old ones is byte-identical', () => {
    fc.assert(
      fc.property(docArb, fc.func(uriArb), (d, f) => {
        const text = renderDoc(d);
        const pairs = offered(d as Doc).map(([u, s]) => [u, s.join(' ')] as const);
        const forward = new Map(pairs.map(([u, s]) => [`${u} ${s}`, `${f(u, s)}`]));
        const once = aptRewrite(text, d.format, (u, s) => forward.get(`${u} ${s.join(' ')}`) ?? null);
        const back = new Map(pairs.map(([u, s]) => [`${forward.get(`${u} ${s}`)} ${s}`, u]));
        fc.pre(back.size === forward.size);
        assert.equal(
          aptRewrite(once, d.format, (u, s) => back.get(`${u} ${s.join(' ')}`) ?? null),
          text,
        );
      }),
    );
  });

  it('(c) only URIs change: types, suites, components, enabled state and every comment line stay', () => {
    fc.assert(
      fc.property(caseArb, ([d, f]) => {
        const text = renderDoc(d);
        const out = aptRewrite(text, d.format, (u, s) => f(u, s.join(' ')));
        const shape = (t: string) => aptEntries(t, d.format).map(({ uris: _u, ...rest }) => rest);
        assert.deepEqual(shape(out), shape(text));
        const comments = (t: string) => t.split(/\r?\n/).filter((l) => l.startsWith('#') && !/^# deb /.test(l));
        assert.deepEqual(comments(out), comments(text));
      }),
    );
  });

  it('(d) CRLF in → CRLF out with no stray LF (and LF stays LF)', () => {
    fc.assert(
      fc.property(caseArb, ([d, f]) =>
        assert.ok(
          onlyEol(
            aptRewrite(renderDoc(d), d.format, (u, s) => f(u, s.join(' '))),
            d.eol,
          ),
        ),
      ),
    );
  });
});

// ---- apt itself as the oracle ----

describe(
  'apt parsing against apt-get',
  { skip: hasTool('apt-get', ['--version']) ? false : 'apt-get is not installed' },
  () => {
    /** The (uri, suite) pairs apt would fetch InRelease for, or apt's error. */
    function aptReads(text: string, format: AptFormat): { pairs: string[] } | { error: string } {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-apt-'));
      try {
        const parts = path.join(dir, 'parts');
        mkdirSync(parts);
        mkdirSync(path.join(dir, 'lists', 'partial'), { recursive: true });
        const file = format === 'list' ? path.join(dir, 'sources.list') : path.join(parts, 'test.sources');
        writeFileSync(file, text);
        const r = runTool('apt-get', [
          '-o',
          `Dir::Etc::sourcelist=${format === 'list' ? file : '/dev/null'}`,
          '-o',
          `Dir::Etc::sourceparts=${parts}`,
          '-o',
          `Dir::State::Lists=${path.join(dir, 'lists')}`,
          '-o',
          `Dir::Cache=${path.join(dir, 'cache')}`,
          '-o',
          'Debug::NoLocking=1',
          '--print-uris',
          'update',
        ]);
        const error = /^E: (Malformed .*|Type .*)$/m.exec(r.stdout + r.stderr)?.[1];
        if (error) return { error };
        const pairs = [...r.stdout.matchAll(/^'(.*)dists\/(.*)\/InRelease'/gm)].map((m) => `${m[1]} ${m[2]}`);
        return { pairs: [...new Set(pairs)].sort() };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    function oursRead(text: string, format: AptFormat): { pairs: string[] } | { error: string } {
      try {
        const pairs = aptEntries(text, format)
          .filter((e) => e.enabled)
          .flatMap((e) => e.uris.flatMap((u) => e.suites.map((s) => `${u.endsWith('/') ? u : `${u}/`} ${s}`)));
        return { pairs: [...new Set(pairs)].sort() };
      } catch (e) {
        assert.ok(e instanceof EditError);
        return { error: 'EditError' };
      }
    }

    it('reads the same archives as apt for the distribution files, before and after a rewrite', () => {
      const cases: [string, AptFormat][] = [
        [JAMMY_LIST, 'list'],
        [aptRewrite(JAMMY_LIST, 'list', keepSecurity(USTC_UBUNTU)), 'list'],
        [NOBLE_SOURCES, 'deb822'],
        [aptRewrite(NOBLE_SOURCES, 'deb822', keepSecurity(USTC_UBUNTU)), 'deb822'],
        [BOOKWORM_SOURCES, 'deb822'],
        [
          'Types: deb\nEnabled: no\n\nTypes: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\n',
          'deb822',
        ],
      ];
      for (const [text, format] of cases) {
        const apt = aptReads(text, format);
        assert.ok('pairs' in apt && apt.pairs.length > 0, JSON.stringify(apt));
        assert.deepEqual(oursRead(text, format), apt);
      }
    });

    it('refuses the same malformed files as apt', () => {
      const bad: [string, AptFormat][] = [
        ['deb http://x.example/debian bookworm\n', 'list'],
        ['deb http://x.example/debian\n', 'list'],
        ['deb-foo http://x.example/ bookworm main\n', 'list'],
        ['Types: deb\nSuites: noble\nComponents: main\n', 'deb822'],
        ['Types: deb\nURIs: http://x.example/\nSuites: noble\n', 'deb822'],
      ];
      for (const [text, format] of bad) {
        assert.ok('error' in aptReads(text, format), `apt accepted ${JSON.stringify(text)}`);
        assert.deepEqual(oursRead(text, format), { error: 'EditError' }, text);
      }
    });
  },
);
