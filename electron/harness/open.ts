import { spawn } from 'node:child_process';

/** Whether a default browser can be shown: always on Windows and macOS, with a display server on Linux. */
export function hasDesktop(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): boolean {
  if (platform === 'win32' || platform === 'darwin') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The opener's argv for a URL; the URL is one argument, never part of a command string. */
export function openerArgv(platform: NodeJS.Platform, url: string): [string, string[]] {
  if (platform === 'win32') return ['rundll32.exe', ['url.dll,FileProtocolHandler', url]];
  if (platform === 'darwin') return ['open', [url]];
  return ['xdg-open', [url]];
}

/** Open the default browser, best effort: a missing opener only means the user copies the printed URL. */
export function openBrowser(url: string): void {
  const [cmd, args] = openerArgv(process.platform, url);
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore', shell: false, windowsHide: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // Nothing to do: the URL is printed.
  }
}
