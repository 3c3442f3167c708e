import assert from 'node:assert/strict';
import { test } from 'node:test';

import { mask, maskSecrets } from './secrets';

test('npm tokens, scoped or not, are masked to their last four characters', () => {
  const npmrc =
    '; corp\r\n//npm.corp.example/:_authToken=npm_abcdefghijklmnop1234\r\n_auth=dXNlcjpwYXNzd29yZA==\r\nalways-auth=true\r\nregistry=https://registry.npmmirror.com/\r\n';
  assert.equal(
    maskSecrets(npmrc),
    '; corp\r\n//npm.corp.example/:_authToken=****1234\r\n_auth=****ZA==\r\nalways-auth=true\r\nregistry=https://registry.npmmirror.com/\r\n',
  );
});

test('URL credentials, cargo and yarn tokens, pip passwords, Maven and NuGet XML', () => {
  assert.equal(
    maskSecrets('index-url = https://alice:s3cretpassw0rd@pypi.corp.example/simple'),
    'index-url = https://alice:****w0rd@pypi.corp.example/simple',
  );
  assert.equal(maskSecrets('token = "cio_0123456789abcdef"'), 'token = "****cdef"');
  assert.equal(maskSecrets('npmAuthToken: npm_zyxwvutsrqponm9876'), 'npmAuthToken: ****9876');
  assert.equal(maskSecrets('password = hunter2'), 'password = ****');
  assert.equal(maskSecrets('    <password>{MavenEncryptedPassword=}</password>'), '    <password>****rd=}</password>');
  assert.equal(
    maskSecrets('<add key="ClearTextPassword" value="correct horse battery" />'),
    '<add key="ClearTextPassword" value="****tery" />',
  );
});

test('nothing else changes: comments, registries, booleans', () => {
  const text =
    '# token=this is a comment\n[global]\nindex-url = https://mirrors.aliyun.com/pypi/simple/\nstrict-ssl=false\n';
  assert.equal(maskSecrets(text), text);
  assert.equal(mask('short'), '****');
});
