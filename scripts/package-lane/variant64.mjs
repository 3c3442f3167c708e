// The 64-bit TEST VARIANT of the installer. The shipped installer is a 32-bit NSIS program and 64-bit Wine cannot
// run 32-bit code (installing wine32 breaks Wine here), so the lane rebuilds the very script electron-builder
// generated (captured by capture-makensis.mjs) with three differences, and installs that under Wine:
//  1. `Target amd64-unicode`, with the amd64 builds of the plugin stand-ins;
//  2. the payload is copied by NSIS (`File /r`) from the same .7z the shipped installer embeds, extracted here by
//     7za, instead of by the Nsis7z plugin (not in Debian or npm);
//  3. the running-app check is empty (customCheckAppRunning): it runs findstr and powershell, which Wine stubs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { nsisTemplatesDir } from 'app-builder-lib/out/targets/nsis/nsisUtil.js';

function must(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.slice(0, 3).join(' ')} … failed (${r.status ?? r.error?.message}): ${(r.stderr + r.stdout).slice(-3000)}`,
    );
  return r.stdout;
}

function replaceOnce(text, from, to, where) {
  if (!text.includes(from))
    throw new Error(
      `the 64-bit variant cannot be made: "${from.trim()}" is no longer in ${where} (electron-builder changed its template)`,
    );
  return text.replace(from, () => to);
}

/** The captures of one electron-builder run: the intermediate (uninstaller-writing) one and the final one. */
export function readCaptures(captureDir) {
  const runs = readdirSync(captureDir)
    .sort()
    .map((d) => ({
      dir: path.join(captureDir, d),
      args: JSON.parse(readFileSync(path.join(captureDir, d, 'args.json'), 'utf8')),
    }));
  const intermediate = runs.find((r) => r.args.includes('-DBUILD_UNINSTALLER'));
  const final = runs.findLast((r) => !r.args.includes('-DBUILD_UNINSTALLER'));
  if (!intermediate || !final) throw new Error(`electron-builder's makensis runs were not captured in ${captureDir}`);
  return { intermediate, final, script: readFileSync(path.join(final.dir, 'script.nsi'), 'utf8') };
}

function define(args, name) {
  const a = args.find((x) => x.startsWith(`-D${name}=`));
  return a?.slice(name.length + 3);
}

/**
 * Build the variant into `work`. `pluginsAmd64` holds the amd64 plugin stand-ins; `readerScript` takes the
 * uninstaller out of the intermediate build, as it does for the shipped one. Returns the variant installer path.
 */
export function buildVariant({ captureDir, work, pluginsAmd64, readerScript, sevenZip }) {
  const { intermediate, final } = readCaptures(captureDir);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  // The payload: the very archive the shipped installer carries.
  const archive = path.join(final.dir, 'app-64.7z');
  if (!existsSync(archive))
    throw new Error(`the app archive of the final build (APP_64 = ${define(final.args, 'APP_64')}) was not captured`);
  const payload = path.join(work, 'payload');
  must(sevenZip, ['x', '-y', `-o${payload}`, archive]);

  // A copy of the templates with the two macros that need a plugin or a Windows tool replaced.
  const templates = path.join(work, 'templates');
  cpSync(nsisTemplatesDir, templates, { recursive: true });
  const extractFile = path.join(templates, 'include', 'extractAppPackage.nsh');
  let extract = readFileSync(extractFile, 'utf8');
  extract = replaceOnce(
    extract,
    '  File /oname=$PLUGINSDIR\\app-64.${COMPRESSION_METHOD} "${APP_64}"\n',
    '  ; test variant: the payload is copied by File /r below\n',
    'extractAppPackage.nsh',
  );
  extract = replaceOnce(
    extract,
    '    !insertmacro extractUsing7za "$PLUGINSDIR\\app-$packageArch.7z"\n',
    `    ; test variant: NSIS copies the extracted archive\n    File /r "${payload}/*"\n`,
    'extractAppPackage.nsh',
  );
  writeFileSync(extractFile, extract);

  // Stored, not compressed: the variant is built for one install under Wine, and compressing 80 MB takes a minute.
  const header = `; 64-bit TEST VARIANT made by scripts/package-lane/variant64.mjs, not for shipping\nSetCompress off\n!macro customCheckAppRunning\n!macroend\n`;
  const variantScript = (run) => {
    let s = readFileSync(path.join(run.dir, 'script.nsi'), 'utf8');
    s = s.split(nsisTemplatesDir).join(templates);
    s = s.replace(/^!addplugindir \/x86-unicode "[^"]*"$/m, `!addplugindir /amd64-unicode "${pluginsAmd64}"`);
    return header + s;
  };
  const variantArgs = (run, outFile, uninstallerOut) =>
    // Not -WX: the emptied running-app check leaves LogicLib labels unused, which makensis warns about.
    run.args
      .filter((a) => a !== '-WX')
      .map((a) => {
        if (a === '-XUnicode true') return '-XTarget amd64-unicode';
        if (a === '-DCOMPRESS=auto') return '-DVARIANT_STORED';
        if (a.startsWith('-XOutFile ')) return `-XOutFile "${outFile}"`;
        if (a.startsWith('-DUNINSTALLER_OUT_FILE=')) return `-DUNINSTALLER_OUT_FILE=${uninstallerOut}`;
        return a;
      });
  const makensis = (run, outFile, uninstallerOut) =>
    must(process.env.PACKAGE_LANE_REAL_MAKENSIS ?? 'makensis', variantArgs(run, outFile, uninstallerOut), {
      input: variantScript(run),
      cwd: templates,
    });

  // As electron-builder does: an intermediate build writes the uninstaller, the final build embeds it.
  const stage1 = path.join(work, 'MirrorKit-Setup-x64-variant.exe');
  const uninstaller = path.join(work, 'MirrorKit-Setup-x64-variant.__uninstaller.exe');
  makensis(intermediate, stage1, `Z:${uninstaller.replace(/\//g, '\\')}`);
  must(process.execPath, [readerScript, stage1]);
  if (!existsSync(uninstaller)) throw new Error('the variant uninstaller was not written');
  const installer = path.join(work, 'MirrorKit-Setup-test-variant-x64.exe');
  makensis(final, installer, uninstaller);
  rmSync(stage1);
  return { installer, payload };
}
