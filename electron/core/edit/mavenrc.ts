import type { Platform } from '../../../shared/types/core';

import { eolFor, insertLines, joinLines, replaceLine, splitLines, type EolOptions } from './eol';

/**
 * The user-level file Maven's launcher runs before Java: `~/.mavenrc`, sourced by `bin/mvn` (sh), and
 * `%USERPROFILE%\mavenrc_pre.cmd`, called by `bin\mvn.cmd` (Maven 3). MirrorKit adds one marked line (on Windows
 * a marked comment and the line under it) that puts its truststore in front of MAVEN_OPTS, so a MAVEN_OPTS the
 * user has keeps every option and, coming later on Java's command line, still wins.
 */
const MARK = '# added by MirrorKit (mirrorkit restore removes this line)';
const CMD_MARK = '@REM added by MirrorKit (mirrorkit restore removes this line and the next)';

export interface TrustOptions {
  store: string;
  type: string;
  password: string;
}

/**
 * Why `store` cannot go into the launcher's MAVEN_OPTS, or null. `bin/mvn` splits MAVEN_OPTS on whitespace and
 * the line is sh inside double quotes; `mvn.cmd` expands it unquoted, where `"` and cmd's operators would break.
 */
export function storePathProblem(platform: Platform, store: string): string | null {
  if (platform === 'win32') return /["%^&|<>!]/.test(store) ? 'a character cmd.exe would read (" % ^ & | < > !)' : null;
  return /[\s"$`\\]/.test(store) ? 'whitespace or a character sh reads inside double quotes (" $ ` \\)' : null;
}

function opts(platform: Platform, t: TrustOptions): string {
  const store = platform === 'win32' ? `"${t.store}"` : t.store;
  return `-Djavax.net.ssl.trustStore=${store} -Djavax.net.ssl.trustStoreType=${t.type} -Djavax.net.ssl.trustStorePassword=${t.password}`;
}

/** The truststore MirrorKit's line names, or null when the file has no such line. */
export function mavenrcStore(text: string | null, platform: Platform): string | null {
  const lines = splitLines(text ?? '').map((l) => l.body);
  const i = lines.findIndex((l) => (platform === 'win32' ? l === CMD_MARK : l.endsWith(MARK)));
  const line = platform === 'win32' ? lines[i + 1] : lines[i];
  if (i < 0 || line === undefined) return null;
  const m = /-Djavax\.net\.ssl\.trustStore=("([^"]*)"|(\S+))/.exec(line);
  return m ? (m[2] ?? m[3] ?? null) : null;
}

/** `text` with MirrorKit's line for `t`: replaced where it is, else appended. */
export function setMavenrc(text: string | null, platform: Platform, t: TrustOptions, o?: EolOptions): string {
  const body = text ?? '';
  const eol = eolFor(body, o);
  const lines = splitLines(body);
  const bodies =
    platform === 'win32'
      ? [CMD_MARK, `@set MAVEN_OPTS=${opts(platform, t)} %MAVEN_OPTS%`]
      : [`MAVEN_OPTS="${opts(platform, t)} $MAVEN_OPTS" ${MARK}`];
  const at = lines.findIndex((l) => (platform === 'win32' ? l.body === CMD_MARK : l.body.endsWith(MARK)));
  if (at < 0) return joinLines(insertLines(lines, lines.length - 1, bodies, eol));
  // Windows: the marked comment and the line under it are MirrorKit's.
  const rest =
    platform === 'win32' && at + 1 < lines.length ? [...lines.slice(0, at + 1), ...lines.slice(at + 2)] : lines;
  return joinLines(replaceLine(rest, at, bodies, eol));
}
