/**
 * Build a Windows command line (the lpParameters string of ShellExecuteEx, which `Start-Process -ArgumentList`
 * passes on) from an argument array, so that the child's C runtime (CommandLineToArgvW rules) splits it back into
 * exactly the same array. This is the one place MirrorKit quotes for Windows, and it is property-tested against a
 * reference parser; PowerShell itself never quotes anything (Windows PowerShell 5.1 joins -ArgumentList arrays
 * with spaces and no quoting, which is how Heroic's "super quotes" bug happens).
 */
export function quoteWindowsArg(arg: string): string {
  if (arg.length > 0 && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      // Every backslash before a quote is doubled, and the quote itself escaped.
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(backslashes) + ch;
    }
    backslashes = 0;
  }
  // Backslashes before the closing quote are doubled so they do not escape it.
  return out + '\\'.repeat(backslashes * 2) + '"';
}

export function windowsCommandLine(args: readonly string[]): string {
  for (const a of args) if (a.includes('\0')) throw new Error('NUL in a command-line argument');
  return args.map(quoteWindowsArg).join(' ');
}
