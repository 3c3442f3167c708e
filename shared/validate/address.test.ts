import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';

import { isRemoteAddress } from './address';

test('remote addresses: LocalSubnet, IPv4/IPv6 with a prefix no longer than the address', () => {
  for (const ok of ['LocalSubnet', '10.20.0.5', '10.20.0.0/16', '1.2.3.4/32', '::1', 'fe80::1/64', '2001:db8::/128'])
    assert.ok(isRemoteAddress(ok), ok);
  for (const bad of [
    '1.2.3.4/99',
    '1.2.3.4/33',
    '::1/129',
    '1.2.3',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.4/',
    'localsubnet',
    'a/b/c',
    '1.2.3.4; rm',
    'example.com',
    ':::',
  ])
    assert.ok(!isRemoteAddress(bad), bad);
});

test('the pure check agrees with node:net on addresses', () => {
  for (const a of [
    '10.0.0.1',
    '255.255.255.255',
    '1.2.3.04',
    '::',
    '::ffff:1.2.3.4',
    '2001:db8::1',
    'gggg::1',
    '1::2::3',
  ]) {
    assert.equal(isRemoteAddress(a), isIP(a) !== 0, a);
  }
});
