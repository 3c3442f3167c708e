import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { maven as mavenSpec } from '../../../shared/targets/maven';
import type { Layer, Message, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { centralMirror, removeMirrorkitMirrors, setCentralMirror } from '../edit/maven-settings';
import { javaFromHome, mavenJavaInvocation } from '../platform/maven-launch';
import { homeDir, pathApi } from '../platform/paths';
import { readZipEntry } from '../platform/zip-entry';

import { findExecutable, foundOnly, layeredReading, processEnv, rank, readText, toolVersion } from './common';
import { targetPlan, writeFile } from './plan-helpers';
import type { DetectOptions, TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

/** Maven Central as the super POM names it: what Maven uses when no mirror takes it over. */
export const MAVEN_CENTRAL = 'https://repo.maven.apache.org/maven2/';

/**
 * Maven's installation folder: MAVEN_HOME / M2_HOME, else the folder above the `bin` holding `mvn` (links
 * followed, as Debian's /usr/bin/mvn → /usr/share/maven/bin/mvn).
 */
async function mavenHome(ctx: Ctx): Promise<string | undefined> {
  const env = processEnv(ctx, 'MAVEN_HOME') ?? processEnv(ctx, 'M2_HOME');
  if (env) return env;
  const exe = await findExecutable(ctx, 'mvn');
  if (!exe) return undefined;
  const p = pathApi(ctx);
  const real = ctx.platform === 'win32' ? exe : await fs.realpath(exe).catch(() => exe);
  return p.dirname(p.dirname(real));
}

/**
 * The version from the installation's maven-core jar: no JVM started just to ask (issue 20, detection). Its name
 * says it (maven-core-3.9.9.jar), or, where a distribution renamed it (Debian: maven-core-3.x.jar), the jar's own
 * pom.properties does.
 */
async function versionFromJar(ctx: Ctx, home: string): Promise<string | undefined> {
  const lib = pathApi(ctx).join(home, 'lib');
  const names = await fs.readdir(lib).catch(() => [] as string[]);
  for (const n of names) {
    if (!/^maven-core-.*\.jar$/.test(n)) continue;
    const m = /^maven-core-(\d+\.\d+[\w.-]*)\.jar$/.exec(n);
    if (m) return m[1];
    const props = await readZipEntry(pathApi(ctx).join(lib, n), POM_PROPERTIES);
    const v = props && /^version=(\d+\.\d+\S*)\s*$/m.exec(props.toString('utf8'))?.[1];
    if (v) return v;
  }
  return undefined;
}
const POM_PROPERTIES = 'META-INF/maven/org.apache.maven/maven-core/pom.properties';

/**
 * Verification asks Maven which repositories a build would resolve from: with -X it prints them after applying
 * the mirrors, offline (-o) and for a project that needs nothing, so no plugin or network is involved.
 * user.home is pinned to the home MirrorKit wrote into: Java takes it from the account, not from HOME.
 */
const VERIFY_ARGS = (home: string, pom: string) => [
  '-B',
  '-X',
  '-o',
  '-N',
  `-Duser.home=${home}`,
  '-f',
  pom,
  'validate',
];
const PROBE_POM =
  '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>' +
  '<groupId>mirrorkit</groupId><artifactId>verify</artifactId><version>1</version><packaging>pom</packaging></project>\n';

interface Analysis {
  userFile: string;
  userText: string | null;
  globalFile: string | undefined;
  layers: Layer[];
  warnings: Message[];
}

/**
 * Maven merges the user's settings over the global ones, user mirrors first, and takes the first mirror whose
 * `mirrorOf` matches Central. `<servers>` are never looked at.
 */
async function analyze(ctx: Ctx): Promise<Analysis> {
  const p = pathApi(ctx);
  const userFile = p.join(homeDir(ctx), '.m2', 'settings.xml');
  const home = await mavenHome(ctx);
  const globalFile = home ? p.join(home, 'conf', 'settings.xml') : undefined;
  const userText = await readText(userFile);
  const layers: Omit<Layer, 'effective'>[] = [];
  const warnings: Message[] = [];
  for (const [file, text] of [
    [userFile, userText],
    [globalFile, globalFile ? await readText(globalFile).catch(() => null) : null],
  ] as const) {
    if (!file) continue;
    let m;
    try {
      m = centralMirror(text);
    } catch (e) {
      throw withPath(e, file);
    }
    if (m?.url)
      layers.push({ origin: { kind: 'file', path: file, key: `mirrors/mirror[${m.id ?? ''}]/url` }, value: m.url });
  }
  const args = processEnv(ctx, 'MAVEN_ARGS');
  const flag = args ? /(?:^|\s)(-s|--settings)(?:=|\s+)(\S+)/.exec(args) : null;
  if (flag) warnings.push({ code: 'maven.settings-flag', params: { value: `${flag[1]} ${flag[2]}`, path: userFile } });
  return { userFile, userText, globalFile, layers: rank(layers), warnings };
}

function sameUrl(a: string | null, b: string | null): boolean {
  const norm = (u: string | null) => (u === null ? MAVEN_CENTRAL : u).replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

export const maven: TargetModule = {
  ...mavenSpec,
  // Only the user's settings.xml is written: its mirrors come before the installation's, so no elevation.
  machineEnv: {},

  async detect(ctx, opts?: DetectOptions) {
    const exe = await findExecutable(ctx, 'mvn');
    if (opts?.quick || !exe) return foundOnly('maven', exe);
    const home = await mavenHome(ctx);
    const version =
      (home ? await versionFromJar(ctx, home) : undefined) ??
      (await toolVersion(ctx, exe, ['-v'], /Apache Maven (\d+(?:\.\d+)*(?:-[A-Za-z0-9.]+)?)/));
    return {
      target: 'maven',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      executable: exe,
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    return layeredReading(ctx, 'maven', 'maven', a.layers, undefined, a.warnings);
  },

  async plan(ctx, choice, opts) {
    const a = await analyze(ctx);
    const url = choice.urls[0] ?? MAVEN_CENTRAL;
    const official = ctx.catalog.match('maven', url)?.provider === 'official';
    const eol = ctx.platform === 'win32' ? '\r\n' : '\n';
    const warnings: Message[] = [...a.warnings];
    if (opts.envScope) warnings.push({ code: 'warn.env-scope-file-only', params: { target: 'maven' } });
    let after: string | null;
    try {
      const before = centralMirror(a.userText);
      if (before && before.id !== 'mirrorkit' && before.mirrorOf !== 'central') {
        warnings.push({
          code: 'maven.central-was-mirrored',
          params: { id: before.id ?? '', mirrorOf: before.mirrorOf ?? '', path: a.userFile },
        });
      }
      // Back to Central: drop MirrorKit's own mirror; write Central only when another mirror would still take it.
      const cleared = official ? removeMirrorkitMirrors(a.userText) : a.userText;
      const stillMirrored =
        official &&
        (centralMirror(cleared) !== undefined ||
          a.layers.some((l) => l.origin.kind === 'file' && l.origin.path === a.globalFile));
      after =
        official && !stillMirrored
          ? cleared
          : setCentralMirror(
              cleared,
              {
                url,
                mirrorOf: choice.extras?.MIRROR_OF,
                name: choice.provider ? `MirrorKit: ${choice.provider}` : 'MirrorKit',
              },
              { eol },
            );
    } catch (e) {
      throw withPath(e, a.userFile);
    }
    const value = a.layers[0]?.value ?? null;
    const changes = after === null || after === a.userText ? [] : [writeFile('maven', a.userFile, a.userText, after)];
    return targetPlan('maven', value, official ? null : url, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'mvn');
    const command = [exe ?? 'mvn', ...VERIFY_ARGS(homeDir(ctx), '<temp>/pom.xml')];
    if (!exe) return notInstalled('maven', command, 'mvn');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mirrorkit-mvn-'));
    try {
      const pom = path.join(dir, 'pom.xml');
      await fs.writeFile(pom, PROBE_POM);
      let r;
      if (ctx.platform === 'win32') {
        // mvn.cmd needs a shell: run the Java command it would run (platform/maven-launch.ts).
        const home = await mavenHome(ctx);
        const java = javaFromHome(ctx) ?? (await findExecutable(ctx, 'java'));
        const inv = home && java ? await mavenJavaInvocation(ctx, home, dir, java) : null;
        if (!inv)
          return {
            target: 'maven',
            ok: false,
            observed: null,
            command,
            skipped: { code: 'maven.verify-windows', params: {} },
          };
        r = await ctx.exec(inv.command, [...inv.args, ...VERIFY_ARGS(homeDir(ctx), pom)], {
          env: { ...ctx.env },
          cwd: dir,
          timeoutMs: 120_000,
        });
      } else {
        r = await ctx.exec(exe, VERIFY_ARGS(homeDir(ctx), pom), { env: { ...ctx.env }, cwd: dir, timeoutMs: 120_000 });
      }
      const repo = /^\[DEBUG\] Repositories \(dependencies\): \[\S+ \(([^,\s]+),/m.exec(r.stdout)?.[1];
      if (r.code !== 0 || repo === undefined) {
        const errors = r.stdout
          .split('\n')
          .filter((l) => l.startsWith('[ERROR]'))
          .join('\n');
        return failedToRun('maven', command, { ...r, stderr: r.stderr || errors });
      }
      // Maven lists Central itself when no mirror takes it over.
      const observed = sameUrl(repo, MAVEN_CENTRAL) ? null : repo;
      const ok = sameUrl(observed, expected);
      return verdict('maven', command, ok, observed, {
        tool: 'mvn',
        observed: observed ?? MAVEN_CENTRAL,
        expected: expected ?? MAVEN_CENTRAL,
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
};
