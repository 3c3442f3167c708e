import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { gradle as gradleSpec } from '../../../shared/targets/gradle';
import type { Layer, Message, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { homeDir, pathApi } from '../platform/paths';

import { findExecutable, foundOnly, layeredReading, processEnv, rank, readText, toolVersion } from './common';
import { failed, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

/**
 * Gradle has no mirror setting: MirrorKit owns one init script, `$GRADLE_USER_HOME/init.d/mirrorkit.gradle`, a
 * whole file it writes and restore deletes. The script rewrites the URL of Maven Central wherever a build
 * declares it (project, buildscript, and, from Gradle 6, settings: pluginManagement and
 * dependencyResolutionManagement, in beforeSettings, the only time settings repositories may change). It
 * never adds a repository, so builds with `RepositoriesMode.FAIL_ON_PROJECT_REPOS` keep working.
 */
const CENTRALS = [
  'https://repo.maven.apache.org/maven2',
  'https://repo1.maven.org/maven2',
  'http://repo1.maven.org/maven2',
];
const MARK = '// Written by MirrorKit';

export function initScript(url: string, eol: string): string {
  return [
    `${MARK} (mirrorkit restore removes it): Maven Central is fetched from the mirror below.`,
    `def mirrorkitUrl = '${url}'`,
    `def mirrorkitCentrals = [${CENTRALS.map((c) => `'${c}'`).join(', ')}]`,
    'def mirrorkitRewrite = { repos ->',
    '    repos.all { repo ->',
    "        if (repo instanceof MavenArtifactRepository && mirrorkitCentrals.contains(repo.url.toString().replaceAll('/+$', ''))) {",
    '            repo.url = mirrorkitUrl',
    "            // Gradle 7+ refuses plain http unless told; a company's http Nexus is a deliberate choice.",
    "            if (mirrorkitUrl.startsWith('http:') && repo.metaClass.respondsTo(repo, 'setAllowInsecureProtocol', boolean)) {",
    '                repo.allowInsecureProtocol = true',
    '            }',
    '        }',
    '    }',
    '}',
    'allprojects {',
    '    mirrorkitRewrite(buildscript.repositories)',
    '    mirrorkitRewrite(repositories)',
    '}',
    "if (gradle.metaClass.respondsTo(gradle, 'beforeSettings', Closure)) {",
    '    gradle.beforeSettings { settings ->',
    '        mirrorkitRewrite(settings.pluginManagement.repositories)',
    "        if (settings.hasProperty('dependencyResolutionManagement')) {",
    '            mirrorkitRewrite(settings.dependencyResolutionManagement.repositories)',
    '        }',
    '    }',
    '}',
    '',
  ].join(eol);
}

/** The mirror URL in a script MirrorKit wrote, or undefined for any other text. */
export function scriptUrl(text: string): string | undefined {
  if (!text.startsWith(MARK)) return undefined;
  return /^def mirrorkitUrl = '([^'\n]*)'/m.exec(text)?.[1];
}

/** `$GRADLE_USER_HOME`, else ~/.gradle: where init.d/ and gradle.properties are read. */
export function gradleUserHome(ctx: Ctx): string {
  return processEnv(ctx, 'GRADLE_USER_HOME') ?? pathApi(ctx).join(homeDir(ctx), '.gradle');
}

interface Analysis {
  file: string;
  text: string | null;
  layers: Layer[];
  warnings: Message[];
}

async function analyze(ctx: Ctx): Promise<Analysis> {
  const p = pathApi(ctx);
  const home = gradleUserHome(ctx);
  const file = p.join(home, 'init.d', 'mirrorkit.gradle');
  const text = await readText(file);
  const url = text === null ? undefined : scriptUrl(text);
  const layers: Omit<Layer, 'effective'>[] = url
    ? [{ origin: { kind: 'file', path: file, key: 'mirrorkitUrl' }, value: url }]
    : [];
  const others = [
    ...(await fs.readdir(p.join(home, 'init.d')).catch(() => [] as string[]))
      .filter((n) => /\.gradle(\.kts)?$/.test(n) && n !== 'mirrorkit.gradle')
      .map((n) => p.join(home, 'init.d', n)),
    ...(
      await Promise.all(
        ['init.gradle', 'init.gradle.kts'].map(async (n) =>
          (await readText(p.join(home, n)).catch(() => null)) === null ? [] : [p.join(home, n)],
        ),
      )
    ).flat(),
  ];
  const warnings: Message[] =
    others.length > 0 ? [{ code: 'gradle.other-init-scripts', params: { files: others.join(', ') } }] : [];
  return { file, text, layers: rank(layers), warnings };
}

const PROBE_BUILD = [
  'repositories { mavenCentral() }',
  'task mirrorkitRepositories { doLast { project.repositories.each { println "MIRRORKIT_REPO ${it.url}" } } }',
  '',
].join('\n');

export const gradle: TargetModule = {
  ...gradleSpec,
  machineEnv: {},

  async detect(ctx, opts) {
    const exe = await findExecutable(ctx, 'gradle');
    if (opts?.quick || !exe) return foundOnly('gradle', exe);
    // The version from the installation's launcher jar: `gradle --version` would start a JVM (seconds).
    const p = pathApi(ctx);
    const real = ctx.platform === 'win32' ? exe : await fs.realpath(exe).catch(() => exe);
    const jars = await fs.readdir(p.join(p.dirname(p.dirname(real)), 'lib')).catch(() => [] as string[]);
    const fromJar = jars
      .map((n) => /^gradle-launcher-(\d+\.\d+[\w.-]*)\.jar$/.exec(n)?.[1])
      .find((v) => v !== undefined);
    const version =
      fromJar ?? (await toolVersion(ctx, exe, ['--version', '--offline', '--no-daemon'], /Gradle (\d\S*)/));
    return {
      target: 'gradle',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      executable: exe,
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    return layeredReading(ctx, 'gradle', 'maven', a.layers, undefined, a.warnings);
  },

  async plan(ctx, choice, opts) {
    const a = await analyze(ctx);
    const url = choice.urls[0];
    if (a.text !== null && !a.text.startsWith(MARK))
      return failed('gradle', { code: 'gradle.init-script-foreign', params: { path: a.file } });
    const official = !url || ctx.catalog.match('maven', url)?.provider === 'official';
    const warnings: Message[] = [...a.warnings];
    if (opts.envScope) warnings.push({ code: 'warn.env-scope-file-only', params: { target: 'gradle' } });
    const before = a.layers[0]?.value ?? null;
    if (official) {
      // Back to Central: the script goes. A plan never deletes a file, so it is emptied of any rewrite.
      const changes =
        a.text === null
          ? []
          : [writeFile('gradle', a.file, a.text, `${MARK}: no mirror (Maven Central as the build declares it).\n`)];
      return targetPlan('gradle', before, null, changes, warnings, choice.provider);
    }
    const eol = ctx.platform === 'win32' ? '\r\n' : '\n';
    return targetPlan(
      'gradle',
      before,
      url,
      [writeFile('gradle', a.file, a.text, initScript(url, eol))],
      warnings,
      choice.provider,
    );
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'gradle');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mirrorkit-gradle-'));
    const args = ['--offline', '--no-daemon', '-q', '-g', gradleUserHome(ctx), '-p', dir, 'mirrorkitRepositories'];
    const command = [exe ?? 'gradle', ...args.map((x) => (x === dir ? '<temp>' : x))];
    try {
      if (!exe) return notInstalled('gradle', command);
      if (ctx.platform === 'win32')
        return {
          target: 'gradle',
          ok: false,
          observed: null,
          command,
          skipped: { code: 'gradle.verify-windows', params: {} },
        };
      await fs.writeFile(path.join(dir, 'build.gradle'), PROBE_BUILD);
      await fs.writeFile(path.join(dir, 'settings.gradle'), '');
      const r = await ctx.exec(exe, args, { env: { ...ctx.env }, cwd: dir, timeoutMs: 180_000 });
      const repo = /^MIRRORKIT_REPO (\S+)/m.exec(r.stdout)?.[1];
      if (r.code !== 0 || repo === undefined) return failedToRun('gradle', command, r);
      const norm = (u: string) => u.replace(/\/+$/, '').toLowerCase();
      const observed = CENTRALS.includes(norm(repo)) ? null : repo;
      const ok = expected === null ? observed === null : observed !== null && norm(observed) === norm(expected);
      return verdict('gradle', command, ok, observed, {
        tool: 'gradle',
        observed: observed ?? 'Maven Central',
        expected: expected ?? 'Maven Central',
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
};
