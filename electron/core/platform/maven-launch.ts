import fs from 'node:fs/promises';

import type { Ctx } from '../context';

import { pathApi } from './paths';

/**
 * How to run Maven without its launcher script: `mvn.cmd` is a batch file, which Node runs only through a
 * shell, and MirrorKit never uses one. Both launchers end in the same Java command (bin/mvn's last line;
 * mvn.cmd's `%MAVEN_JAVA_EXE%` line): the classworlds jar of the installation, its m2.conf and maven.home.
 * MAVEN_OPTS and .mvn/jvm.config are not applied: verification needs none of them.
 */
export interface Invocation {
  command: string;
  args: string[];
}

export async function mavenJavaInvocation(
  ctx: Pick<Ctx, 'platform' | 'env'>,
  home: string,
  projectDir: string,
  java: string,
): Promise<Invocation | null> {
  const p = pathApi(ctx);
  const boot = p.join(home, 'boot');
  const jar = (await fs.readdir(boot).catch(() => [] as string[])).find((n) => /^plexus-classworlds-.+\.jar$/.test(n));
  if (!jar) return null;
  return {
    command: java,
    args: [
      '-classpath',
      p.join(boot, jar),
      `-Dclassworlds.conf=${p.join(home, 'bin', 'm2.conf')}`,
      `-Dmaven.home=${home}`,
      `-Dlibrary.jansi.path=${p.join(home, 'lib', 'jansi-native')}`,
      `-Dmaven.multiModuleProjectDirectory=${projectDir}`,
      'org.codehaus.plexus.classworlds.launcher.Launcher',
    ],
  };
}

/** The java Maven's launchers pick: %JAVA_HOME%\bin\java(.exe), else `java` on PATH (found by the caller). */
export function javaFromHome(ctx: Pick<Ctx, 'platform' | 'env'>): string | undefined {
  const jh = ctx.env.JAVA_HOME;
  if (!jh) return undefined;
  return pathApi(ctx).join(jh, 'bin', ctx.platform === 'win32' ? 'java.exe' : 'java');
}
