import { eolFor, insertLines, joinLines, replaceLine, splitLines, type EolOptions } from './eol';

/**
 * nvm-windows' `%NVM_HOME%\settings.txt`: one `key: value` per line (coreybutler/nvm-windows 5b18223, src/nvm.go).
 * `setup()` reads each line with Go's bufio.Scanner (a CR before the LF is dropped), trims it, expands `$VAR` and
 * `${VAR}` (os.ExpandEnv), splits it on ':' and keeps the text before the first ':' as the key and the rest,
 * trimmed, as the value; a later line wins; a line without ':' is skipped. nvm's own `saveSettings()` rewrites
 * the whole file and drops keys it does not know; this editor changes only the value of the lines it is asked
 * to and keeps every other byte.
 */
export type NvmSettingKey = 'node_mirror' | 'npm_mirror';

/** Go's os.ExpandEnv for the forms a settings file can hold: `${NAME}` and `$NAME` (unset = empty). */
export function expandEnv(s: string, lookup: (name: string) => string | undefined): string {
  return s.replace(/\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g, (_, braced: string | undefined, bare: string | undefined) => {
    return lookup(braced ?? bare ?? '') ?? '';
  });
}

function keyOf(body: string): string | undefined {
  const line = body.trim();
  const i = line.indexOf(':');
  return i < 0 ? undefined : line.slice(0, i);
}

/** Every key as nvm-windows reads it (values expanded and trimmed, the last line of a key wins). */
export function nvmSettingsRead(text: string, lookup: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { body } of splitLines(text)) {
    const line = expandEnv(body.trim(), lookup);
    const i = line.indexOf(':');
    if (i >= 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/**
 * Set `key` to `value` (null: empty, nvm's "use the default", as `nvm node_mirror` with no URL writes it). Every
 * line of the key is rewritten, so no earlier or later copy can take over; a missing key is appended with the
 * file's line ending (CRLF for a new file, as nvm writes it). Returns `text` itself when nothing changes.
 */
export function nvmSettingsSet(text: string, key: NvmSettingKey, value: string | null, opts?: EolOptions): string {
  if (value !== null && /[\r\n$]/.test(value)) throw new RangeError(`settings.txt value cannot hold a line break or $`);
  let lines = splitLines(text);
  const eol = eolFor(text, { eol: opts?.eol ?? '\r\n' });
  const wanted = value ?? '';
  let found = false;
  lines.forEach((l, i) => {
    if (keyOf(l.body) !== key) return;
    found = true;
    const lead = /^\s*/.exec(l.body)?.[0] ?? '';
    const current = l.body
      .trim()
      .slice(key.length + 1)
      .trim();
    if (current !== wanted) lines = replaceLine(lines, i, [`${lead}${key}: ${wanted}`], eol);
  });
  if (!found && wanted !== '') lines = insertLines(lines, lines.length - 1, [`${key}: ${wanted}`], eol);
  const out = joinLines(lines);
  return out === text ? text : out;
}
