import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { EditError } from './errors';
import { splitLines, type Eol } from './eol';
import { iniGet, iniSet, iniValidate } from './ini';
import { normKey, parseIni } from './ini-parse';
import { commentTextArb, eolArb, hasTool, onlyEol, render, runTool } from './testkit';

const PIP_INI = [
  '; pip configuration for this machine',
  '[global]',
  'index-url = https://pypi.org/simple',
  '# extra mirrors we trust',
  'trusted-host = pypi.org',
  '    files.pythonhosted.org',
  'timeout = 60',
  '',
  '; installs',
  '[install]',
  'no-cache-dir = true',
  '',
].join('\r\n');

describe('ini examples (pip.ini)', () => {
  it('reads values as pip does: case-insensitive keys, - ≡ _, continuation lines joined', () => {
    assert.equal(iniGet(PIP_INI, 'global', 'INDEX_URL'), 'https://pypi.org/simple');
    assert.equal(iniGet(PIP_INI, 'global', 'trusted_host'), 'pypi.org\nfiles.pythonhosted.org');
    assert.equal(iniGet(PIP_INI, 'Global', 'index-url'), undefined, 'section names are case-sensitive');
    assert.equal(iniGet(PIP_INI, 'install', 'timeout'), undefined);
  });

  it('replaces a value in place and keeps CRLF, comments and the other keys byte for byte', () => {
    const out = iniSet(PIP_INI, 'global', 'index-url', 'https://mirrors.aliyun.com/pypi/simple/');
    assert.equal(out, PIP_INI.replace('https://pypi.org/simple', 'https://mirrors.aliyun.com/pypi/simple/'));
  });

  it('rewrites a multi-line value, dropping its old continuation lines and reusing their indentation', () => {
    const out = iniSet(PIP_INI, 'global', 'trusted-host', 'mirrors.aliyun.com\nfiles.example.org');
    assert.equal(
      out,
      PIP_INI.replace('pypi.org\r\n    files.pythonhosted.org', 'mirrors.aliyun.com\r\n    files.example.org'),
    );
    assert.equal(
      iniSet(out, 'global', 'trusted-host', 'single'),
      PIP_INI.replace('pypi.org\r\n    files.pythonhosted.org', 'single'),
    );
  });

  it('adds a key after the last key of its section, not after the comment introducing the next one', () => {
    const out = iniSet(PIP_INI, 'global', 'retries', '3');
    assert.equal(out, PIP_INI.replace('timeout = 60\r\n', 'timeout = 60\r\nretries = 3\r\n'));
  });

  it('adds a missing section at the end after one blank line, and removes keys (leaving the header)', () => {
    const out = iniSet(PIP_INI, 'freeze', 'timeout', '10');
    assert.equal(out, `${PIP_INI}\r\n[freeze]\r\ntimeout = 10\r\n`);
    assert.equal(iniSet('[global]\nx = 1', 'install', 'y', '2'), '[global]\nx = 1\n\n[install]\ny = 2');
    const removed = iniSet(PIP_INI, 'install', 'no_cache_dir', null);
    assert.equal(removed, PIP_INI.replace('no-cache-dir = true\r\n', ''));
  });

  it('removes every spelling of a key, since the older one would take over', () => {
    const text = '[global]\nindex_url = a\nindex-url = b\n';
    assert.equal(iniGet(text, 'global', 'index-url'), 'b');
    assert.equal(iniSet(text, 'global', 'index-url', 'c'), '[global]\nindex_url = a\nindex-url = c\n');
    assert.equal(iniSet(text, 'global', 'index-url', null), '[global]\n');
  });

  it('creates a new file with the requested line ending, and returns the same string for a no-op', () => {
    assert.equal(
      iniSet('', 'global', 'index-url', 'https://m/simple', { eol: '\r\n' }),
      '[global]\r\nindex-url = https://m/simple\r\n',
    );
    assert.equal(iniSet('', 'global', 'index-url', 'https://m/simple'), '[global]\nindex-url = https://m/simple\n');
    assert.equal(iniSet(PIP_INI, 'global', 'Index_URL', 'https://pypi.org/simple'), PIP_INI);
    assert.equal(iniSet(PIP_INI, 'global', 'nothing', null), PIP_INI);
  });

  it('keeps the key spelling, delimiter and spacing of an existing line', () => {
    assert.equal(
      iniSet('[global]\n  Index_URL:http://a\n', 'global', 'index-url', 'http://b'),
      '[global]\n  Index_URL:http://b\n',
    );
    assert.equal(
      iniSet('[global]\nindex-url =\n', 'global', 'index-url', 'http://b'),
      '[global]\nindex-url = http://b\n',
    );
  });

  it('rejects values configparser would read back differently', () => {
    assert.throws(() => iniSet('', 'global', 'k', ' padded'), RangeError);
    assert.throws(() => iniSet('', 'global', 'k', 'a\n\nb'), RangeError);
    assert.throws(() => iniSet('', 'global', 'k', 'a\n# not a value'), RangeError);
    assert.throws(() => iniSet('', 'global', 'a=b', 'x'), RangeError);
    assert.throws(() => iniSet('', 'glo\nbal', 'k', 'x'), RangeError);
  });
});

describe('ini malformed input', () => {
  const cases: [string, string, RegExp][] = [
    [
      'UTF-8 BOM',
      '\uFEFF[global]\r\nindex-url = https://a\r\n',
      /^line 1: the file starts with a UTF-8 byte-order mark/,
    ],
    ['no section', 'index-url = https://a\n[global]\n', /^line 1: no section header before 'index-url = https:\/\/a'/],
    ['no delimiter', '[global]\nindex-url pypi.example\n', /^line 2: 'index-url pypi.example' is not 'key = value'/],
    ['duplicate key', '[global]\nTimeout = 1\ntimeout = 2\n', /^line 3: key 'timeout' appears twice in \[global\]/],
    ['duplicate section', '[global]\n[install]\n[global]\n', /^line 3: section \[global\] appears twice/],
    ['empty key', '[global]\n = 3\n', /^line 2: no key before '='/],
  ];
  for (const [name, text, reason] of cases) {
    it(`${name} → EditError, text never edited`, () => {
      for (const f of [
        () => iniValidate(text),
        () => iniGet(text, 'global', 'index-url'),
        () => iniSet(text, 'global', 'index-url', 'x'),
      ]) {
        assert.throws(
          f,
          (e: unknown) =>
            e instanceof EditError &&
            e.code === 'error.malformed-config' &&
            e.params.format === 'INI' &&
            reason.test(String(e.params.reason)),
        );
      }
    });
  }
});

// ---- property tests over generated canonical files ----

interface Opt {
  key: string;
  parts: string[];
}
interface Sect {
  name: string;
  opts: Opt[];
}
interface Doc {
  sections: Sect[];
  /** Comment or blank lines to put before each rendered line slot (consumed in order, cycling). */
  filler: string[];
  eol: Eol;
  finalNewline: boolean;
}

const valueArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<string[]>(['']) },
  {
    weight: 6,
    arbitrary: fc.array(fc.stringMatching(/^[A-Za-z0-9:/._=-][A-Za-z0-9:/._=#;-]{0,11}$/), {
      minLength: 1,
      maxLength: 3,
    }),
  },
);
const keyArb = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
const optsArb = fc.uniqueArray(fc.record({ key: keyArb, parts: valueArb }), {
  selector: (o) => normKey(o.key),
  maxLength: 4,
});
const fillerArb = fc.array(
  fc.oneof(
    fc.constant(''),
    commentTextArb.map((t) => `# ${t}`),
    commentTextArb.map((t) => `;${t}`),
  ),
  { maxLength: 6 },
);
const docArb: fc.Arbitrary<Doc> = fc.record({
  sections: fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), opts: optsArb }), {
    selector: (s) => s.name,
    minLength: 1,
    maxLength: 3,
  }),
  filler: fillerArb,
  eol: eolArb,
  finalNewline: fc.boolean(),
});

function optionLines(o: Opt): string[] {
  const [first = '', ...rest] = o.parts;
  return [first === '' ? `${o.key} =` : `${o.key} = ${first}`, ...rest.map((p) => `    ${p}`)];
}

function renderDoc(d: Doc): string {
  const lines: string[] = [];
  let f = 0;
  const fill = () => {
    const x = d.filler[f++];
    if (x !== undefined) lines.push(x);
  };
  fill();
  for (const s of d.sections) {
    fill();
    lines.push(`[${s.name}]`);
    for (const o of s.opts) {
      fill();
      lines.push(...optionLines(o));
    }
  }
  return render(lines, d.eol, d.finalNewline);
}

const comments = (text: string) =>
  splitLines(text)
    .filter((l) => /^\s*[#;]/.test(l.body))
    .map((l) => l.body);

/** A target: an existing key in another spelling, or a new key, in an existing or new section. */
function targetArb(d: Doc): fc.Arbitrary<{ section: string; key: string }> {
  const existing = d.sections.flatMap((s) => s.opts.map((o) => ({ section: s.name, key: o.key })));
  const respell = (k: string) => fc.constantFrom(k, k.toUpperCase(), k.replace(/-/g, '_'), k.replace(/_/g, '-'));
  const fresh = fc.record({ section: fc.constantFrom(...d.sections.map((s) => s.name), 'zzznew'), key: keyArb });
  return existing.length === 0
    ? fresh
    : fc.oneof(
        fc.constantFrom(...existing).chain((t) => respell(t.key).map((key) => ({ ...t, key }))),
        fresh,
      );
}

const caseArb = docArb.chain((d) =>
  fc.tuple(
    fc.constant(d),
    targetArb(d),
    valueArb.map((p) => p.join('\n')),
  ),
);

describe('ini properties', () => {
  it('the generator model reads back through iniGet (parser sanity)', () => {
    fc.assert(
      fc.property(docArb, (d) => {
        const text = renderDoc(d);
        for (const s of d.sections)
          for (const o of s.opts) assert.equal(iniGet(text, s.name, o.key), o.parts.join('\n'));
      }),
    );
  });

  it('(a) set then get returns the value', () => {
    fc.assert(
      fc.property(caseArb, ([d, t, v]) =>
        assert.equal(iniGet(iniSet(renderDoc(d), t.section, t.key, v), t.section, t.key), v),
      ),
    );
  });

  it('(b) in a canonical file, set then set back to the original value (null if absent) is byte-identical, when the section exists', () => {
    fc.assert(
      fc.property(caseArb, ([d, t, v]) => {
        fc.pre(d.sections.some((s) => s.name === t.section));
        const text = renderDoc(d);
        const orig = iniGet(text, t.section, t.key) ?? null;
        assert.equal(iniSet(iniSet(text, t.section, t.key, v), t.section, t.key, orig), text);
      }),
    );
  });

  it('(c) an edit changes only the target key: every other value and every comment line is unchanged', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ([d, t, v], remove) => {
        const text = renderDoc(d);
        const out = iniSet(text, t.section, t.key, remove ? null : v);
        for (const s of d.sections) {
          for (const o of s.opts) {
            if (s.name === t.section && normKey(o.key) === normKey(t.key)) continue;
            assert.equal(iniGet(out, s.name, o.key), o.parts.join('\n'));
          }
        }
        assert.deepEqual(comments(out), comments(text));
      }),
    );
  });

  it('(d) the file keeps its line ending (CRLF in → CRLF out, no stray LF); an empty file takes the eol option', () => {
    fc.assert(
      fc.property(caseArb, eolArb, ([d, t, v], optEol) => {
        const text = renderDoc(d);
        const out = iniSet(text, t.section, t.key, v, { eol: optEol });
        assert.ok(onlyEol(out, /\n/.test(text) ? d.eol : optEol), JSON.stringify(out));
      }),
    );
  });
});

// ---- Python's configparser, as pip uses it, as the oracle for the parser ----

const python = hasTool('python3');
const ORACLE = `
import configparser, json, sys
out = []
for text in json.load(sys.stdin):
    p = configparser.RawConfigParser()
    try:
        p.read_string(text.replace('\\r\\n', '\\n'))
    except configparser.Error as e:
        out.append({'error': type(e).__name__}); continue
    def norm(n):
        n = n.lower().replace('_', '-')
        return n[2:] if n.startswith('--') else n
    out.append({'sections': {s: {norm(k): v for k, v in p.items(s)} for s in p.sections()}})
print(json.dumps(out))
`;

const rawLineArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('', ' '), fc.constantFrom('global', 'install', 'x'))
      .map(([i, n]) => `${i}[${n}]`),
  },
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', ' ', '  '),
        fc.constantFrom('index-url', 'index_url', 'Timeout', '--retries', 'a'),
        fc.constantFrom('=', ' = ', ':', ' : ', '= '),
        fc.stringMatching(/^[a-z0-9:/.=# -]{0,10}$/),
      )
      .map(([i, k, d, v]) => `${i}${k}${d}${v}`),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(' ', '    ', '\t'), fc.stringMatching(/^[a-z0-9.#;:= ]{1,8}$/))
      .map(([i, v]) => i + v),
  },
  { weight: 3, arbitrary: fc.constantFrom('', '   ', '# c', '; c', '  # indented comment') },
  { weight: 1, arbitrary: fc.constantFrom('garbage', '= novalue') },
);

describe('ini parser against Python configparser', { skip: python ? false : 'python3 is not installed' }, () => {
  it('reads exactly what pip reads, and fails exactly when pip fails', () => {
    // Most samples start with a header, so that the rest of the grammar gets exercised, not only the first line.
    const sampleArb = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.array(rawLineArb, { maxLength: 12 }), eolArb);
    const texts = fc.sample(
      sampleArb.map(([h, ls, e]) => (h > 1 ? ['[global]', ...ls] : ls).join(e) + e),
      { numRuns: 400, seed: 42 },
    );
    const r = runTool('python3', ['-c', ORACLE], { input: JSON.stringify(texts) });
    assert.equal(r.code, 0, r.stderr);
    const expected = JSON.parse(r.stdout) as (
      { error: string } | { sections: Record<string, Record<string, string>> }
    )[];
    texts.forEach((text, i) => {
      const want = expected[i]!;
      let got: { error: string } | { sections: Record<string, Record<string, string>> };
      try {
        const sections: Record<string, Record<string, string>> = {};
        for (const s of parseIni(splitLines(text))) {
          sections[s.name] = {};
          for (const o of s.options) sections[s.name]![o.norm] = o.value;
        }
        got = { sections };
      } catch (e) {
        assert.ok(e instanceof EditError, String(e));
        got = { error: 'error' in want ? want.error : 'EditError' };
      }
      assert.deepEqual(got, want, JSON.stringify(text));
    });
  });
});
