import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodePowerShell } from '../platform/win32/powershell';
import { fakeWindows } from '../platform/win32/testkit';

import {
  ACL_SCRIPT,
  aclInvocation,
  checkReports,
  parseReports,
  powershellSecurer,
  validPrincipal,
  type FolderReport,
} from './folder-acl';

const DIRS = ['C:\\ProgramData\\MirrorKit', 'C:\\ProgramData\\MirrorKit\\elevate'];
const DIR = 'C:\\ProgramData\\MirrorKit\\elevate\\0123456789abcdef0123456789abcdef';
const USER = 'S-1-5-21-11-22-33-1001';
const FULL = 2032127;
const RX = 1179817;

/** A report line as the script prints it (the format is the contract between the two). */
const line = (p: string, rules: string, o: { owner?: string; prot?: string; attrs?: number } = {}) =>
  `DIR\t${p}\t${o.attrs ?? 16}\t${o.owner ?? 'S-1-5-32-544'}\t${o.prot ?? '1'}\t${rules}`;
const ADMIN_RULES = `S-1-5-18,${FULL},1,0;S-1-5-32-544,${FULL},1,0`;
const GOOD = [
  line(DIRS[0] as string, ADMIN_RULES),
  line(DIRS[1] as string, ADMIN_RULES),
  line(DIR, `${ADMIN_RULES};${USER},${RX},1,0`),
];

const check = (lines: string[]) => checkReports(parseReports(lines.join('\r\n')), [...DIRS, DIR]);

describe('the helper folder ACL (Windows), checked from the script report', () => {
  it('the script is constant: inputs come from MIRRORKIT_ACL_* variables, creation carries the ACL, no cmdlet is used', () => {
    const inv = aclInvocation({ SystemRoot: 'C:\\Windows' }, [...DIRS, DIR], `*${USER}`);
    assert.equal(inv.command, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    assert.equal(decodePowerShell(inv.args[inv.args.length - 1] as string), ACL_SCRIPT);
    assert.equal(inv.env.MIRRORKIT_ACL_DIRS, [...DIRS, DIR].join('|'));
    assert.equal(inv.env.MIRRORKIT_ACL_USER, `*${USER}`);
    assert.ok(!ACL_SCRIPT.includes('ProgramData') && !ACL_SCRIPT.includes(USER), 'no value in the script text');
    assert.match(ACL_SCRIPT, /\[System\.IO\.Directory\]::CreateDirectory\(\$d, \$s\)/);
    assert.match(ACL_SCRIPT, /SetAccessRuleProtection\(\$true, \$false\)/);
    assert.match(ACL_SCRIPT, /SetOwner\(\$ba\)/);
    // No cmdlet (Verb-Noun) is called, so no module is autoloaded from a PSModulePath the caller could set.
    const calls = ACL_SCRIPT.replace(/function New-Rule/, '').match(/\b(Get|Set|New|Test|ConvertTo|Out)-[A-Z]\w+/g);
    assert.deepEqual(calls?.filter((c) => c !== 'New-Rule') ?? [], []);
  });

  it('folders owned by Administrators, protected, Administrators + SYSTEM, the user reading the last one: accepted', () => {
    assert.equal(check(GOOD), null);
    assert.equal(check(GOOD.map((l) => l.replace('S-1-5-32-544\t', 'S-1-5-18\t'))), null, 'SYSTEM as owner');
  });

  it('anything else is refused, naming the folder and why', () => {
    const cases: [string[], string, RegExp][] = [
      [[], DIRS[0] as string, /not reported/], // Wine's stub powershell.exe prints nothing and exits 0
      [
        [line(DIRS[0] as string, ADMIN_RULES, { owner: USER }), ...GOOD.slice(1)],
        DIRS[0] as string,
        /owned by S-1-5-21/,
      ],
      [
        [GOOD[0] as string, line(DIRS[1] as string, ADMIN_RULES, { prot: '0' }), GOOD[2] as string],
        DIRS[1] as string,
        /inherits/,
      ],
      [
        [line(DIRS[0] as string, `${ADMIN_RULES};S-1-5-32-545,${RX},1,0`), ...GOOD.slice(1)],
        DIRS[0] as string,
        /S-1-5-32-545 may use it/,
      ],
      [[...GOOD.slice(0, 2), line(DIR, `${ADMIN_RULES};${USER},${FULL},1,0`)], DIR, /may change it/],
      [[...GOOD.slice(0, 2), line(DIR, `${ADMIN_RULES};${USER},${RX},1,1`)], DIR, /inherited/],
      [
        [line(DIRS[0] as string, '', { attrs: 16 | 0x400, owner: '' }), ...GOOD.slice(1)],
        DIRS[0] as string,
        /junction/,
      ],
      [[GOOD[1] as string, GOOD[0] as string, GOOD[2] as string], DIRS[0] as string, /not reported/],
    ];
    for (const [lines, path, reason] of cases) {
      const r = check(lines);
      assert.equal(r?.code, 'windows.elevate-folder', lines.join('\n'));
      assert.equal(r?.params?.path, path);
      assert.match(String(r?.params?.reason), reason);
    }
  });

  it('powershellSecurer: the report decides; a stub PowerShell (exit 0, silent) or a failure refuses', async () => {
    const w = fakeWindows();
    const env = { SystemRoot: 'C:\\Windows' };
    w.answer.set('powershell.exe', () => ({ code: 0, stdout: `${GOOD.join('\r\n')}\r\n`, stderr: '' }));
    assert.equal(await powershellSecurer(w.exec, env)(DIRS, DIR, `*${USER}`), null);
    assert.equal(w.calls[0]?.env?.MIRRORKIT_ACL_USER, `*${USER}`);
    w.answer.set('powershell.exe', () => ({ code: 0, stdout: '', stderr: '' }));
    assert.equal((await powershellSecurer(w.exec, env)(DIRS, DIR, `*${USER}`))?.code, 'windows.elevate-folder');
    w.answer.set('powershell.exe', () => ({ code: 3, stdout: '', stderr: `already exists: ${DIR}` }));
    const r = await powershellSecurer(w.exec, env)(DIRS, DIR, `*${USER}`);
    assert.equal(r?.params?.reason, `already exists: ${DIR}`);
  });

  it('the invoking user is a SID (*S-1-…) or DOMAIN\\user, nothing else', () => {
    for (const ok of [`*${USER}`, 'PC\\li lei', 'li.lei', 'CORP\\svc$', '张三']) assert.ok(validPrincipal(ok), ok);
    for (const bad of ['', '*S-1', '*S-1-5-x', 'a\\b\\c', 'x;y', 'a"b', '$(calc)', 'a'.repeat(65)])
      assert.ok(!validPrincipal(bad), bad);
  });

  it('parseReports ignores what is not a report line', () => {
    const r: FolderReport[] = parseReports(`WARNING: something\r\n${GOOD[0] as string}\r\nDIR\tshort`);
    assert.equal(r.length, 1);
    assert.deepEqual(r[0]?.rules[1], { sid: 'S-1-5-32-544', rights: FULL, allow: true, inherited: false });
  });
});
