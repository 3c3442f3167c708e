import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Change } from '../../../shared/types/core';

import { buildBatch, validateBatch } from './batch';

const NOW = new Date('2026-01-02T03:04:05.000Z');

function env(name: string, value: string | null, extra: Partial<Record<string, unknown>> = {}): Change {
  return { kind: 'setEnv', target: 'go', name, value, scope: 'machine', before: null, admin: true, ...extra } as Change;
}

function codeOf(changes: Change[]): string | null {
  const r = buildBatch(changes, NOW);
  return r.ok ? null : r.error.code;
}

test('a batch of allowed machine changes passes', () => {
  const r = buildBatch(
    [
      env('GOPROXY', 'https://goproxy.cn,direct'),
      env('GOPROXY', 'https://goproxy.cn|https://goproxy.io|off'),
      env('GOSUMDB', 'sum.golang.google.cn'),
      env('GOSUMDB', 'sum.golang.org https://goproxy.cn/sumdb/sum.golang.org'),
      env('GOPRIVATE', '*.corp.example.com,github.com/acme/*'),
      env('PIP_INDEX_URL', 'http://10.0.0.5:3141/root/pypi/+simple/'),
      env('PIP_TRUSTED_HOST', '10.0.0.5:3141'),
      env('npm_config_registry', 'https://registry.npmmirror.com/'),
      env('RUSTUP_DIST_SERVER', 'https://rsproxy.cn'),
      env('CARGO_REGISTRIES_CRATES_IO_PROTOCOL', 'sparse'),
      env('GONOSUMDB', null),
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'ensure',
        spec: {
          name: 'MirrorKit-devpi',
          port: 3141,
          protocol: 'TCP',
          direction: 'Inbound',
          remoteAddress: 'LocalSubnet',
        },
        admin: true,
      },
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'remove',
        spec: {
          name: 'MirrorKit-devpi',
          port: 3141,
          protocol: 'UDP',
          direction: 'Outbound',
          remoteAddress: 'fd00::/8',
        },
        admin: true,
      },
      {
        kind: 'writeFile',
        target: 'pip',
        path: 'C:\\ProgramData\\pip\\pip.ini',
        before: null,
        after: '[global]\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\n',
        admin: true,
      },
    ],
    NOW,
  );
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  assert.equal(r.batch.createdAt, '2026-01-02T03:04:05.000Z');
});

test('trusted-host may only name the plain-http index host the same batch sets', () => {
  const idx = (v: string) => env('PIP_INDEX_URL', v, { target: 'pip' });
  const th = (v: string) => env('PIP_TRUSTED_HOST', v, { target: 'pip' });
  assert.equal(codeOf([idx('http://nexus.corp:8081/simple'), th('nexus.corp')]), null);
  assert.equal(codeOf([idx('http://nexus.corp:8081/simple'), th('nexus.corp:8081')]), null);
  assert.equal(codeOf([idx('http://nexus.corp:8081/simple'), th('evil.example')]), 'windows.batch-bad-value');
  assert.equal(
    codeOf([idx('http://nexus.corp:8081/simple'), th('nexus.corp evil.example')]),
    'windows.batch-bad-value',
  );
  assert.equal(
    codeOf([idx('https://mirrors.aliyun.com/pypi/simple/'), th('mirrors.aliyun.com')]),
    'windows.batch-bad-value',
  );
  assert.equal(codeOf([th('pypi.org')]), 'windows.batch-bad-value');
  assert.equal(codeOf([idx('http://nexus.corp/simple'), th('nexus.corp'), env('PIP_TRUSTED_HOST', null)]), null);
});

test('hostile and unknown inputs refuse the whole batch', () => {
  const good = env('GOPROXY', 'https://goproxy.cn,direct');
  const table: [string, Change, string][] = [
    ['PATH', env('PATH', 'C:\\evil'), 'windows.env-path-refused'],
    ['Path', env('Path', null), 'windows.env-path-refused'],
    ['GOFLAGS (toolexec)', env('GOFLAGS', '-toolexec=C:\\evil.exe'), 'windows.batch-unknown-variable'],
    ['unknown name', env('COMSPEC', 'C:\\evil.exe'), 'windows.batch-unknown-variable'],
    ['PIP_CONFIG_FILE', env('PIP_CONFIG_FILE', 'C:\\evil.ini'), 'windows.batch-unknown-variable'],
    ['$(calc)', env('GOPROXY', 'https://goproxy.cn/$(calc)'), 'windows.batch-bad-value'],
    ['a;b', env('PIP_INDEX_URL', 'https://a.example/;calc'), 'windows.batch-bad-value'],
    ['ampersand', env('NPM_CONFIG_REGISTRY', 'https://a.example/&calc'), 'windows.batch-bad-value'],
    ['newline', env('PIP_INDEX_URL', 'https://a.example/\r\nx'), 'windows.env-bad-value'],
    ['double quote', env('GOPROXY', 'https://a.example/"x'), 'windows.batch-bad-value'],
    ['single quote', env('GOPROXY', "https://a.example/'x"), 'windows.batch-bad-value'],
    ['backtick', env('GOPROXY', 'https://a.example/`x'), 'windows.batch-bad-value'],
    ['percent expansion', env('GOPROXY', 'https://a.example/%COMSPEC%'), 'windows.batch-bad-value'],
    ['file URL', env('PIP_INDEX_URL', 'file:///C:/x'), 'windows.batch-bad-value'],
    ['credentials', env('NPM_CONFIG_REGISTRY', 'https://u:p@a.example/'), 'windows.batch-bad-value'],
    ['empty GOPROXY element', env('GOPROXY', 'https://a.example,,direct'), 'windows.batch-bad-value'],
    ['GOPRIVATE with space', env('GOPRIVATE', 'a.com b.com'), 'windows.batch-bad-value'],
    ['GOPRIVATE with bracket', env('GOPRIVATE', 'a.com/[x]'), 'windows.batch-bad-value'],
    ['trusted host with scheme', env('PIP_TRUSTED_HOST', 'https://a.example'), 'windows.batch-bad-value'],
    ['protocol value', env('CARGO_REGISTRIES_CRATES_IO_PROTOCOL', 'sparse;calc'), 'windows.batch-bad-value'],
    ['> 1024 characters', env('PIP_INDEX_URL', `https://a.example/${'x'.repeat(1020)}`), 'windows.batch-malformed'],
    ['user scope', env('GOPROXY', 'https://goproxy.cn', { scope: 'user', admin: false }), 'windows.batch-malformed'],
    ['extra key', env('GOPROXY', 'https://goproxy.cn', { command: 'calc' }), 'windows.batch-malformed'],
    [
      'runTool',
      { kind: 'runTool', target: 'docker', argv: ['calc.exe'], admin: true, reason: { code: 'x' }, optional: false },
      'windows.batch-malformed',
    ],
    [
      'foreign rule name',
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'remove',
        spec: { name: 'Core Networking - DNS', port: 53, protocol: 'UDP', direction: 'Outbound' },
        admin: true,
      },
      'windows.batch-malformed',
    ],
    [
      'rule name with quote',
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'ensure',
        spec: { name: "MirrorKit'; calc", port: 80, protocol: 'TCP', direction: 'Inbound' },
        admin: true,
      },
      'windows.batch-malformed',
    ],
    [
      'port 0',
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'ensure',
        spec: { name: 'MirrorKit-x', port: 0, protocol: 'TCP', direction: 'Inbound' },
        admin: true,
      },
      'windows.batch-malformed',
    ],
    [
      'port 65536',
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'ensure',
        spec: { name: 'MirrorKit-x', port: 65536, protocol: 'TCP', direction: 'Inbound' },
        admin: true,
      },
      'windows.batch-malformed',
    ],
    [
      'protocol Any',
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'ensure',
        spec: { name: 'MirrorKit-x', port: 80, protocol: 'Any' as 'TCP', direction: 'Inbound' },
        admin: true,
      },
      'windows.batch-malformed',
    ],
    [
      'remote Any',
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'ensure',
        spec: { name: 'MirrorKit-x', port: 80, protocol: 'TCP', direction: 'Inbound', remoteAddress: 'Any' },
        admin: true,
      },
      'windows.batch-malformed',
    ],
    [
      'remote /33',
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'ensure',
        spec: { name: 'MirrorKit-x', port: 80, protocol: 'TCP', direction: 'Inbound', remoteAddress: '10.0.0.0/33' },
        admin: true,
      },
      'windows.batch-malformed',
    ],
    [
      'remote list',
      {
        kind: 'firewallRule',
        target: 'pip',
        action: 'ensure',
        spec: {
          name: 'MirrorKit-x',
          port: 80,
          protocol: 'TCP',
          direction: 'Inbound',
          remoteAddress: '10.0.0.1,0.0.0.0/0',
        },
        admin: true,
      },
      'windows.batch-malformed',
    ],
    ['GOSUMDB=off (checksums off machine-wide)', env('GOSUMDB', 'off'), 'windows.batch-bad-value'],
    ['GOSUMDB=OFF', env('GOSUMDB', 'OFF'), 'windows.batch-bad-value'],
    ['GOPRIVATE=*', env('GOPRIVATE', '*'), 'windows.batch-bad-value'],
    ['GONOSUMDB=*', env('GONOSUMDB', '*'), 'windows.batch-bad-value'],
    ['GONOSUMDB=*.com', env('GONOSUMDB', 'corp.example/*,*.com'), 'windows.batch-bad-value'],
    ['GOPRIVATE=*/*', env('GOPRIVATE', '*/*'), 'windows.batch-bad-value'],
    ['GOPRIVATE=?*.*', env('GOPRIVATE', '?*.*'), 'windows.batch-bad-value'],
    [
      'plain-http public PIP_INDEX_URL',
      env('PIP_INDEX_URL', 'http://mirrors.aliyun.com/pypi/simple/'),
      'windows.batch-bad-value',
    ],
    ['plain-http RUSTUP_DIST_SERVER', env('RUSTUP_DIST_SERVER', 'http://rsproxy.cn'), 'windows.batch-bad-value'],
    ['plain-http GOPROXY', env('GOPROXY', 'http://goproxy.cn,direct'), 'windows.batch-bad-value'],
    ['non-canonical URL', env('PIP_INDEX_URL', 'https://MIRRORS.aliyun.com/pypi/simple/'), 'windows.batch-bad-value'],
    ['numeric host', env('PIP_INDEX_URL', 'http://2130706433/simple'), 'windows.batch-bad-value'],
    ['dead mirror', env('PIP_INDEX_URL', 'https://pypi.douban.com/simple'), 'windows.batch-bad-value'],
    [
      'non-admin file',
      { kind: 'writeFile', target: 'pip', path: 'C:\\x', before: null, after: '', admin: false },
      'windows.batch-malformed',
    ],
  ];
  for (const [label, bad, code] of table) {
    assert.equal(codeOf([good, bad]), code, label);
  }
});

test('the document itself: version, date, size', () => {
  const ok = { version: 1, createdAt: NOW.toISOString(), changes: [env('GOPROXY', 'https://goproxy.cn,direct')] };
  assert.ok(validateBatch(ok).ok);
  for (const bad of [
    { ...ok, version: 2 },
    { ...ok, createdAt: 'yesterday' },
    { ...ok, changes: [] },
    { ...ok, changes: Array.from({ length: 65 }, () => env('GOPROXY', 'https://goproxy.cn,direct')) },
    { ...ok, extra: true },
    null,
    'GOPROXY=https://goproxy.cn',
  ]) {
    const r = validateBatch(bad);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'windows.batch-malformed');
  }
});

test('a refused value is echoed escaped and cut short', () => {
  const r = buildBatch([env('GOPROXY', `https://a.example/\u001b[31m${'x'.repeat(200)}`)], NOW);
  assert.equal(r.ok, false);
  if (r.ok) return;
  // Control characters are refused before the value is ever echoed.
  assert.equal(r.error.code, 'windows.env-bad-value');
  const q = buildBatch([env('GOPROXY', `https://a.example/$(calc)${'x'.repeat(200)}`)], NOW);
  assert.equal(!q.ok && String(q.error.params?.value).length <= 82 + 2, true);
});
