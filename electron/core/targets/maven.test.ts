import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { ProfileSchema } from '../../../shared/profile/schema';
import { centralMirror, setCentralMirror, removeMirrorkitMirrors } from '../edit/maven-settings';
import { resolveSelection } from '../plan/resolve';

import { maven } from './maven';
import { sandboxCtx, written } from './test-context';

const HUAWEI = 'https://mirrors.huaweicloud.com/repository/maven/';

const CORP = `<?xml version="1.0" encoding="UTF-8"?>
<!-- company defaults: do not edit <mirrors> by hand -->
<settings>
  <servers>
    <server>
      <id>corp</id>
      <username>li</username>
      <password>hunter2-very-secret</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>corp</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.corp.example/repository/maven-public/</url>
    </mirror>
  </mirrors>
</settings>
`;

describe('maven target', () => {
  it('creates ~/.m2/settings.xml with a mirror of central only, and reads it back', async () => {
    const { ctx, root, cleanup } = await sandboxCtx();
    try {
      assert.deepEqual((await maven.read(ctx)).value, null);
      const tp = await maven.plan(ctx, { target: 'maven', provider: 'huawei', urls: [HUAWEI] }, {});
      const [w] = written(tp.changes);
      assert.equal(w?.path, path.join(root, 'home', '.m2', 'settings.xml'));
      assert.equal(w?.before, null);
      assert.match(w?.after ?? '', /<mirrorOf>central<\/mirrorOf>/);
      assert.equal(tp.after, HUAWEI);
      await fs.mkdir(path.dirname(w!.path), { recursive: true });
      await fs.writeFile(w!.path, w!.after);
      const r = await maven.read(ctx);
      assert.equal(r.value, HUAWEI);
      assert.equal(r.match?.provider, 'huawei');
      assert.deepEqual(r.origin, { kind: 'file', path: w!.path, key: 'mirrors/mirror[mirrorkit]/url' });
    } finally {
      await cleanup();
    }
  });

  it('puts its mirror before a company mirror of *, which keeps every other repository; servers are never read', async () => {
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.m2/settings.xml': CORP } });
    try {
      assert.equal((await maven.read(ctx)).value, 'https://nexus.corp.example/repository/maven-public/');
      const tp = await maven.plan(ctx, { target: 'maven', provider: 'huawei', urls: [HUAWEI] }, {});
      const after = written(tp.changes)[0]!.after;
      const added = after.length - CORP.length;
      const at = after.indexOf('    <mirror>\n      <id>mirrorkit</id>');
      // Exactly one block was inserted: removing it gives the original bytes back.
      assert.equal(after.slice(0, at - 1) + after.slice(at - 1 + added), CORP);
      assert.equal(centralMirror(after)?.id, 'mirrorkit');
      assert.deepEqual(
        tp.warnings.map((w) => w.code),
        ['maven.central-was-mirrored'],
      );
      assert.doesNotMatch(JSON.stringify({ ...tp, changes: [] }), /hunter2/);
      // Back to official: MirrorKit's mirror goes, the company mirror serves Central again as before.
      await fs.writeFile(written(tp.changes)[0]!.path, after);
      const back = await maven.plan(
        ctx,
        { target: 'maven', provider: 'official', urls: ['https://repo.maven.apache.org/maven2/'] },
        {},
      );
      assert.notEqual(
        written(back.changes)[0]!.after,
        CORP,
        'a mirror of * would still take Central: Central is written first',
      );
      assert.equal(centralMirror(written(back.changes)[0]!.after)?.url, 'https://repo.maven.apache.org/maven2/');
    } finally {
      await cleanup();
    }
  });

  it('changes the URL of an existing mirror of central in place, CRLF and tabs kept', async () => {
    const text =
      '<settings>\r\n\t<mirrors>\r\n\t\t<mirror>\r\n\t\t\t<id>aliyunmaven</id>\r\n\t\t\t<mirrorOf>central</mirrorOf>\r\n\t\t\t<url>https://maven.aliyun.com/repository/public</url>\r\n\t\t</mirror>\r\n\t</mirrors>\r\n</settings>\r\n';
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.m2/settings.xml': text } });
    try {
      const tp = await maven.plan(ctx, { target: 'maven', provider: 'huawei', urls: [HUAWEI] }, {});
      assert.equal(written(tp.changes)[0]!.after, text.replace('https://maven.aliyun.com/repository/public', HUAWEI));
      assert.equal(tp.before, 'https://maven.aliyun.com/repository/public');
    } finally {
      await cleanup();
    }
  });

  it('a malformed settings.xml is reported with its path and the parser reason, and nothing is planned', async () => {
    const bad = '<settings>\n  <mirrors>\n</settings>\n';
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.m2/settings.xml': bad } });
    try {
      const check = (e: unknown) => {
        const err = e as { code: string; params: Record<string, string> };
        assert.equal(err.code, 'error.malformed-config');
        assert.equal(err.params.path, path.join(root, 'home', '.m2', 'settings.xml'));
        assert.match(err.params.reason ?? '', /^3:\d+: unexpected close tag/);
        return true;
      };
      await assert.rejects(maven.read(ctx), check);
      await assert.rejects(maven.plan(ctx, { target: 'maven', urls: [HUAWEI] }, {}), check);
      assert.equal(await fs.readFile(path.join(root, 'home', '.m2', 'settings.xml'), 'utf8'), bad);
    } finally {
      await cleanup();
    }
  });

  it('reads the installation settings as a lower layer (MAVEN_HOME/conf/settings.xml)', async () => {
    const global =
      '<settings><mirrors><mirror><id>g</id><mirrorOf>external:*</mirrorOf><url>https://maven.aliyun.com/repository/public/</url></mirror></mirrors></settings>';
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'mvn/conf/settings.xml': global } });
    try {
      const c = { ...ctx, env: { ...ctx.env, MAVEN_HOME: path.join(root, 'mvn') } };
      const r = await maven.read(c);
      assert.equal(r.value, 'https://maven.aliyun.com/repository/public/');
      assert.equal(r.origin.kind === 'file' && r.origin.path, path.join(root, 'mvn', 'conf', 'settings.xml'));
      // Official with a global mirror still taking Central: the user file must name Central itself.
      const tp = await maven.plan(
        c,
        { target: 'maven', provider: 'official', urls: ['https://repo.maven.apache.org/maven2/'] },
        {},
      );
      assert.equal(centralMirror(written(tp.changes)[0]!.after)?.url, 'https://repo.maven.apache.org/maven2/');
    } finally {
      await cleanup();
    }
  });

  it('a profile may widen mirrorOf, but only to patterns that still include Central', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const text = JSON.stringify({
        name: 'corp',
        targets: {
          maven: { url: 'https://nexus.corp.example/repository/maven-public/', mirrorOf: 'external:*,!corp-releases' },
        },
      });
      const r = resolveSelection(ctx, { kind: 'profile', name: 'corp.json', text });
      const choice = r.choices[0]!;
      assert.deepEqual(choice.extras, { MIRROR_OF: 'external:*,!corp-releases' });
      const tp = await maven.plan(ctx, choice, {});
      assert.match(written(tp.changes)[0]!.after, /<mirrorOf>external:\*,!corp-releases<\/mirrorOf>/);
      for (const bad of ['corp-releases', '*,!central', '<x>', '*; rm']) {
        assert.equal(
          ProfileSchema.safeParse({ name: 'x', targets: { maven: { provider: 'aliyun', mirrorOf: bad } } }).success,
          false,
          bad,
        );
      }
    } finally {
      await cleanup();
    }
  });
});

describe('settings.xml editor', () => {
  // Generated files: indentation, line endings, comments that look like tags, an XML declaration or none.
  const variants = (): string[] => {
    const out: string[] = [];
    for (const eol of ['\n', '\r\n']) {
      for (const ind of ['  ', '    ', '\t']) {
        for (const decl of ['', `<?xml version="1.0" encoding="UTF-8"?>${eol}`]) {
          const lines = [
            `${decl}<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">`,
            `${ind}<!-- <mirrors><mirror>x</mirror></mirrors> -->`,
            `${ind}<localRepository>/data/m2 &amp; more</localRepository>`,
          ];
          out.push(lines.join(eol) + `${eol}</settings>${eol}`);
          out.push(lines.join(eol) + `${eol}${ind}<mirrors>${eol}${ind}</mirrors>${eol}</settings>`);
          out.push(lines.join(eol) + `${eol}${ind}<mirrors/>${eol}</settings>${eol}`);
          out.push(
            `\uFEFF${lines.join(eol)}${eol}${ind}<mirrors>${eol}${ind}${ind}<mirror><id>corp</id><mirrorOf>*,!central</mirrorOf><url>https://n.example/</url></mirror>${eol}${ind}</mirrors>${eol}</settings>${eol}`,
          );
        }
      }
    }
    return out;
  };

  it('set then remove gives back every byte where the file had a <mirrors> list; only the mirror changes', () => {
    for (const text of variants()) {
      const after = setCentralMirror(text, { url: HUAWEI });
      assert.equal(centralMirror(after)?.url, HUAWEI);
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      assert.equal(after.split('\r\n').length > 1, eol === '\r\n', 'keeps the line ending');
      const removed = removeMirrorkitMirrors(after);
      if (/<mirrors>/.test(text.replace(/<!--.*?-->/g, ''))) assert.equal(removed, text);
      else assert.equal(centralMirror(removed), undefined);
      // Setting again is a no-op.
      assert.equal(setCentralMirror(after, { url: HUAWEI }), after);
    }
  });
});
