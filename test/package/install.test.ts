/**
 * The 64-bit TEST VARIANT of the installer (scripts/package-lane/variant64.mjs: the project's own NSIS script, built
 * for amd64) under Wine: a silent per-user install lays out exactly the unpacked app, registers its uninstaller and
 * its shortcuts; the CLI bundle taken from the installed asar runs under the Windows node.exe; a silent uninstall
 * leaves nothing behind. The oracle is the prefix's file system and reg.exe, not the installer's word.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { extractFile } from '@electron/asar';

import {
  driveC,
  ensurePrefix,
  finalDefine,
  home,
  laneDir,
  laneResult,
  regQuery,
  stopWine,
  tree,
  userHome,
  wine,
  wineWait,
  zPath,
} from './lane';

const lane = laneResult();
const key = `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${finalDefine(lane.captureDir, 'UNINSTALL_APP_KEY')}`;
const guidKey = `HKCU\\Software\\${finalDefine(lane.captureDir, 'APP_GUID')}`;
const installDir = path.join(userHome, 'AppData', 'Local', 'Programs', 'MirrorKit');
const installWin = `C:\\users\\${path.basename(userHome)}\\AppData\\Local\\Programs\\MirrorKit`;
const startMenuLink = path.join(
  userHome,
  'AppData',
  'Roaming',
  'Microsoft',
  'Windows',
  'Start Menu',
  'Programs',
  'MirrorKit.lnk',
);
const desktopLink = path.join(userHome, 'Desktop', 'MirrorKit.lnk');
const UNINSTALLER = 'Uninstall MirrorKit.exe';
/** Written beside the app for the Uninstall key's DisplayIcon (nsis.uninstallerIcon). */
const UNINSTALL_ICON = 'uninstallerIcon.ico';

/** Everything in the user's part of the prefix and in HOME, minus what Wine itself churns (temp files, registry). */
function snapshot(): Set<string> {
  const out = new Set<string>();
  const walk = (d: string, rel: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const r = `${rel}/${name}`;
      // %TEMP% (the uninstaller runs from a copy there, which Windows clears later too) and Wine's own cache.
      if (/^\/user(\/AppData\/Local)?\/Temp$/i.test(r) || /^\/home\/\.cache$/.test(r)) continue;
      out.add(r);
      if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p, r);
    }
  };
  walk(userHome, '/user');
  walk(home, '/home');
  walk(path.join(driveC, 'Program Files'), '/Program Files');
  return out;
}

let before0 = new Set<string>();
const figures: string[] = [];

before(() => {
  const p = ensurePrefix();
  if (p.ms > 0) figures.push(`wine prefix made in ${(p.ms / 1000).toFixed(1)} s`);
  // A previous run that died mid-way must not be mistaken for this one's work.
  assert.equal(
    existsSync(installDir),
    false,
    `${installDir} exists before the install (a previous run left it): remove .cache/package-lane/wine`,
  );
  before0 = snapshot();
});

after(() => {
  stopWine();
  for (const f of figures) console.log(f);
});

test('a silent install lays out exactly the unpacked app and registers it', () => {
  const r = wine([lane.variant, '/S'], 300_000);
  wineWait();
  assert.equal(r.code, 0, `installer exit ${r.code}: ${r.stderr}`);
  figures.push(
    `install (/S, ${(lane.variantBytes / 1024 / 1024).toFixed(0)} MB test variant) ${(r.ms / 1000).toFixed(1)} s`,
  );

  const installed = tree(installDir);
  const unpacked = tree(lane.unpacked);
  const uninstaller = installed.get(UNINSTALLER);
  assert.ok(uninstaller, `${UNINSTALLER} is installed`);
  installed.delete(UNINSTALLER);
  assert.ok(installed.get(UNINSTALL_ICON), `${UNINSTALL_ICON} is installed`);
  installed.delete(UNINSTALL_ICON);
  assert.deepEqual(
    [...installed.keys()].sort(),
    [...unpacked.keys()].sort(),
    'the installed files are the unpacked files',
  );
  for (const [f, sha] of unpacked) assert.equal(installed.get(f), sha, `${f} is byte-identical`);

  const values = regQuery(key);
  assert.ok(values, `${key} exists`);
  assert.equal(values.get('DISPLAYNAME'), `MirrorKit ${finalDefine(lane.captureDir, 'VERSION')}`);
  assert.equal(values.get('PUBLISHER'), finalDefine(lane.captureDir, 'COMPANY_NAME'));
  assert.equal(values.get('DISPLAYVERSION'), finalDefine(lane.captureDir, 'VERSION'));
  assert.match(values.get('QUIETUNINSTALLSTRING') ?? '', /Uninstall MirrorKit\.exe" \/currentuser \/S$/);
  assert.match(values.get('UNINSTALLSTRING') ?? '', /Uninstall MirrorKit\.exe" \/currentuser$/);
  assert.equal(regQuery(guidKey)?.get('INSTALLLOCATION'), installWin);
  // Wine would let it write HKLM; only build/installer.nsh's `$installMode == "all"` keeps a per-user install off it.
  assert.equal(
    regQuery('HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\MirrorKit'),
    null,
    'a per-user install registers no event source',
  );

  assert.ok(existsSync(startMenuLink), 'a Start-menu shortcut');
  assert.ok(existsSync(desktopLink), 'a Desktop shortcut (in the scratch HOME: Wine maps the Desktop there)');
});

test('the CLI bundle from the installed asar runs under the Windows node.exe', () => {
  const dir = path.join(laneDir, 'cli-from-asar');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cli = path.join(dir, 'cli.cjs');
  writeFileSync(cli, extractFile(path.join(installDir, 'resources', 'app.asar'), 'out/cli.cjs'));
  const state = `C:\\users\\${path.basename(userHome)}\\mirrorkit-package-lane`;

  const env = { MIRRORKIT_HOME: state };
  const list = wine([lane.nodeExe, zPath(cli), 'list', '--json'], undefined, env);
  assert.equal(list.code, 0, `list --json exit ${list.code}: ${list.stderr}${list.stdout}`);
  const catalog = JSON.parse(list.stdout) as { providers: { id: string }[] };
  assert.ok(
    catalog.providers.some((p) => p.id === 'aliyun'),
    'the catalog lists aliyun',
  );
  const status = wine([lane.nodeExe, zPath(cli), 'status', '--json'], undefined, env);
  assert.equal(status.code, 0, `status --json exit ${status.code}: ${status.stderr}${status.stdout}`);
  const tools = (JSON.parse(status.stdout) as { tools: { target: string }[] }).tools.map((t) => t.target);
  assert.ok(tools.includes('pip') && tools.includes('npm'), `status reports the targets (${tools.join(', ')})`);
  rmSync(path.join(userHome, 'mirrorkit-package-lane'), { recursive: true, force: true });
  figures.push(
    `CLI from the installed asar under node.exe: list ${(list.ms / 1000).toFixed(1)} s, status ${(status.ms / 1000).toFixed(1)} s`,
  );
});

test('a silent uninstall leaves no file, key or shortcut behind', () => {
  const r = wine([path.join(installDir, UNINSTALLER), '/S', '/currentuser'], 300_000);
  wineWait();
  assert.equal(r.code, 0, `uninstaller exit ${r.code}: ${r.stderr}`);
  figures.push(`uninstall (/S /currentuser) ${(r.ms / 1000).toFixed(1)} s (+ waiting for its copy in %TEMP%)`);
  assert.equal(existsSync(installDir), false, `${installDir} is gone`);
  assert.equal(regQuery(key), null, `${key} is gone`);
  assert.equal(regQuery(guidKey), null, `${guidKey} is gone`);
  assert.equal(existsSync(startMenuLink), false, 'the Start-menu shortcut is gone');
  assert.equal(existsSync(desktopLink), false, 'the Desktop shortcut is gone');
  const after0 = snapshot();
  // %LOCALAPPDATA%\Programs is the shared parent of per-user installs (Windows 10 has it); NSIS made it here, empty.
  const programs = path.join(userHome, 'AppData', 'Local', 'Programs');
  const sharedParent = (p: string): boolean =>
    p === '/user/AppData/Local/Programs' && readdirSync(programs).length === 0;
  const left = [...after0].filter((p) => !before0.has(p) && !sharedParent(p));
  assert.deepEqual(left, [], 'nothing new is left in the user profile, HOME or Program Files');
});
