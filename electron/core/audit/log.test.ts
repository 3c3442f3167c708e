import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { makeSandbox } from '../../cli/corp-testkit';
import { createSigner, formatPublicKey } from '../profile/minisign';
import { createContext } from '../context';
import type { Exec } from '../platform/exec';

import { audit, checkEvent } from './log';

test('apply, check, restore and a trust failure each append one JSON line to the state folder', async () => {
  const sb = await makeSandbox();
  try {
    const profile = await sb.write(
      'corp.json',
      JSON.stringify({ name: 'corp', targets: { pip: { url: 'https://pypi.corp.example/simple' } } }),
    );
    assert.equal((await sb.cli(['apply', '--profile', profile, '--yes', '--json'])).code, 0);
    assert.equal((await sb.cli(['check', '--profile', profile, '--json'])).code, 0);
    assert.equal((await sb.cli(['restore', '--yes', '--json'])).code, 0);
    assert.equal((await sb.cli(['check', '--profile', profile, '--json'])).code, 1);
    const pub = await sb.write('k.pub', formatPublicKey(createSigner().publicKey));
    assert.equal((await sb.cli(['check', '--profile', profile, '--pubkey', pub, '--json'])).code, 5);
    const lines = (await fs.readFile(path.join(sb.root, 'state/audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.op, l.status, l.eventId]),
      [
        ['apply', 'applied', 100],
        ['check', 'compliant', 101],
        ['restore', 'restored', 400],
        ['check', 'drift', 200],
        ['trust-failure', 'trust.unsigned', 300],
      ],
    );
    for (const l of lines) assert.match(String(l.time), /^\d{4}-\d\d-\d\dT/);
    assert.match(String(lines[0]?.summary), /^MirrorKit apply applied: profile corp \(pip=/);
  } finally {
    await sb.cleanup();
  }
});

test('Windows: the event goes to eventcreate as an argument array; a missing eventcreate fails nothing', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-audit-'));
  try {
    const calls: [string, readonly string[]][] = [];
    const exec: Exec = (cmd, args) => {
      calls.push([cmd, args]);
      if (calls.length > 1) throw new Error('eventcreate is not there');
      return Promise.resolve({ code: 0, stdout: 'SUCCESS', stderr: '' });
    };
    const ctx = createContext({
      platform: 'win32',
      env: { SystemRoot: 'C:\\Windows', USERPROFILE: 'C:\\Users\\li', MIRRORKIT_HOME: root },
      exec,
    });
    await audit(
      ctx,
      checkEvent('drift', 'https://it.corp.example/p.json', [
        { target: 'pip', state: 'drift' },
        { target: 'npm', state: 'compliant' },
      ]),
    );
    await audit(ctx, { ...checkEvent('compliant', 'a"b & c\r\nd', []), summary: 'line one\r\nline "two" & | three' });
    assert.deepEqual(calls, [
      [
        'C:\\Windows\\System32\\eventcreate.exe',
        [
          '/L',
          'APPLICATION',
          '/SO',
          'MirrorKit',
          '/T',
          'WARNING',
          '/ID',
          '200',
          '/D',
          'MirrorKit check drift: pip=drift, npm=compliant (profile https://it.corp.example/p.json)',
        ],
      ],
      [
        'C:\\Windows\\System32\\eventcreate.exe',
        [
          '/L',
          'APPLICATION',
          '/SO',
          'MirrorKit',
          '/T',
          'INFORMATION',
          '/ID',
          '101',
          '/D',
          'line one line "two" & | three',
        ],
      ],
    ]);
    assert.equal((await fs.readFile(path.join(root, 'audit.jsonl'), 'utf8')).trim().split('\n').length, 2);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});
