import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { mavenrcStore, setMavenrc, storePathProblem } from './mavenrc';
import { escapeValue, propertiesGet, propertiesSet } from './properties';

const T = {
  store: '/home/li/.local/state/mirrorkit/corporate/truststore-0123456789ab.p12',
  type: 'PKCS12',
  password: 'changeit',
};

describe('gradle.properties editor', () => {
  it('reads as Properties.load does: comments, separators, continuations, the last occurrence', () => {
    const text = [
      '# a comment',
      '! another',
      'org.gradle.jvmargs = -Xmx2g \\',
      '    -Dfile.encoding=UTF-8',
      'a:1',
      'b 2',
      'c=first',
      'c=second',
      'path=C\\:\\\\Users\\\\li',
      'u=\\u4e2d',
      '',
    ].join('\n');
    assert.equal(propertiesGet(text, 'org.gradle.jvmargs'), '-Xmx2g -Dfile.encoding=UTF-8');
    assert.equal(propertiesGet(text, 'a'), '1');
    assert.equal(propertiesGet(text, 'b'), '2');
    assert.equal(propertiesGet(text, 'c'), 'second');
    assert.equal(propertiesGet(text, 'path'), 'C:\\Users\\li');
    assert.equal(propertiesGet(text, 'u'), '中');
    assert.equal(propertiesGet(text, '# a comment'), undefined);
  });

  it('sets one key, keeps every other byte, is stable on a second run, and escapes what Java would misread', () => {
    const crlf = '# mine\r\norg.gradle.caching=true\r\nx=1 \\\r\n  2\r\nx=3\r\nlast=no newline';
    const once = propertiesSet(crlf, 'x', 'C:\\Users\\李\\ts.p12');
    assert.equal(
      once,
      '# mine\r\norg.gradle.caching=true\r\nx=1 \\\r\n  2\r\nx=C:\\\\Users\\\\\\u674e\\\\ts.p12\r\nlast=no newline',
    );
    assert.equal(propertiesGet(once, 'x'), 'C:\\Users\\李\\ts.p12');
    assert.equal(propertiesSet(once, 'x', 'C:\\Users\\李\\ts.p12'), once);
    const added = propertiesSet(crlf, 'systemProp.javax.net.ssl.trustStoreType', 'PKCS12');
    assert.equal(added, `${crlf}\r\nsystemProp.javax.net.ssl.trustStoreType=PKCS12`, 'no final newline stays none');
    assert.equal(propertiesSet(null, 'k', 'v'), 'k=v\n');
    assert.equal(propertiesSet('', 'k', 'v', { eol: '\r\n' }), 'k=v\r\n');
    assert.equal(escapeValue(' lead\ttab'), '\\ lead\\ttab');
  });

  it('what it writes, java.util.Properties reads back (cross-check with the real JDK)', (t) => {
    let java: string;
    try {
      java = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim();
    } catch {
      return t.skip('java is not installed here');
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-props-'));
    try {
      const value = 'C:\\Users\\李 四\\x=y:z.p12';
      const file = path.join(dir, 'g.properties');
      writeFileSync(file, propertiesSet('# c\na=1\n', 'k', value), 'latin1');
      const src = path.join(dir, 'R.java');
      writeFileSync(
        src,
        'public class R { public static void main(String[] a) throws Exception { var p = new java.util.Properties(); try (var in = new java.io.FileInputStream(a[0])) { p.load(in); } System.out.print(java.net.URLEncoder.encode(p.getProperty("k"), "UTF-8")); } }',
      );
      const out = execFileSync(java, [src, file], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(decodeURIComponent(out.replace(/\+/g, ' ')), value);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Maven launcher rc files', () => {
  it('~/.mavenrc: one marked line in front of MAVEN_OPTS; sh keeps the user’s MAVEN_OPTS after it', () => {
    const mine = '# my rc\nexport JAVA_HOME=/opt/jdk\n';
    const once = setMavenrc(mine, 'linux', T);
    assert.ok(once.startsWith(mine));
    assert.equal(mavenrcStore(once, 'linux'), T.store);
    assert.equal(setMavenrc(once, 'linux', T), once, 'stable');
    const moved = setMavenrc(once, 'linux', { ...T, store: '/x/t2.p12' });
    assert.equal(moved.split('\n').length, once.split('\n').length, 'replaced, not added');
    assert.equal(mavenrcStore(moved, 'linux'), '/x/t2.p12');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-mavenrc-'));
    try {
      const rc = path.join(dir, '.mavenrc');
      writeFileSync(rc, once);
      // What bin/mvn does: source the file, then pass $MAVEN_OPTS unquoted to java.
      const out = execFileSync('sh', ['-c', '. "$1"; printf "%s\\n" $MAVEN_OPTS', 'sh', rc], {
        env: { PATH: process.env.PATH, MAVEN_OPTS: '-Xmx1g -Dmine=1' },
        encoding: 'utf8',
      });
      assert.deepEqual(out.trim().split('\n'), [
        `-Djavax.net.ssl.trustStore=${T.store}`,
        '-Djavax.net.ssl.trustStoreType=PKCS12',
        '-Djavax.net.ssl.trustStorePassword=changeit',
        '-Xmx1g',
        '-Dmine=1',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('mavenrc_pre.cmd: a marked comment and a set line, CRLF; the path quoted for the C runtime', () => {
    const store = 'C:\\Users\\Li Si\\AppData\\Local\\MirrorKit\\corporate\\truststore-0123456789ab.p12';
    const once = setMavenrc(null, 'win32', { ...T, store }, { eol: '\r\n' });
    assert.equal(
      once,
      '@REM added by MirrorKit (mirrorkit restore removes this line and the next)\r\n' +
        `@set MAVEN_OPTS=-Djavax.net.ssl.trustStore="${store}" -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit %MAVEN_OPTS%\r\n`,
    );
    assert.equal(mavenrcStore(once, 'win32'), store);
    const mine = `@echo off\r\n${once}set X=1\r\n`;
    assert.equal(setMavenrc(mine, 'win32', { ...T, store }), mine);
    const moved = setMavenrc(mine, 'win32', { ...T, store: 'D:\\t.p12' });
    assert.ok(moved.startsWith('@echo off\r\n@REM added') && moved.endsWith('%MAVEN_OPTS%\r\nset X=1\r\n'), moved);
    assert.equal(mavenrcStore(moved, 'win32'), 'D:\\t.p12');
  });

  it('refuses truststore paths the launchers would split or interpret', () => {
    assert.equal(storePathProblem('linux', T.store), null);
    assert.match(storePathProblem('linux', '/home/Li Si/x.p12') ?? '', /whitespace/);
    assert.match(storePathProblem('darwin', '/home/$x/x.p12') ?? '', /double quotes/);
    assert.equal(storePathProblem('win32', 'C:\\Users\\Li Si\\x.p12'), null);
    assert.match(storePathProblem('win32', 'C:\\Users\\A&B\\x.p12') ?? '', /cmd\.exe/);
  });
});
