import assert from 'node:assert/strict';
import { test } from 'node:test';

import { t } from '../../../shared/i18n';

import { createContext } from '../context';
import type { Exec } from '../platform/exec';

import { withPolicyCorporate } from './corporate';
import { readPolicy, type Policy } from './read';

/** Issue 18: HttpsProxy, NoProxy and CaCertificates policies, read, checked as a profile's fields, then merged. */
function regOutput(key: string, values: [string, string, string][]): string {
  return `\r\n${key.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE').replace(/^HKCU/, 'HKEY_CURRENT_USER')}\r\n${values.map(([n, t, d]) => `    ${n}    ${t}    ${d}\r\n`).join('')}\r\n`;
}

async function registry(keys: Record<string, [string, string, string][]>): Promise<Policy> {
  const exec: Exec = (_cmd, args) => {
    const v = keys[args[1] as string];
    return Promise.resolve(
      v ? { code: 0, stdout: regOutput(args[1] as string, v), stderr: '' } : { code: 1, stdout: '', stderr: '' },
    );
  };
  return readPolicy(
    createContext({ platform: 'win32', env: { SystemRoot: 'C:\\Windows', USERPROFILE: 'C:\\Users\\li' }, exec }),
  );
}

const M = 'HKLM\\SOFTWARE\\Policies\\MirrorKit';
const U = 'HKCU\\SOFTWARE\\Policies\\MirrorKit';
const R = 'HKLM\\SOFTWARE\\Policies\\MirrorKit\\Recommended';

test('registry: a proxy with credentials or shell characters, a relative or REG_SZ CA path are refused and reported; the next layer applies', async () => {
  const p = await registry({
    [M]: [
      ['HttpsProxy', 'REG_SZ', 'http://user:secret@proxy.corp.example:3128'],
      ['NoProxy', 'REG_SZ', '.corp.example, 10.0.0.0/8 ,localhost'],
      ['CaCertificates', 'REG_SZ', 'C:\\corp\\ca.pem'],
    ],
    [U]: [
      ['HttpsProxy', 'REG_SZ', 'http://proxy$(calc).corp.example:3128'],
      ['CaCertificates', 'REG_MULTI_SZ', 'corp\\ca.pem'],
    ],
    [R]: [
      ['HttpsProxy', 'REG_SZ', 'https://proxy.corp.example:3129'],
      ['NoProxy', 'REG_MULTI_SZ', 'a.example\\0$(calc)'],
      ['CaCertificates', 'REG_MULTI_SZ', 'C:\\corp\\root.pem\\0\\\\fs\\share\\issuing.pem'],
    ],
  });
  const reason = (name: string, source: string) =>
    p.entries.find((e) => e.name === name && e.source === source && e.status === 'invalid')?.reason;
  const why = (name: string, source: string, lang: 'en' | 'zh-CN' = 'en') => {
    const r = reason(name, source);
    return r && t(lang, r.code, r.params);
  };
  assert.equal(why('HttpsProxy', M), 'no user name or password in the URL');
  assert.equal(why('HttpsProxy', M, 'zh-CN'), '网址中不得含用户名或密码');
  assert.equal(why('CaCertificates', M, 'zh-CN'), '应为 REG_MULTI_SZ，实际为 REG_SZ');
  assert.equal(why('HttpsProxy', U), 'no spaces, quotes or shell metacharacters');
  assert.equal(why('CaCertificates', M), 'REG_MULTI_SZ expected, found REG_SZ');
  assert.equal(why('CaCertificates', U), 'one to 16 absolute paths of PEM files');
  assert.match(why('NoProxy', R) ?? '', /no spaces, quotes or shell characters/);
  assert.deepEqual(p.effective.HttpsProxy, {
    value: 'https://proxy.corp.example:3129',
    level: 'recommended',
    source: R,
  });
  // NoProxy as REG_SZ is read as NO_PROXY is: comma-separated.
  assert.deepEqual(p.effective.NoProxy?.value, ['.corp.example', '10.0.0.0/8', 'localhost']);
  assert.deepEqual(p.effective.CaCertificates?.value, ['C:\\corp\\root.pem', '\\\\fs\\share\\issuing.pem']);
});

const policy = (effective: Policy['effective']): Policy => ({ entries: [], effective });
const OWN = {
  https: 'http://profile.corp.example:8080',
  http: 'http://profile-http.corp.example:8080',
  noProxy: ['.own.example'],
};

test('a mandatory policy wins over the profile, the profile over a recommended one; NoProxy goes with a proxy', () => {
  const mandatory = withPolicyCorporate(
    policy({
      HttpsProxy: { value: 'https://proxy.corp.example:3129', level: 'mandatory', source: M },
      CaCertificates: { value: ['/etc/corp/ca.pem'], level: 'mandatory', source: M },
    }),
    [{ pem: '-----BEGIN CERTIFICATE-----' }],
    { ...OWN, targets: ['npm'] },
  );
  assert.deepEqual(mandatory, {
    ca: [{ file: '/etc/corp/ca.pem' }],
    // The policy has no separate http proxy: its proxy serves both, as a profile's lone `https` does.
    proxy: {
      https: 'https://proxy.corp.example:3129',
      http: 'https://proxy.corp.example:3129',
      noProxy: ['.own.example'],
      targets: ['npm'],
    },
    from: ['HttpsProxy', 'CaCertificates'],
  });
  const recommended = policy({
    HttpsProxy: { value: 'http://rec.corp.example:3128', level: 'recommended', source: R },
    NoProxy: { value: ['.rec.example'], level: 'recommended', source: R },
    CaCertificates: { value: ['/etc/corp/rec.pem'], level: 'recommended', source: R },
  });
  const pem = [{ pem: '-----BEGIN CERTIFICATE-----' }];
  assert.deepEqual(withPolicyCorporate(recommended, pem, OWN), { ca: pem, proxy: OWN, from: [] });
  assert.deepEqual(withPolicyCorporate(recommended, undefined, undefined), {
    ca: [{ file: '/etc/corp/rec.pem' }],
    proxy: { https: 'http://rec.corp.example:3128', noProxy: ['.rec.example'] },
    from: ['HttpsProxy', 'NoProxy', 'CaCertificates'],
  });
  const onlyNoProxy = policy({ NoProxy: { value: ['.x.example'], level: 'mandatory', source: M } });
  assert.deepEqual(withPolicyCorporate(onlyNoProxy, undefined, undefined), { from: [] }, 'no proxy: nothing');
  assert.deepEqual(withPolicyCorporate(policy({}), undefined, OWN), { proxy: OWN, from: [] });
});
