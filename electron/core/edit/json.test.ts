import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { EditError } from './errors';
import { type Eol } from './eol';
import { jsonParseStrict, jsonSet, type JsonPath } from './json';
import { eolArb, onlyEol, urlArb } from './testkit';

const DAEMON = [
  '{',
  '\t"builder": {',
  '\t\t"gc": {',
  '\t\t\t"defaultKeepStorage": "20GB",',
  '\t\t\t"enabled": true',
  '\t\t}',
  '\t},',
  '\t"experimental": false,',
  '\t"features": { "buildkit": true }',
  '}',
  '',
].join('\r\n');

const MIRRORS = ['https://docker.m.daocloud.io', 'https://mirror.ccs.tencentyun.com'];

describe('JSON examples (daemon.json)', () => {
  it('adds registry-mirrors with the file’s tabs and CRLF, leaving every other byte alone', () => {
    const out = jsonSet(DAEMON, ['registry-mirrors'], MIRRORS);
    const added =
      '\t"features": { "buildkit": true },\r\n\t"registry-mirrors": [\r\n\t\t"https://docker.m.daocloud.io",\r\n\t\t"https://mirror.ccs.tencentyun.com"\r\n\t]\r\n}';
    assert.equal(out, DAEMON.replace('\t"features": { "buildkit": true }\r\n}', added));
    assert.equal(jsonSet(out, ['registry-mirrors'], undefined), DAEMON);
  });

  it('replaces an existing value in the style it was written (one line stays one line)', () => {
    const text = '{\n    "registry-mirrors": ["https://old.example"],\n    "debug": true\n}\n';
    assert.equal(
      jsonSet(text, ['registry-mirrors'], MIRRORS),
      `{\n    "registry-mirrors": ["${MIRRORS[0]}", "${MIRRORS[1]}"],\n    "debug": true\n}\n`,
    );
    assert.equal(jsonSet(text, ['registry-mirrors'], ['https://old.example']), text, 'a no-op returns the same string');
  });

  it('creates nested objects, deletes members with their commas, and keeps a BOM', () => {
    const nested = jsonSet('{\n  "a": 1\n}', ['features', 'containerd-snapshotter'], true);
    assert.equal(nested, '{\n  "a": 1,\n  "features": {\n    "containerd-snapshotter": true\n  }\n}');
    assert.equal(jsonSet('{"a": 1, "b": 2, "c": 3}', ['b'], undefined), '{"a": 1, "c": 3}');
    assert.equal(jsonSet('{"a": 1, "b": 2}', ['b'], undefined), '{"a": 1}');
    assert.equal(jsonSet('\uFEFF{"a": 1}', ['b'], 2), '\uFEFF{"a": 1, "b": 2}');
    assert.equal(jsonSet('{"a": [1, 2]}', ['a', 1], 3), '{"a": [1, 3]}');
    assert.equal(jsonSet('{"a": [1, 2]}', ['a', 2], 3), '{"a": [1, 2, 3]}');
  });

  it('treats empty or blank text as {} and writes a new file with the requested line ending', () => {
    assert.equal(
      jsonSet('', ['registry-mirrors'], MIRRORS.slice(0, 1), { eol: '\r\n' }),
      '{\r\n  "registry-mirrors": [\r\n    "https://docker.m.daocloud.io"\r\n  ]\r\n}\r\n',
    );
    assert.equal(jsonSet('  \n', ['x'], undefined), '  \n');
    assert.deepEqual(jsonParseStrict(''), {});
  });

  it('refuses what dockerd refuses: comments, trailing commas, a non-object top level', () => {
    const bad: [string, RegExp][] = [
      ['{\n  "a": 1,\n}\n', /^line 3, column 1: trailing comma before '}'$/],
      ['{\n  // mirrors\n  "a": 1\n}', /^line 2, column 3: comments are not allowed in strict JSON$/],
      ['{"a": [1, 2,]}', /^line 1, column 13: trailing comma before ']'$/],
      ['["https://m"]', /^the top level is an array, not an object$/],
      ['{"a" 1}', /^line 1, column 6: colon expected/],
      ['{"a": 1} {', /^line 1, column 10: /],
    ];
    for (const [text, reason] of bad) {
      for (const f of [() => jsonParseStrict(text), () => jsonSet(text, ['registry-mirrors'], MIRRORS)]) {
        assert.throws(
          f,
          (e: unknown) => e instanceof EditError && e.params.format === 'JSON' && reason.test(String(e.params.reason)),
          text,
        );
      }
    }
    assert.throws(
      () => jsonSet('{"a": "s"}', ['a', 'b'], 1),
      (e: unknown) => e instanceof EditError && e.reason === '"a" is a string, not an object',
    );
  });
});

// ---- properties: documents written the way jsonSet writes them ----

const nameArb = fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__');
const keyArb = fc.oneof(
  fc.constantFrom('registry-mirrors', 'features', 'builder', 'debug', 'insecure-registries', 'log-opts'),
  nameArb,
);
const leafArb = fc.oneof(fc.boolean(), fc.integer(), fc.string({ maxLength: 10 }), urlArb, fc.constant(null));
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: leafArb },
  { weight: 1, arbitrary: fc.array(leafArb, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nameArb, leafArb, { maxKeys: 3 }) },
);
const docArb = fc.record({
  obj: fc.dictionary(keyArb, valueArb, { maxKeys: 5 }),
  unit: fc.constantFrom('  ', '    ', '\t'),
  eol: eolArb,
  finalNewline: fc.boolean(),
});
type Doc = { obj: Record<string, unknown>; unit: string; eol: Eol; finalNewline: boolean };

function renderDoc(d: Doc): string {
  const body = JSON.stringify(d.obj, null, d.unit).replace(/\n/g, d.eol);
  return body + (d.finalNewline ? d.eol : '');
}

const pathArb = (d: Doc): fc.Arbitrary<JsonPath> => {
  const keys = Object.keys(d.obj);
  const top = keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), keyArb) : keyArb;
  return fc.oneof(
    top.map((k) => [k]),
    fc.tuple(top, nameArb).map(([a, b]) => [a, b]),
  );
};
/** Paths that go through an existing non-object are refused by design (tested above). */
const reachable = (d: Doc, p: JsonPath) =>
  p.length === 1 ||
  d.obj[p[0] as string] === undefined ||
  (typeof d.obj[p[0] as string] === 'object' &&
    !Array.isArray(d.obj[p[0] as string]) &&
    d.obj[p[0] as string] !== null);
const caseArb = docArb
  .chain((d) => fc.tuple(fc.constant(d as Doc), pathArb(d as Doc), valueArb))
  .filter(([d, p]) => reachable(d, p));

function at(doc: unknown, p: JsonPath): unknown {
  return p.reduce<unknown>(
    (n, k) =>
      n && typeof n === 'object' && Object.prototype.hasOwnProperty.call(n, k)
        ? (n as Record<string, unknown>)[k]
        : undefined,
    doc,
  );
}
function withoutPath(doc: unknown, p: JsonPath): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const parent = at(copy, p.slice(0, -1));
  if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[p[p.length - 1] as string];
  return copy;
}

describe('JSON properties', () => {
  it('(a) set then read returns the value', () => {
    fc.assert(
      fc.property(caseArb, ([d, p, v]) =>
        assert.deepEqual(at(jsonParseStrict(jsonSet(renderDoc(d), p, v)), p), JSON.parse(JSON.stringify(v))),
      ),
    );
  });

  it('(b) in a file written as JSON.stringify(obj, null, indent) does, set then set back (delete if absent) is byte-identical', () => {
    fc.assert(
      fc.property(caseArb, ([d, p, v]) => {
        const text = renderDoc(d);
        const orig = at(jsonParseStrict(text), p);
        // A whole new parent object is created on the way; deleting the key leaves it in place (empty).
        fc.pre(p.length === 1 || at(d.obj, p.slice(0, -1)) !== undefined);
        assert.equal(jsonSet(jsonSet(text, p, v), p, orig), text);
      }),
    );
  });

  it('(c) only the target member changes: the rest of the document reads the same', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ([d, p, v], remove) => {
        const text = renderDoc(d);
        const out = jsonSet(text, p, remove ? undefined : v);
        const expected = withoutPath(d.obj, p) as Record<string, unknown>;
        // Setting a.b where a is absent creates a.
        if (!remove && p.length === 2 && d.obj[p[0] as string] === undefined) expected[p[0] as string] = {};
        assert.deepEqual(withoutPath(jsonParseStrict(out), p), expected);
      }),
    );
  });

  it('(d) CRLF in → CRLF out with no stray LF (and LF stays LF)', () => {
    fc.assert(
      fc.property(caseArb, ([d, p, v]) => {
        assert.ok(onlyEol(jsonSet(renderDoc(d), p, v, { eol: d.eol }), d.eol));
      }),
    );
  });
});
