import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';

import { t } from '../../../shared/i18n';
import { DEBIAN_OS, wslSandbox } from '../../../test/support/wsl-sandbox';
import { createCore } from '../api';

describe('wsl: a verification that cannot run in a distro says why', () => {
  it('keeps wsl.exe’s reason: the file it names was written, so it is not "another file winning"', async () => {
    const sb = await wslSandbox();
    try {
      const list = 'deb http://deb.debian.org/debian bookworm main\n';
      await sb.distro('Debian', { '/etc/os-release': DEBIAN_OS, '/etc/apt/sources.list': list });
      // No /tmp in the distro: the verification's scratch folder cannot be made, so apt-get never runs.
      await fs.rm(sb.hostPath('Debian', '/tmp'), { recursive: true });
      const core = createCore(sb.ctx);
      const plan = await core.plan({ selection: { kind: 'set', target: 'wsl', mirror: 'ustc' }, only: ['wsl'] });
      const result = await core.apply(plan);
      assert.equal(result.status, 'verify-failed', JSON.stringify(result));
      const message = result.targets[0]?.verification?.message;
      assert.equal(message?.code, 'wsl.failed', JSON.stringify(message));
      assert.equal(message?.params?.distro, 'Debian');
      assert.match(t('en', message ?? { code: '' }), /`mkdir -m 0700 -- \/tmp\/mirrorkit-verify-/);
      await core.restore(result.id);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/etc/apt/sources.list'), 'utf8'), list);
    } finally {
      await sb.cleanup();
    }
  });
});
