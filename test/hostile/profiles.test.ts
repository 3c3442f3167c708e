// Profiles and names from outside: control characters refused in a profile's name, duplicate keys refused,
// a byte-order mark accepted; what the CLI prints from outside shown escaped, while the journal keeps it raw.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureCli } from './cli';

let root = '';
let env: Record<string, string> = {};
const pipConf = () => path.join(root, 'home', '.config', 'pip', 'pip.conf');

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-hostile-profile-'));
  const home = path.join(root, 'home');
  env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    MIRRORKIT_HOME: path.join(root, 'state'),
    MIRRORKIT_SYSROOT: path.join(root, 'sysroot'),
    PATH: '',
    LANG: 'en_US.UTF-8',
  };
  await fs.mkdir(path.dirname(pipConf()), { recursive: true });
  await fs.writeFile(pipConf(), '[global]\ntimeout = 60\n');
});
after(() => fs.rm(root, { recursive: true, force: true }));

const cli = (argv: string[]) => captureCli(env, argv);

async function profile(text: string | Buffer): Promise<string> {
  const f = path.join(root, `p-${Math.random().toString(16).slice(2)}.json`);
  await fs.writeFile(f, text);
  return f;
}

const appliesCount = () => {
  try {
    return readdirSync(path.join(root, 'state', 'applies')).length;
  } catch {
    return 0;
  }
};

// eslint-disable-next-line no-control-regex -- raw control characters are what must not be printed
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

describe('hostile profiles', () => {
  const names = [
    '\u001b]0;pwned\u0007\u001b[2J',
    'ok\r✔ all tools verified',
    'a\u202eb',
    'x\u0085y',
    'zw\u200bsp',
    'nul\u0000',
    'tab\tname',
    'line\nbreak',
  ];
  for (const name of names) {
    it(`refuses a name with control or invisible characters: ${JSON.stringify(name)}`, async () => {
      const before = readFileSync(pipConf(), 'utf8');
      const n = appliesCount();
      const r = await cli([
        'apply',
        '--profile',
        await profile(JSON.stringify({ name, targets: { pip: { url: 'https://nexus.corp.example/simple' } } })),
        '--yes',
      ]);
      assert.equal(r.code, 2, r.text);
      assert.doesNotMatch(r.text, RAW);
      assert.equal(readFileSync(pipConf(), 'utf8'), before);
      assert.equal(appliesCount(), n);
    });
  }

  it('refuses a description with control characters, accepts one with line breaks', async () => {
    const base = { name: 'Contoso', targets: { pip: { url: 'https://nexus.corp.example/simple' } } };
    assert.equal(
      (
        await cli([
          'apply',
          '--profile',
          await profile(JSON.stringify({ ...base, description: 'a\u001b[31mred' })),
          '--yes',
        ])
      ).code,
      2,
    );
    assert.equal(
      (
        await cli([
          'apply',
          '--profile',
          await profile(JSON.stringify({ ...base, description: 'line one\nline two' })),
          '--yes',
          '--dry-run',
        ])
      ).code,
      0,
    );
  });

  it('refuses a key given twice, at any depth, naming where', async () => {
    const before = readFileSync(pipConf(), 'utf8');
    const top = await cli(['apply', '--profile', await profile('{"name":"a","name":"b","targets":{}}'), '--yes']);
    assert.equal(top.code, 2);
    assert.match(top.text, /name/);
    assert.match(top.text, /appears twice/);
    const deep = await cli([
      'apply',
      '--profile',
      await profile(
        '{"name":"a","targets":{"pip":{"url":"https://nexus.corp.example/simple","url":"https://evil.example/simple"}}}',
      ),
      '--yes',
    ]);
    assert.equal(deep.code, 2);
    assert.match(deep.text, /targets\.pip\.url/);
    assert.equal(readFileSync(pipConf(), 'utf8'), before);
  });

  it('reads a profile with a UTF-8 byte-order mark (PowerShell 5.1 -Encoding UTF8)', async () => {
    const text = JSON.stringify({ name: 'BOM', targets: { pip: { url: 'https://nexus.corp.example/bom/simple' } } });
    const r = await cli([
      'apply',
      '--profile',
      await profile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
      '--yes',
    ]);
    assert.equal(r.code, 0, r.text);
    assert.match(readFileSync(pipConf(), 'utf8'), /index-url = https:\/\/nexus\.corp\.example\/bom\/simple/);
  });

  it('history shows a journal label escaped; the journal keeps it raw', async () => {
    const r = await cli(['set', 'pip', 'https://nexus.corp.example/h/simple', '--yes']);
    assert.equal(r.code, 0, r.text);
    const dir = path.join(root, 'state', 'applies');
    const newest = readdirSync(dir).sort().at(-1) as string;
    const file = path.join(dir, newest, 'manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8')) as { label: string };
    m.label = 'fake\u001b[2J\r✔ all tools verified';
    await fs.writeFile(file, JSON.stringify(m));
    const h = await cli(['history']);
    assert.doesNotMatch(h.text, RAW);
    assert.match(h.text, /fake\\x1b\[2J\\x0d✔ all tools verified/);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { label: string }).label, m.label);
  });
});
