import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { POLICIES } from '../../../shared/policy/schema';

import { templateFiles } from './admx';

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

test(
  'ADMX/ADML: well-formed (xmllint), ids [A-Za-z0-9_], every $(string.X) and $(presentation.X) in both languages',
  { skip: hasXmllint ? false : 'xmllint is not installed (apt-get install libxml2-utils)' },
  async () => {
    const files = templateFiles();
    assert.deepEqual(Object.keys(files).sort(), ['MirrorKit.admx', 'en-US/MirrorKit.adml', 'zh-CN/MirrorKit.adml']);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-admx-'));
    try {
      for (const [rel, text] of Object.entries(files)) {
        const file = path.join(dir, rel);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, text);
        const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
        assert.equal(r.status, 0, `${rel}: ${r.stderr}`);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    const admx = files['MirrorKit.admx'] as string;
    const ids = [...admx.matchAll(/\b(?:name|id|ref)="([^"]*)"/g)].map((m) => m[1] as string);
    assert.ok(ids.length > 20);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_]+$/, id);
    for (const p of POLICIES) {
      assert.match(admx, new RegExp(`<policy name="${p.name}" [^>]*key="Software\\\\Policies\\\\MirrorKit"`));
      assert.match(
        admx,
        new RegExp(`<policy name="${p.name}_Recommended" [^>]*key="Software\\\\Policies\\\\MirrorKit\\\\Recommended"`),
      );
    }
    assert.match(admx, /<multiText id="ProfilePublicKeys" valueName="ProfilePublicKeys" \/>/);
    assert.match(
      admx,
      /<decimal id="CheckIntervalHours" valueName="CheckIntervalHours" minValue="1" maxValue="720" \/>/,
    );
    const strings = new Set([...admx.matchAll(/\$\(string\.([^)]+)\)/g)].map((m) => m[1] as string));
    const presentations = new Set([...admx.matchAll(/\$\(presentation\.([^)]+)\)/g)].map((m) => m[1] as string));
    for (const culture of ['en-US', 'zh-CN']) {
      const adml = files[`${culture}/MirrorKit.adml`] as string;
      const defined = new Set([...adml.matchAll(/<string id="([^"]+)">([^<]*)</g)].map((m) => m[1] as string));
      for (const s of strings) assert.ok(defined.has(s), `${culture}: string ${s}`);
      for (const s of presentations)
        assert.match(adml, new RegExp(`<presentation id="${s}">`), `${culture}: presentation ${s}`);
      assert.doesNotMatch(adml, />admx\./, `${culture}: an untranslated code`);
    }
    assert.match(files['zh-CN/MirrorKit.adml'] as string, /企业配置档网址/);
  },
);
