/**
 * What MirrorKit accepts as a WSL distro name or a path inside one. Both become arguments of `wsl.exe`, whose own
 * command-line splitting (not the C runtime's) decides what the Linux side receives: only names and paths made of
 * characters that need no quoting reach it unchanged, so anything else is refused rather than escaped.
 */
export const DISTRO_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** An absolute path inside a distro: `/`-separated names of the same plain characters, no `.` or `..` parts. */
export const DISTRO_PATH = /^(\/(?!\.\.?(\/|$))[A-Za-z0-9._+@~-]+)+$/;

export function isDistroName(s: string): boolean {
  return DISTRO_NAME.test(s);
}

export function isDistroPath(s: string): boolean {
  return DISTRO_PATH.test(s);
}

/** The name Windows itself gives that file (Explorer opens it): how a distro's file is shown and journalled. */
export function distroFileName(distro: string, path: string): string {
  return `\\\\wsl.localhost\\${distro}${path.replaceAll('/', '\\')}`;
}
