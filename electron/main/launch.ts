/**
 * How this process was started. The packaged app is also MirrorKit's command line (`MirrorKit.exe --cli …`) and
 * its own elevated helper (`--elevated <batch>`, relaunched through UAC). Both must be recognised before the
 * single-instance lock and before any window: the elevated helper is a second instance of the same app by
 * design, and a CLI run must never open a window or be swallowed by a running instance.
 */
export type Route = { mode: 'gui' } | { mode: 'cli'; args: string[] } | { mode: 'elevated'; args: string[] };

/**
 * `argv` is process.argv. Packaged, it is [exe, …user args]; in development (`electron out/main.cjs …`,
 * where process.defaultApp is true) the app path comes second. Chromium switches the user did not type may
 * precede ours, so the flags are looked for, not expected first.
 */
export function routeArgv(argv: readonly string[], defaultApp: boolean): Route {
  const user = argv.slice(defaultApp ? 2 : 1);
  const elevated = user.indexOf('--elevated');
  const cli = user.indexOf('--cli');
  // The elevated helper wins over --cli: its argv is produced by our own relaunch code, never by a user.
  if (elevated !== -1) return { mode: 'elevated', args: user.slice(elevated) };
  if (cli !== -1) return { mode: 'cli', args: user.slice(cli + 1) };
  return { mode: 'gui' };
}
