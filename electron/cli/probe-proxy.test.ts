import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MirrorKitError } from '../core/errors';

import { envProbeProxy } from '../core/probe/env-proxy';

test('the speed test reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY as the tools do', () => {
  assert.equal(envProbeProxy({}), undefined);
  assert.deepEqual(
    envProbeProxy({ https_proxy: 'proxy.corp.example:3128', NO_PROXY: ' .corp.example, 10.0.0.0/8 ,' }),
    {
      https: 'http://proxy.corp.example:3128/',
      noProxy: ['.corp.example', '10.0.0.0/8'],
    },
  );
  assert.deepEqual(envProbeProxy({ HTTP_PROXY: 'http://p:8080' }), { http: 'http://p:8080/', noProxy: [] });
  assert.throws(
    () => envProbeProxy({ HTTPS_PROXY: 'socks5://p:1080' }),
    (e: unknown) => e instanceof MirrorKitError && e.code === 'probe.cli.bad-proxy' && e.params.name === 'HTTPS_PROXY',
  );
});
