import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { gradle, initScript, scriptUrl } from './gradle';
import { sandboxCtx, written } from './test-context';

const ALIYUN = 'https://maven.aliyun.com/repository/public/';

describe('gradle target', () => {
  it('writes one init script of its own under GRADLE_USER_HOME, and reads its mirror back', async () => {
    const { ctx, root, cleanup } = await sandboxCtx({ env: { GRADLE_USER_HOME: '' } });
    try {
      const c = { ...ctx, env: { ...ctx.env, GRADLE_USER_HOME: path.join(root, 'guh') } };
      assert.equal((await gradle.read(c)).value, null);
      const tp = await gradle.plan(c, { target: 'gradle', provider: 'aliyun', urls: [ALIYUN] }, {});
      const [w] = written(tp.changes);
      assert.equal(w?.path, path.join(root, 'guh', 'init.d', 'mirrorkit.gradle'));
      assert.equal(w?.before, null);
      // Rewrites Central where the build declares it, never adds a repository (FAIL_ON_PROJECT_REPOS).
      assert.doesNotMatch(w!.after, /maven\s*\{|mavenCentral\(\)/);
      assert.match(w!.after, /beforeSettings/);
      assert.match(w!.after, /dependencyResolutionManagement/);
      await fs.mkdir(path.dirname(w!.path), { recursive: true });
      await fs.writeFile(w!.path, w!.after);
      const r = await gradle.read(c);
      assert.equal(r.value, ALIYUN);
      assert.equal(r.match?.provider, 'aliyun');
      // Official: the script is emptied of its rewrite (restore deletes the file it created).
      const back = await gradle.plan(
        c,
        { target: 'gradle', provider: 'official', urls: ['https://repo.maven.apache.org/maven2/'] },
        {},
      );
      assert.equal(back.after, null);
      assert.equal(scriptUrl(written(back.changes)[0]!.after), undefined);
    } finally {
      await cleanup();
    }
  });

  it('never overwrites an init script it did not write, and reports other init scripts', async () => {
    const { ctx, cleanup } = await sandboxCtx({
      files: { 'home/.gradle/init.d/mirrorkit.gradle': 'allprojects { }\n', 'home/.gradle/init.gradle': '// corp\n' },
    });
    try {
      const r = await gradle.read(ctx);
      assert.equal(r.value, null);
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['gradle.other-init-scripts'],
      );
      const tp = await gradle.plan(ctx, { target: 'gradle', urls: [ALIYUN] }, {});
      assert.equal(tp.status, 'error');
      assert.equal(tp.reason?.code, 'gradle.init-script-foreign');
    } finally {
      await cleanup();
    }
  });

  it('the script quotes nothing it cannot: URLs are validated before, CRLF on Windows', () => {
    const s = initScript(ALIYUN, '\r\n');
    assert.equal(s.split('\r\n').length, s.split('\n').length);
    assert.equal(scriptUrl(s), ALIYUN);
    assert.equal(scriptUrl("def mirrorkitUrl = 'x'\n"), undefined, 'only a file starting with the mark is ours');
  });
});
