/**
 * The installer electron-builder made with the project's configuration: its name, that it is an NSIS program whose
 * script compiled for both languages, and its version metadata.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { finalDefine, laneResult, root } from './lane';

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  author: { name: string };
};
const NSIS_SIGNATURE = Buffer.from('efbeadde4e756c6c736f6674496e7374', 'hex');

/** The folder of electron-builder's final makensis run, as capture-makensis.mjs kept it. */
function finalRun(captureDir: string): string {
  for (const d of readdirSync(captureDir).sort().reverse()) {
    const args = JSON.parse(readFileSync(path.join(captureDir, d, 'args.json'), 'utf8')) as string[];
    if (!args.includes('-DBUILD_UNINSTALLER')) return path.join(captureDir, d);
  }
  throw new Error('no final makensis run was captured');
}

test('the installer is MirrorKit-Setup-<version>-x64.exe, an NSIS program', () => {
  const lane = laneResult();
  assert.equal(path.basename(lane.installer), `MirrorKit-Setup-${pkg.version}-x64.exe`);
  const exe = readFileSync(lane.installer);
  assert.equal(exe.subarray(0, 2).toString('latin1'), 'MZ');
  assert.ok(exe.indexOf(NSIS_SIGNATURE) > 0, 'no NSIS data in the installer');
  console.log(`installer ${(lane.installerBytes / 1024 / 1024).toFixed(1)} MB (payload: the stand-in Electron)`);
});

test('the NSIS script compiled with both installer languages (zh_CN, en_US)', () => {
  const lane = laneResult();
  const run = finalRun(lane.captureDir);
  const script = readFileSync(path.join(run, 'script.nsi'), 'utf8');
  const langs = [...script.matchAll(/!insertmacro MUI_LANGUAGE "(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(langs.sort(), ['English', 'SimpChinese']);
  const messages = readdirSync(run)
    .filter((f) => f.startsWith('include-'))
    .map((f) => readFileSync(path.join(run, f), 'utf8'))
    .join('\n');
  assert.match(messages, /LangString \w+ 2052 /, 'Chinese (2052) messages');
  assert.match(messages, /LangString \w+ 1033 /, 'English (1033) messages');
});

test('version and publisher metadata reach the installer', () => {
  const lane = laneResult();
  assert.equal(finalDefine(lane.captureDir, 'VERSION'), pkg.version);
  assert.equal(finalDefine(lane.captureDir, 'COMPANY_NAME'), pkg.author.name);
  assert.equal(finalDefine(lane.captureDir, 'UNINSTALL_DISPLAY_NAME'), `MirrorKit ${pkg.version}`);
  // VS_VERSION_INFO strings are UTF-16LE in the PE resources.
  const exe = readFileSync(lane.installer);
  for (const s of ['CompanyName', pkg.author.name, 'ProductVersion', pkg.version]) {
    assert.ok(exe.includes(Buffer.from(s, 'utf16le')), `"${s}" in the installer's version resource`);
  }
});

test('the icon is a real multi-size .ico up to 256 px', () => {
  const ico = readFileSync(path.join(root, 'build', 'icon.ico'));
  assert.equal(ico.readUInt16LE(0), 0);
  assert.equal(ico.readUInt16LE(2), 1, 'type 1 = icon');
  const n = ico.readUInt16LE(4);
  const sizes = Array.from({ length: n }, (_, i) => ico[6 + i * 16] || 256);
  assert.ok(
    sizes.includes(256) && sizes.includes(16) && sizes.includes(32) && sizes.includes(48),
    `sizes ${sizes.join(', ')}`,
  );
});

test('an all-users install registers the "MirrorKit" event source as eventcreate would, and its uninstall removes it', () => {
  const lane = laneResult();
  const run = finalRun(lane.captureDir);
  // electron-builder includes the project's build/installer.nsh (nsis.include) by its path; under /tmp the lane's
  // capture keeps a copy as include-N-installer.nsh. Either way it must be the project's file, byte for byte.
  const script = readFileSync(path.join(run, 'script.nsi'), 'utf8');
  const include = /^!include "([^"]*installer\.nsh)"$/m.exec(script)?.[1] ?? '(none)';
  const included = readFileSync(include, 'utf8');
  assert.equal(
    included,
    readFileSync(path.join(root, 'build', 'installer.nsh'), 'utf8'),
    `${include} is installer.nsh`,
  );
  const key = 'SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\MirrorKit';
  assert.ok(included.includes(`"${key}"`), 'the event source key');
  const install = /!macro customInstall([\s\S]*?)!macroend/.exec(included)?.[1] ?? '';
  assert.match(
    install,
    /\$\{if\} \$installMode == "all"[\s\S]*WriteRegExpandStr HKLM [^\n]*"EventMessageFile" "%SystemRoot%\\System32\\EventCreate\.exe"/,
  );
  assert.match(install, /WriteRegDWORD HKLM [^\n]*"CustomSource" 1/);
  assert.match(install, /WriteRegDWORD HKLM [^\n]*"TypesSupported" 7/);
  const uninstall = /!macro customUnInstall([\s\S]*?)!macroend/.exec(included)?.[1] ?? '';
  assert.match(uninstall, /DeleteRegKey HKLM/);
  // The per-user install, the one the lane runs under Wine, cannot register it: not exercised here.
});
