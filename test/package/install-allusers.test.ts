/**
 * The all-users (`/allusers`) install of the 64-bit TEST VARIANT under Wine: it lays out the app under Program Files,
 * registers it in HKLM and registers the "MirrorKit" Application event-log source (build/installer.nsh, for the audit
 * trail's eventcreate); the uninstaller named by its own QuietUninstallString takes all of it away again. The
 * oracle is the prefix's file system and Wine's reg.exe. No elevation happens: the UAC plugin is a do-nothing
 * STAND-IN whose silence the template reads as "already an administrator", which Wine's user is.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  driveC,
  ensurePrefix,
  finalDefine,
  home,
  laneResult,
  regQuery,
  stopWine,
  tree,
  userHome,
  wine,
  wineWait,
} from './lane';

const lane = laneResult();
const uninstallKey = `HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${finalDefine(lane.captureDir, 'UNINSTALL_APP_KEY')}`;
const guidKey = `HKLM\\Software\\${finalDefine(lane.captureDir, 'APP_GUID')}`;
const eventSource = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\MirrorKit';
const installDir = path.join(driveC, 'Program Files', 'MirrorKit');
const installWin = 'C:\\Program Files\\MirrorKit';
const startMenuLink = path.join(
  driveC,
  'ProgramData',
  'Microsoft',
  'Windows',
  'Start Menu',
  'Programs',
  'MirrorKit.lnk',
);
const desktopLink = path.join(driveC, 'users', 'Public', 'Desktop', 'MirrorKit.lnk');
const UNINSTALLER = 'Uninstall MirrorKit.exe';
const UNINSTALL_ICON = 'uninstallerIcon.ico';

/** Everything an all-users install may touch: Program Files, ProgramData, the Public and the user's profile, HOME. */
function snapshot(): Set<string> {
  const out = new Set<string>();
  const walk = (d: string, rel: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const r = `${rel}/${name}`;
      // %TEMP% (the uninstaller re-runs from a copy there) and Wine's own cache churn on their own.
      if (/^\/user(\/AppData\/Local)?\/Temp$/i.test(r) || /^\/home\/\.cache$/.test(r)) continue;
      out.add(r);
      if (statSync(path.join(d, name), { throwIfNoEntry: false })?.isDirectory()) walk(path.join(d, name), r);
    }
  };
  walk(path.join(driveC, 'Program Files'), '/Program Files');
  walk(path.join(driveC, 'ProgramData'), '/ProgramData');
  walk(path.join(driveC, 'users', 'Public'), '/Public');
  walk(userHome, '/user');
  walk(home, '/home');
  return out;
}

let before0 = new Set<string>();
const figures: string[] = [];

before(() => {
  const p = ensurePrefix();
  if (p.ms > 0) figures.push(`wine prefix made in ${(p.ms / 1000).toFixed(1)} s`);
  assert.equal(
    existsSync(installDir),
    false,
    `${installDir} exists before the install: remove .cache/package-lane/wine`,
  );
  assert.equal(regQuery(eventSource), null, `${eventSource} exists before the install`);
  before0 = snapshot();
});

after(() => {
  stopWine();
  for (const f of figures) console.log(f);
});

test('a silent /allusers install lays out the app under Program Files and registers the event source', () => {
  const r = wine([lane.variant, '/S', '/allusers'], 300_000);
  wineWait();
  assert.equal(r.code, 0, `installer exit ${r.code}: ${r.stderr}`);
  figures.push(`all-users install (/S /allusers, 64-bit test variant) ${(r.ms / 1000).toFixed(1)} s`);

  const installed = tree(installDir);
  assert.ok(installed.delete(UNINSTALLER), `${UNINSTALLER} is installed`);
  assert.ok(installed.delete(UNINSTALL_ICON), `${UNINSTALL_ICON} is installed`);
  const unpacked = tree(lane.unpacked);
  assert.deepEqual([...installed.keys()].sort(), [...unpacked.keys()].sort(), 'the installed files are the unpacked');
  for (const [f, sha] of unpacked) assert.equal(installed.get(f), sha, `${f} is byte-identical`);

  // As eventcreate registers a source: its own message file, error|warning|information, and marked custom.
  const source = regQuery(eventSource);
  assert.ok(source, `${eventSource} exists`);
  assert.deepEqual(Object.fromEntries(source), {
    EVENTMESSAGEFILE: '%SystemRoot%\\System32\\EventCreate.exe',
    TYPESSUPPORTED: '0x7',
    CUSTOMSOURCE: '0x1',
  });

  const values = regQuery(uninstallKey);
  assert.ok(values, `${uninstallKey} exists (HKLM, not HKCU)`);
  assert.equal(values.get('QUIETUNINSTALLSTRING'), `"${installWin}\\${UNINSTALLER}" /allusers /S`);
  assert.equal(regQuery(guidKey)?.get('INSTALLLOCATION'), installWin);
  assert.ok(existsSync(startMenuLink), 'a Start-menu shortcut for all users');
  assert.ok(existsSync(desktopLink), 'a Desktop shortcut on the Public desktop');
});

test('the silent all-users uninstall removes the event source, the folder, the keys and the shortcuts', () => {
  // The command line Windows' "Apps" settings and an admin's script would run: the key's own QuietUninstallString.
  const quiet = regQuery(uninstallKey)?.get('QUIETUNINSTALLSTRING') ?? '';
  const m = /^"([^"]+)" (.*)$/.exec(quiet);
  assert.ok(m, `QuietUninstallString ${JSON.stringify(quiet)} is "<exe>" <arguments>`);
  const r = wine([m[1] ?? '', ...(m[2] ?? '').split(' ')], 300_000);
  wineWait();
  assert.equal(r.code, 0, `uninstaller exit ${r.code}: ${r.stderr}`);
  figures.push(`all-users uninstall (${m[2]}) ${(r.ms / 1000).toFixed(1)} s (+ waiting for its copy in %TEMP%)`);

  assert.equal(regQuery(eventSource), null, `${eventSource} is gone`);
  assert.equal(existsSync(installDir), false, `${installDir} is gone`);
  assert.equal(regQuery(uninstallKey), null, `${uninstallKey} is gone`);
  assert.equal(regQuery(guidKey), null, `${guidKey} is gone`);
  assert.equal(existsSync(startMenuLink), false, 'the Start-menu shortcut is gone');
  assert.equal(existsSync(desktopLink), false, 'the Desktop shortcut is gone');
  const left = [...snapshot()].filter((p) => !before0.has(p));
  assert.deepEqual(left, [], 'nothing new is left in Program Files, ProgramData, the profiles or HOME');
});
