import assert from 'node:assert/strict';
import { test } from 'node:test';

import { condaMirrorBase, condaSetMirror } from './condarc';
import { EditError } from './errors';

const T = 'https://mirrors.tuna.tsinghua.edu.cn/anaconda/';

test('a new .condarc gets the mirror guides form', () => {
  const out = condaSetMirror('', T);
  assert.equal(
    out,
    `default_channels:\n  - ${T}pkgs/main\n  - ${T}pkgs/r\n  - ${T}pkgs/msys2\ncustom_channels:\n  conda-forge: ${T}cloud\n  pytorch: ${T}cloud\nchannels:\n  - defaults\nshow_channel_urls: true\n`,
  );
  assert.equal(condaMirrorBase(out), T);
});

test('comments, other channels and settings stay; CRLF stays; the same mirror again changes nothing', () => {
  const text =
    '# my conda\r\nchannels:\r\n  - conda-forge\r\n  - defaults\r\nssl_verify: true  # corp proxy\r\ncustom_channels:\r\n  bioconda: https://conda.corp.example/bioconda\r\n';
  const out = condaSetMirror(text, T);
  assert.match(
    out,
    /^# my conda\r\nchannels:\r\n {2}- conda-forge\r\n {2}- defaults\r\nssl_verify: true # corp proxy\r\n/,
  );
  assert.match(out, /bioconda: https:\/\/conda\.corp\.example\/bioconda\r\n/);
  assert.ok(!/[^\r]\n/.test(out), 'every line ends in CRLF');
  assert.equal(condaSetMirror(out, T), out);
});

test('back to Anaconda: the mirror keys go, the user own custom channels stay', () => {
  const mirrored = condaSetMirror('custom_channels:\n  bioconda: https://conda.corp.example/bioconda\n', T);
  const back = condaSetMirror(mirrored, null);
  assert.equal(condaMirrorBase(back), undefined);
  assert.match(back, /bioconda: https:\/\/conda\.corp\.example\/bioconda/);
  assert.doesNotMatch(back, /tuna/);
});

test('back to Anaconda with no .condarc, or one of comments only: nothing to write', () => {
  assert.equal(condaSetMirror('', null), '');
  assert.equal(condaSetMirror('# nothing yet\n', null), '# nothing yet\n');
  assert.equal(condaMirrorBase(condaSetMirror('# nothing yet\n', T)), T);
});

test('malformed YAML and wrong shapes are refused with the reason', () => {
  assert.throws(() => condaSetMirror('channels: [defaults\n', T), EditError);
  assert.throws(() => condaSetMirror('default_channels: https://x.example\n', T), /list of URLs/);
  assert.throws(() => condaSetMirror('- a\n- b\n', T), /mapping/);
});
