// The packaging lane's toolsets, made from Debian packages and npm instead of electron-builder's downloads (which
// are pinned archives from GitHub this machine cannot reach). Each override is one of electron-builder 26's own
// environment variables (app-builder-lib/out/toolsets/*.js). What is a STAND-IN, and why, is said where it is made.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The Debian packages the lane needs, by the command it runs (`.ci/run` installs them). */
export const TOOLS = {
  makensis: 'nsis',
  '7za': 'p7zip-full',
  osslsigncode: 'osslsigncode',
  'i686-w64-mingw32-gcc': 'gcc-mingw-w64-i686',
  'x86_64-w64-mingw32-gcc': 'gcc-mingw-w64-x86-64',
  wine: 'wine64 wine',
  wineserver: 'wine64 wine',
  wineboot: 'wine64 wine',
};

export function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    if (dir && existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

/** The missing tools, each with the apt package that brings it; [] when all are there. */
export function missingTools() {
  return Object.entries(TOOLS)
    .filter(([cmd]) => !which(cmd))
    .map(([cmd, pkg]) => `${cmd} (apt-get install ${pkg})`);
}

/**
 * The NSIS plugins electron-builder's template calls that neither Debian's nsis nor npm has, with the functions
 * it calls. Their STAND-INS export these names and do nothing: enough for makensis to compile the project's script
 * and for a silent per-user install (no elevation, no running-app check, no download) to run. UAC's stand-in leaves
 * its argument ("2s", "3s") on the stack, so the template pops a non-zero answer and takes the installer for an
 * administrator (Wine's user is one) and for UAC's elevated inner instance (it is not one: the one-instance mutex
 * is skipped). So a silent /allusers install runs, and nothing is elevated.
 */
const PLUGINS = {
  UAC: ['_'],
  nsProcess: [
    '_FindProcess',
    '_KillProcess',
    '_CloseProcess',
    '_Unload',
    'FindProcess',
    'KillProcess',
    'CloseProcess',
    'Unload',
  ],
  WinShell: ['SetLnkAUMI', 'UninstAppUserModelId', 'UninstShortcut'],
  SpiderBanner: ['Show'],
  nsis7z: ['Extract'],
  nsisunz: ['Unzip'],
  INetC: ['get'],
  StdUtils: [
    'AppendToFile',
    'ExecShellAsUser',
    'ExecShellWaitEx',
    'FormatStr',
    'FormatStr2',
    'FormatStr3',
    'GetAllParameters',
    'GetDays',
    'GetDirectoryPart',
    'GetDrivePart',
    'GetExtensionPart',
    'GetFileNamePart',
    'GetHours',
    'GetLibVersion',
    'GetMinutes',
    'GetOsEdition',
    'GetOsReleaseId',
    'GetParameter',
    'GetParentPath',
    'GetRealOsBuildNo',
    'GetRealOsName',
    'GetRealOsVersion',
    'HashFile',
    'HashText',
    'InvokeShellVerb',
    'NormalizePath',
    'ParameterCnt',
    'ParameterStr',
    'ProtectStr',
    'Rand',
    'RandBytes',
    'RandList',
    'RandMax',
    'RandMinMax',
    'RevStr',
    'SHFileCopy',
    'SHFileMove',
    'ScanStr',
    'ScanStr2',
    'ScanStr3',
    'SetVerboseMode',
    'SplitPath',
    'StrFromUtf8',
    'StrToUtf8',
    'TestParameter',
    'Time',
    'TimerCreate',
    'TimerDestroy',
    'TrimStr',
    'TrimStrLeft',
    'TrimStrRight',
    'UnprotectStr',
    'ValidDomainName',
    'ValidFileName',
    'ValidPathSpec',
    'VerifyRealOsBuildNo',
    'VerifyRealOsVersion',
    'WaitForProcEx',
  ],
};

const GCC = { 'x86-unicode': 'i686-w64-mingw32-gcc', 'amd64-unicode': 'x86_64-w64-mingw32-gcc' };

function must(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, ...opts });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.error?.message}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function compilePlugins(dir) {
  for (const [arch, gcc] of Object.entries(GCC)) {
    const out = path.join(dir, 'plugins', arch);
    mkdirSync(out, { recursive: true });
    for (const [name, fns] of Object.entries(PLUGINS)) {
      const c = path.join(dir, `${name}-${arch}.c`);
      // An NSIS plugin function: void f(HWND, int, TCHAR*, stack_t**, extra_parameters*), cdecl, exported by name.
      const body = fns.map(
        (f) =>
          `__declspec(dllexport) void __cdecl ${f}(void *h, int n, void *v, void **s, void *x) { (void)h; (void)n; (void)v; (void)s; (void)x; }`,
      );
      writeFileSync(
        c,
        `/* STAND-IN for the NSIS plugin ${name}: exports its functions, does nothing. */\n${body.join('\n')}\n`,
      );
      must(gcc, ['-shared', '-s', '-O2', '-nostdlib', '-Wl,--entry=0', '-o', path.join(out, `${name}.dll`), c]);
      rmSync(c);
    }
  }
}

/**
 * Make every toolset under `dir` and return the environment that points electron-builder at them.
 * `captureDir` receives each script electron-builder feeds makensis (the lane rebuilds its 64-bit variant from it).
 */
export function makeToolsets(dir, captureDir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(captureDir, { recursive: true });

  // NSIS: Debian's makensis 3.08, behind capture-makensis.mjs, which keeps each script electron-builder compiles.
  const nsis = path.join(dir, 'nsis');
  mkdirSync(nsis, { recursive: true });
  const makensis = path.join(nsis, 'makensis');
  const capture = path.join(path.dirname(import.meta.filename), 'capture-makensis.mjs');
  writeFileSync(
    makensis,
    `#!/bin/sh\n# Debian's makensis, each script kept for the lane (scripts/package-lane/capture-makensis.mjs)\nexec "${process.execPath}" "${capture}" "$@"\n`,
  );
  chmodSync(makensis, 0o755);
  // STAND-IN elevate.exe: electron-builder packs it for per-machine installs; this one exits 1 (it elevates nothing).
  const elevateC = path.join(nsis, 'elevate.c');
  writeFileSync(
    elevateC,
    "/* STAND-IN for electron-builder's elevate.exe: elevates nothing. */\nint main(void) { return 1; }\n",
  );
  must('i686-w64-mingw32-gcc', ['-s', '-O2', '-o', path.join(nsis, 'elevate.exe'), elevateC]);
  rmSync(elevateC);

  const resources = path.join(dir, 'nsis-resources');
  compilePlugins(resources);

  // 7-Zip: Debian's p7zip-full.
  // Wine: STAND-IN. electron-builder runs the intermediate 32-bit installer under wine only so that it writes its
  // uninstaller; 64-bit Wine cannot run 32-bit code, so this `wine` takes the uninstaller out of that installer with
  // electron-builder's own reader (UninstallerReader, its macOS route), which is what running it would write.
  const wine = path.join(dir, 'wine');
  mkdirSync(path.join(wine, 'bin'), { recursive: true });
  mkdirSync(path.join(wine, 'wine-home'), { recursive: true });
  mkdirSync(path.join(wine, 'lib'), { recursive: true });
  const reader = path.join(path.dirname(import.meta.filename), 'uninstaller-reader.cjs');
  const wineBin = path.join(wine, 'bin', 'wine');
  writeFileSync(
    wineBin,
    `#!/bin/sh\n# STAND-IN for wine (see scripts/package-lane/toolsets.mjs)\nexec "${process.execPath}" "${reader}" "$@"\n`,
  );
  chmodSync(wineBin, 0o755);

  return {
    PACKAGE_LANE_REAL_MAKENSIS: which('makensis'),
    PACKAGE_LANE_CAPTURE: captureDir,
    ELECTRON_BUILDER_NSIS_DIR: nsis,
    ELECTRON_BUILDER_NSIS_RESOURCES_DIR: resources,
    ELECTRON_BUILDER_7ZIP_PATH: which('7za'),
    ELECTRON_BUILDER_WINE_TOOLSET_DIR: wine,
  };
}
