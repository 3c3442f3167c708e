import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { aptRewrite } from './apt';
import { EditError } from './errors';
import { goEnvSet } from './goenv';
import { iniSet } from './ini';
import { jsonSet } from './json';
import { npmrcSet } from './npmrc';
import { tomlSet } from './toml';

const BOM = '\ufeff';

function refusal(fn: () => unknown, tool: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof EditError);
    assert.equal(
      err.reason,
      `line 1: the file starts with a UTF-8 byte-order mark (BOM), which ${tool} cannot read; save it as UTF-8 without BOM`,
    );
    return true;
  });
}

describe('one BOM rule', () => {
  it('refuses, with one message, the formats whose tool cannot read a BOM (pip, go, apt both formats)', () => {
    refusal(() => iniSet(`${BOM}[global]\nindex-url = https://a/\n`, 'global', 'index-url', 'https://b/'), 'pip');
    refusal(() => goEnvSet(`${BOM}GOPROXY=https://a\n`, 'GOPROXY', 'https://b'), 'go');
    refusal(
      () => aptRewrite(`${BOM}deb http://a.example/debian bookworm main\n`, 'list', () => 'http://b.example/debian'),
      'apt',
    );
    refusal(
      () =>
        aptRewrite(
          `${BOM}Types: deb\nURIs: http://a.example/debian\nSuites: bookworm\nComponents: main\n`,
          'deb822',
          () => 'http://b.example/debian',
        ),
      'apt',
    );
  });

  it('accepts and keeps the BOM where the tool reads past it (npm, cargo, dockerd)', () => {
    assert.equal(npmrcSet(`${BOM}registry=https://a/\n`, 'registry', 'https://b/'), `${BOM}registry=https://b/\n`);
    assert.ok(
      tomlSet(`${BOM}[net]\ngit-fetch-with-cli = true\n`, [
        { path: ['source', 'crates-io', 'replace-with'], value: 'mirrorkit' },
      ]).startsWith(`${BOM}[net]`),
    );
    assert.ok(
      jsonSet(`${BOM}{\n  "debug": true\n}\n`, ['registry-mirrors'], ['https://m.example']).startsWith(`${BOM}{`),
    );
  });
});
