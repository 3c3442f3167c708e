import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { splitLines } from './eol';
import { nvmSettingsRead, nvmSettingsSet } from './nvm-settings';
import { eolArb, render, urlArb } from './testkit';

/**
 * Fixtures from nvm-windows' own source (coreybutler/nvm-windows 5b18223): `saveSettings()` in src/nvm.go
 * (L1947-1950) writes these seven keys joined by CRLF, without a final newline; its installer (nvm.iss L458)
 * writes `root:` and `path:` with a final CRLF; examples/settings.txt uses LF. nvm-windows cannot run here.
 */
const SAVED =
  'root: C:\\Users\\li\\AppData\\Local\\nvm\r\narch: 64\r\nproxy: none\r\noriginalpath: \r\noriginalversion: \r\nnode_mirror: \r\nnpm_mirror: ';
const INSTALLER = 'root: C:\\Users\\li\\AppData\\Local\\nvm\r\npath: C:\\nvm4w\\nodejs\r\n';
const EXAMPLE =
  'root: C:\\Users\\Corey\\AppData\\Roaming\\nvm\npath: C:\\Program Files\\nodejs\narch: 64\nproxy: none\n';
const NODE = 'https://npmmirror.com/mirrors/node/';
const NPM = 'https://npmmirror.com/mirrors/npm/';
const none = () => undefined;

describe('nvm-windows settings.txt (fixtures from its source; nvm-windows itself is Windows-only)', () => {
  it('reads keys as setup() does: trimmed, split at the first colon, $VAR expanded, the last line wins', () => {
    const text =
      ' node_mirror : ignored\r\nnode_mirror: https://a.example/x:1/\r\n$K: v\r\nnpm_mirror:${M}/npm/\r\nnode_mirror:   https://b.example/  \r\nno colon';
    const env: Record<string, string> = { K: 'proxy', M: 'https://m.example' };
    const keys = nvmSettingsRead(text, (n) => env[n]);
    assert.equal(keys.node_mirror, 'https://b.example/');
    assert.equal(keys['node_mirror '], 'ignored', 'the key is not trimmed before its colon');
    assert.equal(keys.proxy, 'v');
    assert.equal(keys.npm_mirror, 'https://m.example/npm/');
    assert.equal(nvmSettingsRead(SAVED, none).node_mirror, '');
  });

  it('fills in the empty lines saveSettings() writes, keeping CRLF and the missing final newline', () => {
    const out = nvmSettingsSet(nvmSettingsSet(SAVED, 'node_mirror', NODE), 'npm_mirror', NPM);
    assert.equal(
      out,
      SAVED.replace('node_mirror: ', `node_mirror: ${NODE}`).replace(/npm_mirror: $/, `npm_mirror: ${NPM}`),
    );
    assert.equal(nvmSettingsRead(out, none).node_mirror, NODE);
    assert.equal(nvmSettingsSet(out, 'node_mirror', null), SAVED.replace(/npm_mirror: $/, `npm_mirror: ${NPM}`));
  });

  it("appends a missing key with the file's own line ending (the installer's CRLF, the example's LF)", () => {
    assert.equal(nvmSettingsSet(INSTALLER, 'node_mirror', NODE), `${INSTALLER}node_mirror: ${NODE}\r\n`);
    assert.equal(nvmSettingsSet(EXAMPLE, 'node_mirror', NODE), `${EXAMPLE}node_mirror: ${NODE}\n`);
    assert.equal(nvmSettingsSet('', 'node_mirror', NODE), `node_mirror: ${NODE}\r\n`);
    assert.equal(nvmSettingsSet(INSTALLER, 'node_mirror', null), INSTALLER, 'no key to clear: unchanged');
  });

  it('rewrites every line of the key, so no duplicate can take over, and refuses $ or line breaks', () => {
    const dup = 'node_mirror: https://old.example/\r\narch: 64\r\n  node_mirror: https://older.example/\r\n';
    assert.equal(
      nvmSettingsSet(dup, 'node_mirror', NODE),
      `node_mirror: ${NODE}\r\narch: 64\r\n  node_mirror: ${NODE}\r\n`,
    );
    assert.throws(() => nvmSettingsSet(SAVED, 'node_mirror', 'https://x.example/$HOME/'), RangeError);
    assert.throws(() => nvmSettingsSet(SAVED, 'node_mirror', 'https://x.example/\r\nproxy: evil'), RangeError);
  });

  it('property: only the lines of the key change, the value reads back, and setting it again changes nothing', () => {
    const other = fc.stringMatching(/^[a-z]{1,8}: [ -~]{0,20}$/).filter((l) => !/^(node|npm)_mirror:/.test(l));
    const line = fc.oneof(
      other,
      urlArb.map((u) => `node_mirror: ${u}`),
      fc.constant(''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), eolArb, fc.boolean(), urlArb, (lines, eol, final, url) => {
        const text = render(lines, eol, final);
        const out = nvmSettingsSet(text, 'node_mirror', url);
        assert.equal(nvmSettingsRead(out, none).node_mirror, url.trim());
        assert.equal(nvmSettingsSet(out, 'node_mirror', url), out);
        const before = splitLines(text).filter((l) => !l.body.startsWith('node_mirror:'));
        const after = splitLines(out).filter((l) => !l.body.startsWith('node_mirror:'));
        assert.deepEqual(
          after.map((l) => l.body),
          before.map((l) => l.body),
        );
        // Nothing before the first line of the key moves.
        const first = text.search(/^node_mirror:/m);
        assert.equal(out.slice(0, first < 0 ? text.length : first), text.slice(0, first < 0 ? text.length : first));
      }),
    );
  });
});
