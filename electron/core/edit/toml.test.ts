import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { EditError } from './errors';
import { type Eol } from './eol';
import { tomlGet, tomlParse, tomlSet, type TomlUpdate } from './toml';
import { encodeTomlKey, encodeTomlString } from './toml-text';
import { commentTextArb, eolArb, hasTool, onlyEol, render, runTool } from './testkit';

const CARGO = [
  '# Cargo configuration',
  '[source.crates-io]',
  "replace-with = 'ustc' # set by hand",
  '',
  '[source.ustc]',
  'registry = "sparse+https://mirrors.ustc.edu.cn/crates.io-index/"',
  '',
  '[net]',
  'git-fetch-with-cli = true',
  "retry = 3 # 'flaky' network",
  '',
].join('\r\n');

const MIRROR: TomlUpdate[] = [
  { path: ['source', 'crates-io', 'replace-with'], value: 'mirror' },
  { path: ['source', 'mirror', 'registry'], value: 'sparse+https://rsproxy.cn/index/' },
  { path: ['registries', 'mirror', 'index'], value: 'sparse+https://rsproxy.cn/index/' },
];

describe('TOML examples (cargo config.toml)', () => {
  it('reads values and tables', () => {
    assert.equal(tomlGet(CARGO, ['source', 'crates-io', 'replace-with']), 'ustc');
    assert.equal(tomlGet(CARGO, ['net', 'git-fetch-with-cli']), true);
    assert.equal(tomlGet(CARGO, ['source', 'nope', 'registry']), undefined);
    assert.deepEqual(Object.keys(tomlGet(CARGO, ['source']) as object), ['crates-io', 'ustc']);
  });

  it('replaces in place (a literal stays literal), adds tables at the end, keeps comments and CRLF', () => {
    const out = tomlSet(CARGO, MIRROR);
    const expected =
      CARGO.replace("replace-with = 'ustc'", "replace-with = 'mirror'") +
      '\r\n[source.mirror]\r\nregistry = "sparse+https://rsproxy.cn/index/"\r\n\r\n[registries.mirror]\r\nindex = "sparse+https://rsproxy.cn/index/"\r\n';
    assert.equal(out, expected);
  });

  it('undoing the edit gives back the original bytes (emptied tables go, cargo rejects an empty [source.x])', () => {
    const out = tomlSet(CARGO, MIRROR);
    const back = tomlSet(out, [
      { path: ['source', 'crates-io', 'replace-with'], value: 'ustc' },
      { path: ['source', 'mirror', 'registry'], value: null },
      { path: ['registries', 'mirror', 'index'], value: null },
    ]);
    assert.equal(back, CARGO);
  });

  it('creates a new file with the requested line ending; a no-op returns the same string', () => {
    assert.equal(
      tomlSet('', MIRROR.slice(0, 2), { eol: '\r\n' }),
      '[source.crates-io]\r\nreplace-with = "mirror"\r\n\r\n[source.mirror]\r\nregistry = "sparse+https://rsproxy.cn/index/"\r\n',
    );
    assert.equal(tomlSet(CARGO, [{ path: ['source', 'crates-io', 'replace-with'], value: 'ustc' }]), CARGO);
    assert.equal(tomlSet('', [{ path: ['source', 'crates-io', 'replace-with'], value: null }]), '');
  });

  it('handles dotted keys, inline tables, quoted keys and a BOM', () => {
    const dotted = '[source]\ncrates-io.replace-with = "a" # keep\n';
    assert.equal(tomlSet(dotted, [MIRROR[0]!]), '[source]\ncrates-io.replace-with = "mirror" # keep\n');
    const inline = 'source.crates-io = { replace-with = "a" }\n';
    assert.equal(
      tomlGet(tomlSet(inline, MIRROR), ['source', 'mirror', 'registry']),
      'sparse+https://rsproxy.cn/index/',
    );
    assert.equal(tomlGet(tomlSet(inline, MIRROR), ['source', 'crates-io', 'replace-with']), 'mirror');
    const quoted = tomlSet('', [{ path: ['a.b', 'c d'], value: 'x"y' }]);
    assert.equal(quoted, '["a.b"]\n"c d" = "x\\"y"\n');
    assert.equal(tomlGet(quoted, ['a.b', 'c d']), 'x"y');
    // Keys inside inline tables go through the library's patch(), fed LF and given CRLF back.
    const crlfInline =
      '# top\r\nsource.crates-io = { replace-with = "a", x = "y" } # keep\r\n# c\r\n[net]\r\nretry = 2\r\n';
    assert.equal(
      tomlSet(crlfInline, [{ path: ['source', 'crates-io', 'replace-with'], value: null }]),
      crlfInline.replace('replace-with = "a", ', ''),
    );
    const bom = tomlSet('\uFEFF[net]\nretry = 2\n', [MIRROR[0]!]);
    assert.ok(bom.startsWith('\uFEFF[net]\nretry = 2\n\n[source.crates-io]'));
  });

  it('rejects broken TOML with the parser’s line and column, and conflicting shapes', () => {
    const bad: [string, RegExp][] = [
      ['[source.crates-io\nreplace-with = "x"\n', /^line 2, column 1: Table header must be single-line$/],
      ['[net]\nretry = \n', /^line 2, column 1: Expected value/],
      ['[a]\nx = 1\n[a]\n', /^line 3, column 1: Table already defined: a$/],
      ['a = "unterminated\n', /^line 1, column 18: Newline \(0x0A\) not allowed in basic strings$/],
    ];
    for (const [text, reason] of bad) {
      for (const f of [() => tomlParse(text), () => tomlSet(text, MIRROR)]) {
        assert.throws(
          f,
          (e: unknown) => e instanceof EditError && e.params.format === 'TOML' && reason.test(String(e.params.reason)),
          text,
        );
      }
    }
    assert.throws(
      () => tomlSet('source = "x"\n', MIRROR),
      (e: unknown) => e instanceof EditError && /'source' is a value, not a table/.test(e.reason),
    );
    assert.throws(
      () => tomlSet('[source]\ncrates-io = { a = 1 }\n', [{ path: ['source', 'crates-io'], value: 'x' }]),
      /'source.crates-io' is a table, not a value/,
    );
  });
});

// ---- properties ----

type Val = { kind: 'str'; value: string; literal: boolean } | { kind: 'raw'; text: string };
interface Entry {
  key: string;
  val: Val;
  comment?: string;
}
interface Tbl {
  path: string[];
  entries: Entry[];
}
interface Doc {
  root: Entry[];
  tables: Tbl[];
  filler: string[];
  eol: Eol;
  finalNewline: boolean;
}

const strArb = fc.string({ maxLength: 15 });
const valArb: fc.Arbitrary<Val> = fc.oneof(
  fc.record({ kind: fc.constant('str' as const), value: strArb, literal: fc.boolean() }),
  fc.record({
    kind: fc.constant('raw' as const),
    text: fc.constantFrom('true', 'false', '3', '1.5', '[1, 2]', '{ a = 1 }', '"""multi\nline"""'),
  }),
);
const keyArb = fc.oneof(
  fc.stringMatching(/^k[a-z-]{0,6}$/),
  fc.constantFrom('k.dot', 'k space', 'replace-with', 'registry', 'constructor'),
);
const entriesArb = fc.uniqueArray(
  fc.record({ key: keyArb, val: valArb, comment: fc.option(commentTextArb, { nil: undefined }) }),
  { selector: (e) => e.key, maxLength: 4 },
);
const TABLES = [['source', 'crates-io'], ['source', 'mirror'], ['net'], ['http'], ['registries', 'mirror'], ['build']];
const docArb: fc.Arbitrary<Doc> = fc.record({
  root: entriesArb,
  tables: fc.uniqueArray(fc.record({ path: fc.constantFrom(...TABLES), entries: entriesArb }), {
    selector: (t) => t.path.join('.'),
    maxLength: 4,
  }),
  filler: fc.array(
    fc.oneof(
      fc.constant(''),
      commentTextArb.map((t) => `#${t}`),
    ),
    { maxLength: 6 },
  ),
  eol: eolArb,
  finalNewline: fc.boolean(),
});

function valText(v: Val): string {
  if (v.kind === 'raw') return v.text;
  return encodeTomlString(v.value, v.literal ? "'" : undefined);
}

function renderDoc(d: Doc): string {
  const lines: string[] = [];
  let f = 0;
  const entry = (e: Entry) => {
    const x = d.filler[f++];
    if (x !== undefined) lines.push(x);
    lines.push(`${encodeTomlKey(e.key)} = ${valText(e.val)}${e.comment === undefined ? '' : ` # C:${e.comment}`}`);
  };
  d.root.forEach(entry);
  for (const t of d.tables) {
    if (lines.length > 0) lines.push('');
    lines.push(`[${t.path.map(encodeTomlKey).join('.')}]`);
    t.entries.forEach(entry);
  }
  // The multi-line string spans two lines: split it so that they get the file's line ending too.
  return render(
    lines.flatMap((l) => l.split('\n')),
    d.eol,
    d.finalNewline,
  );
}

const pathArb = (d: Doc) => {
  const tables = [[], ...d.tables.map((t) => t.path), ['zz', 'new']];
  const existing = [
    ...d.root.map((e) => [e.key]),
    ...d.tables.flatMap((t) => t.entries.map((e) => [...t.path, e.key])),
  ];
  const fresh = fc.tuple(fc.constantFrom(...tables), keyArb).map(([t, k]) => [...t, k]);
  return existing.length > 0 ? fc.oneof(fc.constantFrom(...existing), fresh) : fresh;
};
const caseArb = docArb.chain((d) => fc.tuple(fc.constant(d), pathArb(d), strArb)).filter(([d, p]) => settable(d, p));

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Plain JSON data with empty tables dropped (removing a table's last key may remove its header). */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (!isTable(v)) return v;
  const entries = Object.entries(v).map(([k, x]) => [k, prune(x)] as const);
  return Object.fromEntries(entries.filter(([, x]) => !(isTable(x) && Object.keys(x).length === 0)));
}

/** The parsed document without `path`. */
function without(text: string, p: string[]): unknown {
  const doc = JSON.parse(JSON.stringify(tomlParse(text))) as Record<string, unknown>;
  let node: unknown = doc;
  for (const k of p.slice(0, -1)) node = isTable(node) ? node[k] : undefined;
  if (isTable(node)) delete node[p[p.length - 1]!];
  return prune(doc);
}

/** The model entry at `p`, if the generated document has one. */
function entryAt(d: Doc, p: string[]): Entry | undefined {
  const table =
    p.length === 1 ? { entries: d.root } : d.tables.find((t) => t.path.join('.') === p.slice(0, -1).join('.'));
  return table?.entries.find((e) => e.key === p[p.length - 1]);
}

/** Targets hold a value, not a table (setting a string over a table is refused, tested above). */
function settable(d: Doc, p: string[]): boolean {
  const e = entryAt(d, p);
  return !(e?.val.kind === 'raw' && e.val.text.startsWith('{'));
}
const fitsLiteral = (v: string) => ![...v].some((c) => c === "'" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const commentLines = (text: string) => text.split(/\r?\n/).filter((l) => /^\s*#/.test(l));

describe('TOML properties', () => {
  it('the generator model reads back', () => {
    fc.assert(
      fc.property(docArb, (d) => {
        const text = renderDoc(d);
        for (const t of d.tables)
          for (const e of t.entries)
            if (e.val.kind === 'str') assert.equal(tomlGet(text, [...t.path, e.key]), e.val.value);
      }),
    );
  });

  it('(a) set then get returns the value', () => {
    fc.assert(
      fc.property(caseArb, ([d, p, v]) => assert.equal(tomlGet(tomlSet(renderDoc(d), [{ path: p, value: v }]), p), v)),
    );
  });

  it('(b) canonical file (strings written as tomlSet writes them, no trailing blank line), target table absent or holding a key: set then set back (null if absent) is byte-identical', () => {
    fc.assert(
      fc.property(caseArb, ([d, p, v]) => {
        const text = renderDoc(d);
        const table = d.tables.find((t) => t.path.join('.') === p.slice(0, -1).join('.'));
        fc.pre(!table || table.entries.length > 0);
        const orig = tomlGet(text, p);
        fc.pre(orig === undefined || typeof orig === 'string');
        // A '…' literal is kept only while the value fits one; otherwise it becomes "…" for good.
        const e = entryAt(d, p);
        fc.pre(e?.val.kind !== 'raw');
        fc.pre(!(e?.val.kind === 'str' && e.val.literal) || fitsLiteral(v));
        const once = tomlSet(text, [{ path: p, value: v }]);
        assert.equal(tomlSet(once, [{ path: p, value: (orig as string | undefined) ?? null }]), text);
      }),
    );
  });

  it('(c) only the target key changes: the rest of the document and every comment line are unchanged', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ([d, p, v], remove) => {
        const text = renderDoc(d);
        const out = tomlSet(text, [{ path: p, value: remove ? null : v }]);
        assert.deepEqual(without(out, p), without(text, p));
        assert.deepEqual(commentLines(out), commentLines(text));
        // Trailing comments (marked `# C:`) all survive, except the removed key's own.
        const marks = (t: string): string[] => [...(t.match(/# C:[^\r\n]*/g) ?? [])].sort();
        const gone = remove ? entryAt(d, p)?.comment : undefined;
        const expected = marks(text);
        if (gone !== undefined) expected.splice(expected.indexOf(`# C:${gone}`), 1);
        assert.deepEqual(marks(out), expected);
      }),
    );
  });

  it('(d) CRLF in → CRLF out with no stray LF (and LF stays LF)', () => {
    fc.assert(
      fc.property(caseArb, ([d, p, v]) =>
        assert.ok(onlyEol(tomlSet(renderDoc(d), [{ path: p, value: v }], { eol: d.eol }), d.eol)),
      ),
    );
  });
});

describe('TOML against cargo', { skip: hasTool('cargo') ? false : 'cargo is not installed' }, () => {
  it('cargo reads the mirror config tomlSet wrote, accepts it, and accepts the restored file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-cargo-'));
    try {
      const home = path.join(dir, 'home');
      const proj = path.join(dir, 'proj');
      mkdirSync(home);
      mkdirSync(path.join(proj, 'src'), { recursive: true });
      writeFileSync(path.join(proj, 'Cargo.toml'), '[package]\nname = "mk"\nversion = "0.1.0"\nedition = "2021"\n');
      writeFileSync(path.join(proj, 'src', 'main.rs'), 'fn main() {}\n');
      const env = { ...process.env, CARGO_HOME: home, RUSTC_BOOTSTRAP: '1' };
      const out = tomlSet(CARGO, MIRROR);
      writeFileSync(path.join(home, 'config.toml'), out);
      const get = runTool('cargo', ['-Zunstable-options', 'config', 'get', '--format', 'json-value', 'source'], {
        env,
        cwd: dir,
      });
      assert.equal(get.code, 0, get.stderr);
      assert.deepEqual(JSON.parse(get.stdout), JSON.parse(JSON.stringify(tomlGet(out, ['source']))));
      const lock = () => runTool('cargo', ['generate-lockfile', '--offline'], { env, cwd: proj });
      const ok = lock();
      assert.equal(ok.code, 0, ok.stderr);
      const restored = tomlSet(out, [
        { path: ['source', 'crates-io', 'replace-with'], value: null },
        { path: ['source', 'mirror', 'registry'], value: null },
        { path: ['registries', 'mirror', 'index'], value: null },
      ]);
      writeFileSync(path.join(home, 'config.toml'), restored);
      const again = lock();
      assert.equal(again.code, 0, again.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
