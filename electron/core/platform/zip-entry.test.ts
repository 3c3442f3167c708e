import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { maven } from '../targets/maven';
import { sandboxCtx } from '../targets/test-context';

import { readZipEntry } from './zip-entry';

/** Python's zipfile writes the jars: one stored and one deflated entry, and a trailing archive comment. */
function makeJar(file: string, entries: Record<string, string>, comment = ''): void {
  const script = [
    'import sys, json, zipfile',
    'entries = json.loads(sys.argv[2])',
    'with zipfile.ZipFile(sys.argv[1], "w") as z:',
    '    for i, (n, t) in enumerate(entries.items()):',
    '        z.writestr(n, t, zipfile.ZIP_STORED if i % 2 else zipfile.ZIP_DEFLATED)',
    '    z.comment = sys.argv[3].encode()',
  ].join('\n');
  execFileSync('python3', ['-c', script, file, JSON.stringify(entries), comment]);
}

test('a jar entry is read, stored or deflated, past an archive comment; anything else is not found', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-zip-'));
  try {
    const jar = path.join(dir, 'a.jar');
    const big = 'x'.repeat(100_000);
    makeJar(
      jar,
      { 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'a/b.properties': 'version=1.2.3\n', big },
      'c'.repeat(300),
    );
    assert.equal((await readZipEntry(jar, 'a/b.properties'))?.toString(), 'version=1.2.3\n');
    assert.equal((await readZipEntry(jar, 'META-INF/MANIFEST.MF'))?.toString(), 'Manifest-Version: 1.0\n');
    assert.equal((await readZipEntry(jar, 'big'))?.length, 100_000);
    assert.equal(await readZipEntry(jar, 'missing'), undefined);
    assert.equal(await readZipEntry(path.join(dir, 'none.jar'), 'a'), undefined);
    await fs.writeFile(path.join(dir, 'bad.jar'), 'not a zip at all');
    assert.equal(await readZipEntry(path.join(dir, 'bad.jar'), 'a'), undefined);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("maven: a distribution's renamed maven-core jar (Debian's maven-core-3.x.jar) gives the version from pom.properties, no JVM", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-mvn-'));
  const home = path.join(root, 'maven');
  const { ctx, cleanup } = await sandboxCtx({ env: { PATH: path.join(home, 'bin') } });
  try {
    await fs.mkdir(path.join(home, 'lib'), { recursive: true });
    makeJar(path.join(home, 'lib', 'maven-core-3.x.jar'), {
      'META-INF/maven/org.apache.maven/maven-core/pom.properties':
        'artifactId=maven-core\ngroupId=org.apache.maven\nversion=3.8.7\n',
    });
    await fs.mkdir(path.join(home, 'bin'));
    await fs.writeFile(path.join(home, 'bin', 'mvn'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    // Any command run would fail the test: the sandbox's exec answers "not found".
    const d = await maven.detect(ctx);
    assert.equal(d.version, '3.8.7');
  } finally {
    await cleanup();
    await fs.rm(root, { recursive: true, force: true });
  }
});
