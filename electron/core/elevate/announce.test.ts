// The administrator's helper says what it will change (paths and lines, variable names and values, firewall
// rules) before it writes, on its output and in the audit trail.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';

import { auditFile } from '../audit/log';

import { announcementText, changedLines, type Announced } from './announce';
import { rule, sandbox, setEnv } from './testkit';
import { writeBatch } from './write';

const BEFORE = '[global]\r\ntimeout = 60\r\nindex-url = https://pypi.org/simple\r\n';
const AFTER = '[global]\r\ntimeout = 60\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\n';
/** A new machine-wide pip.ini: the helper accepts mirror keys alone in it. */
const NEW = '[global]\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\n';

/** Run with process.stdout captured: what the person at the administrator prompt reads. */
async function printed(fn: () => Promise<unknown>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return out;
}

describe('what the elevated helper announces', () => {
  it('lists only the lines that change', () => {
    assert.deepEqual(changedLines(BEFORE, AFTER), {
      added: ['index-url = https://mirrors.aliyun.com/pypi/simple/'],
      removed: ['index-url = https://pypi.org/simple'],
    });
    assert.deepEqual(changedLines(null, '{\n  "registry-mirrors": ["https://m.example"]\n}\n').removed, []);
  });

  it('in English and in Chinese, every path, variable and value, control characters escaped', () => {
    const a: Announced = {
      files: [
        { path: 'C:\\ProgramData\\pip\\pip.ini', current: BEFORE, after: AFTER },
        { path: 'C:\\ProgramData\\docker\\config\\daemon.json', current: '{}', after: null },
      ],
      env: [
        { name: 'GOPROXY', value: 'https://goproxy.cn,direct' },
        { name: 'GOSUMDB', value: null },
      ],
      firewall: [
        {
          action: 'ensure',
          spec: { name: 'MirrorKit-devpi\u001b[2J', port: 3141, protocol: 'TCP', direction: 'Inbound' },
        },
      ],
    };
    assert.equal(
      announcementText('en', a),
      [
        'MirrorKit, running as administrator, is about to make these changes:',
        '  write C:\\ProgramData\\pip\\pip.ini',
        '      - index-url = https://pypi.org/simple',
        '      + index-url = https://mirrors.aliyun.com/pypi/simple/',
        '  remove C:\\ProgramData\\docker\\config\\daemon.json (MirrorKit created it)',
        '  set the machine variable GOPROXY = https://goproxy.cn,direct',
        '  remove the machine variable GOSUMDB',
        '  add the firewall rule MirrorKit-devpi\\x1b[2J: TCP port 3141, Inbound, from Any',
      ].join('\n'),
    );
    const zh = announcementText('zh-CN', a);
    assert.match(zh, /^以管理员身份运行的 MirrorKit 即将进行以下更改：$/m);
    assert.match(zh, /设置系统变量 GOPROXY = https:\/\/goproxy\.cn,direct/);
    assert.match(zh, /写入 C:\\ProgramData\\pip\\pip\.ini/);
  });

  it('runElevatedBatch prints it before the first write and records it in the audit trail', async () => {
    const s = await sandbox();
    try {
      const staged = await writeBatch(s.ctx, [
        setEnv('GOPROXY', 'https://goproxy.cn,direct'),
        rule(),
        { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: NEW, admin: true },
      ]);
      const { announce: _none, ...deps } = s.deps;
      const out = await printed(async () => assert.equal(await s.run(staged, deps), 0));
      assert.match(out, /about to make these changes:\n {2}write .*pip\.ini\n {6}\+ \[global\]\n/);
      assert.match(out, /set the machine variable GOPROXY = https:\/\/goproxy\.cn,direct/);
      assert.match(out, /add the firewall rule MirrorKit-devpi: TCP port 3141, Inbound, from LocalSubnet/);
      const audit = (await fs.readFile(auditFile(s.ctx), 'utf8'))
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              op: string;
              summary: string;
              detail: { env: unknown; files: { path: string; added: string[] }[] };
            },
        );
      const ev = audit.find((e) => e.op === 'elevate');
      assert.ok(ev, JSON.stringify(audit));
      assert.deepEqual(ev.detail.env, [{ name: 'GOPROXY', value: 'https://goproxy.cn,direct' }]);
      assert.equal(ev.detail.files[0]?.path, s.paths.pip);
      assert.deepEqual(ev.detail.files[0]?.added, ['[global]', 'index-url = https://mirrors.aliyun.com/pypi/simple/']);
      assert.match(ev.summary, /set the machine variable GOPROXY = https:\/\/goproxy\.cn,direct/);
    } finally {
      await s.cleanup();
    }
  });

  it('the announcement comes after every check and before any write; a refused batch announces nothing', async () => {
    const s = await sandbox();
    try {
      const staged = await writeBatch(s.ctx, [
        { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: NEW, admin: true },
      ]);
      let seen: Announced | undefined;
      const deps = {
        ...s.deps,
        announce: async (a: Announced) => {
          await assert.rejects(fs.stat(s.paths.pip), 'nothing written yet');
          seen = a;
        },
      };
      assert.equal(await s.run(staged, deps), 0);
      assert.deepEqual(seen?.files, [{ path: s.paths.pip, current: null, after: NEW }]);

      seen = undefined;
      const bad = await writeBatch(s.ctx, [
        { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: NEW, admin: true },
      ]);
      // `before: null` no longer matches the file on disk: refused before any announcement.
      assert.equal(await s.run(bad, deps), 2);
      assert.equal(seen, undefined);
    } finally {
      await s.cleanup();
    }
  });
});
