import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { EditError } from './errors';
import { yamlGet, yamlParse, yamlSet } from './yaml';
import { commentTextArb, eolArb, onlyEol, render, urlArb } from './testkit';

const BERRY = [
  '# yarn berry, by hand',
  'enableTelemetry: false   # no thanks',
  "npmRegistryServer: 'https://registry.yarnpkg.com'",
  'npmScopes:',
  '  corp:',
  '    npmRegistryServer: "https://npm.corp.example"',
  '    npmAuthToken: "${CORP_TOKEN}"',
  '',
  'unsafeHttpWhitelist:',
  '  - localhost',
  '',
].join('\r\n');

describe('YAML examples (.yarnrc.yml, pnpm config.yaml)', () => {
  it('reads a top-level string; a nested key of the same name is not it', () => {
    assert.equal(yamlGet(BERRY, 'npmRegistryServer'), 'https://registry.yarnpkg.com');
    assert.equal(yamlGet(BERRY, 'registry'), undefined);
    assert.equal(yamlGet('', 'registry'), undefined);
    assert.equal(yamlGet('# only a comment\n', 'registry'), undefined);
  });

  it('replaces in place, keeping the quote style, comments, scopes and CRLF', () => {
    const out = yamlSet(BERRY, 'npmRegistryServer', 'https://registry.npmmirror.com');
    assert.equal(out, BERRY.replace("'https://registry.yarnpkg.com'", "'https://registry.npmmirror.com'"));
    assert.equal(
      yamlSet(out, 'npmRegistryServer', 'https://registry.yarnpkg.com'),
      BERRY,
      'setting the old value back gives the original bytes',
    );
  });

  it("adds a missing key as the last line, in the file's line ending; a file without a final newline gets one first", () => {
    assert.equal(yamlSet(BERRY, 'registry', 'https://r.example/'), `${BERRY}registry: "https://r.example/"\r\n`);
    assert.equal(yamlSet('a: 1', 'registry', 'https://r.example/'), 'a: 1\nregistry: "https://r.example/"\n');
    assert.equal(yamlSet('', 'registry', 'https://r.example/', { eol: '\r\n' }), 'registry: "https://r.example/"\r\n');
    assert.equal(yamlSet('\uFEFFa: 1\n', 'registry', 'x'), '\uFEFFa: 1\nregistry: "x"\n');
  });

  it('a no-op returns the text itself', () => {
    assert.equal(yamlSet(BERRY, 'npmRegistryServer', 'https://registry.yarnpkg.com'), BERRY);
  });

  it('a flow mapping at the top is edited through the Document API and still reads right', () => {
    const out = yamlSet('{ a: 1, registry: old }\n', 'registry', 'https://r.example/');
    assert.deepEqual(yamlParse(out), { a: 1, registry: 'https://r.example/' });
  });

  it("refuses malformed files with the line, column and the parser's reason", () => {
    const bad = [
      'registry: "https://a/"\n  - nope: [\n',
      'a: 1\na: 2\n',
      'a: 1\n---\nb: 2\n',
      '- a\n- b\n',
      'registry:\n  url: x\n',
    ];
    for (const text of bad.slice(0, 4)) {
      assert.throws(
        () => yamlSet(text, 'registry', 'x'),
        (e: unknown) => e instanceof EditError && e.code === 'error.malformed-config' && e.reason.length > 0,
        text,
      );
    }
    assert.throws(() => yamlGet(bad[4]!, 'registry'), /is a object, not a string/);
    assert.throws(
      () => yamlGet('a: 1\na: 2\n', 'a'),
      (e: unknown) => e instanceof EditError && /^line 2, column 1: /.test(e.reason),
    );
  });
});

describe('YAML edit properties', () => {
  const keyArb = fc.constantFrom('registry', 'npmRegistryServer');
  const otherArb = fc.array(
    fc.oneof(
      commentTextArb.map((c) => `#${c}`),
      fc.constant(''),
      fc
        .tuple(fc.constantFrom('store-dir', 'enableTelemetry', 'nodeLinker'), fc.stringMatching(/^[a-z0-9]{1,8}$/))
        .map(([k, v]) => `${k}: ${v}`),
    ),
    { maxLength: 6 },
  );

  it('only the key changes, line endings stay, and setting the old value back restores every byte', () => {
    fc.assert(
      fc.property(
        otherArb,
        keyArb,
        urlArb,
        urlArb,
        fc.constantFrom("'", '"', ''),
        eolArb,
        fc.boolean(),
        (others, key, oldUrl, newUrl, q, eol, finalNl) => {
          // Keys of `others` are unique by construction only per name; keep one of each so the file is valid YAML.
          const seen = new Set<string>();
          const lines = others.filter((l) => {
            const k = /^([\w-]+):/.exec(l)?.[1];
            if (!k) return true;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          });
          const text = render(
            [...lines, `${key}: ${q}${oldUrl}${q}`, ...lines.filter((l) => l.startsWith('#'))],
            eol,
            finalNl,
          );
          const out = yamlSet(text, key, newUrl);
          assert.equal(yamlGet(out, key), newUrl);
          const { [key]: _a, ...restBefore } = yamlParse(text);
          const { [key]: _b, ...restAfter } = yamlParse(out);
          assert.deepEqual(restAfter, restBefore);
          assert.ok(onlyEol(out, eol) || !/[\r\n]/.test(text));
          assert.equal(yamlSet(out, key, oldUrl), text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
