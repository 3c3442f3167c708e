import { eolFor, type EolOptions } from './eol';
import { EditError } from './errors';

/**
 * Bundler's ~/.bundle/config: flat `KEY: "value"` lines that Bundler reads with its own line-based YAML subset
 * (Bundler::YAMLSerializer), so it is edited as lines: the one key changes, every other byte stays.
 * `bundle config set --global mirror.https://rubygems.org URL` writes the key below (trailing `/` added).
 */

export const BUNDLE_FORMAT = 'YAML';
export const BUNDLE_MIRROR_KEY = 'BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/';

/** key, optional quote, value, same quote — as Bundler's SCAN_REGEX reads a top-level line. */
const LINE = /^([^\s#][^\r\n]*?):(?:[ \t]+(['"]?)(.*)\2)?[ \t]*$/;

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function check(text: string): void {
  lines(text).forEach((l, i) => {
    const s = l.replace(/\r?\n$/, '');
    if (s.trim() === '' || s === '---' || s.trimStart().startsWith('#') || /^\s/.test(s)) return;
    if (!LINE.test(s)) throw new EditError(BUNDLE_FORMAT, `line ${i + 1}: not a "KEY: value" setting`, i + 1);
  });
}

function keyOf(line: string): string | undefined {
  const m = LINE.exec(line.replace(/\r?\n$/, ''));
  return m?.[1]?.trim();
}

/** The Bundler mirror for rubygems.org this file sets, or undefined. */
export function bundleMirror(text: string): string | undefined {
  check(text);
  for (const l of lines(text)) {
    const m = LINE.exec(l.replace(/\r?\n$/, ''));
    if (m && m[1]?.trim() === BUNDLE_MIRROR_KEY) return m[3];
  }
  return undefined;
}

/** Set (or, with null, remove) the rubygems.org mirror line; other lines keep their bytes. */
export function bundleSetMirror(text: string, url: string | null, opts: EolOptions = {}): string {
  check(text);
  const eol = eolFor(text, opts);
  const all = lines(text);
  const at = all.findIndex((l) => keyOf(l) === BUNDLE_MIRROR_KEY);
  const line = url === null ? '' : `${BUNDLE_MIRROR_KEY}: ${JSON.stringify(url)}`;
  if (at >= 0) {
    const old = all[at] ?? '';
    const end = /\r?\n$/.exec(old)?.[0] ?? '';
    all[at] = url === null ? '' : line + end;
    return all.join('');
  }
  if (url === null) return text;
  const head = text === '' ? `---${eol}` : text.endsWith('\n') ? text : text + eol;
  return `${head}${line}${eol}`;
}
