import { editErrorAt } from './errors';
import type { AptEntry } from './apt-entry';
import type { Line } from './eol';

/**
 * One-line sources.list entries, parsed as apt's ParseFileOldStyle / Type::ParseLine do: '#' starts a comment
 * (except inside [options]), `type [options] uri suite [component…]`, a suite ending in '/' takes no
 * component, any other suite needs at least one. Commented-out entries (`# deb …`) are reported as disabled
 * when they parse, and are otherwise ordinary comments.
 */

export const LIST_FORMAT = 'sources.list';
export const APT_TYPES = new Set(['deb', 'deb-src']);

export interface Span {
  line: number;
  start: number;
  end: number;
}

export interface ListEntry extends AptEntry {
  /** Where the URI is written (for rewriting), including any quotes. */
  uriSpan: Span;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

/** apt's ParseQuoteWord: whitespace-separated words in which "…" and […] may hold spaces. */
function words(s: string, from: number): Word[] {
  const out: Word[] = [];
  let i = from;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const start = i;
    let text = '';
    while (i < s.length && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      const close = c === '"' ? '"' : c === '[' ? ']' : undefined;
      const j = close ? s.indexOf(close, i + 1) : -1;
      if (close && j > 0) {
        text += c === '"' ? s.slice(i + 1, j) : s.slice(i, j + 1);
        i = j + 1;
      } else {
        text += c;
        i++;
      }
    }
    out.push({ text, start, end: i });
  }
  return out;
}

/** Offset of the comment '#' (ignoring one inside an unclosed '['), or the line length. */
function commentStart(body: string): number {
  for (let i = body.indexOf('#'); i >= 0; i = body.indexOf('#', i + 1)) {
    const head = body.slice(0, i);
    if ((head.match(/\[/g) ?? []).length <= (head.match(/\]/g) ?? []).length) return i;
  }
  return body.length;
}

/** Parse the entry in `body[from, to)`; throws EditError (with 1-based `lineno`) when apt would refuse it. */
function parseEntry(body: string, from: number, to: number, lineno: number, index: number): ListEntry | undefined {
  const s = body.slice(0, to);
  const first = /\S+/.exec(s.slice(from));
  if (!first) return undefined;
  const type = first[0];
  const typeEnd = from + first.index + type.length;
  const fail = (what: string) => editErrorAt(LIST_FORMAT, lineno, what);
  if (typeEnd >= s.trimEnd().length) throw fail(`'${type}' has no URI`);
  if (!APT_TYPES.has(type)) throw fail(`unknown type '${type}' (expected deb or deb-src)`);
  let i = typeEnd;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  if (s[i] === '[') {
    const close = s.indexOf(']', i);
    if (close < 0) throw fail("unclosed '[' in the options");
    i = close + 1;
  }
  const [uri, suite, ...components] = words(s, i);
  if (!uri) throw fail(`'${type}' has no URI`);
  if (!uri.text.includes(':')) throw fail(`'${uri.text}' is not a URI`);
  if (!suite) throw fail(`no suite after ${uri.text}`);
  if (suite.text.endsWith('/') && components.length > 0)
    throw fail(`suite '${suite.text}' is a path and takes no component`);
  if (!suite.text.endsWith('/') && components.length === 0) throw fail(`no component after suite '${suite.text}'`);
  return {
    types: [type],
    uris: [uri.text],
    suites: [suite.text],
    components: components.map((c) => c.text),
    enabled: true,
    line: lineno,
    uriSpan: { line: index, start: uri.start, end: uri.end },
  };
}

/** A commented-out entry, or undefined when the comment is not one. */
function disabledEntry(body: string, hash: number, lineno: number, index: number): ListEntry | undefined {
  const rest = body.slice(hash + 1);
  if (!/^\s*deb(-src)?\s/.test(rest)) return undefined;
  try {
    const e = parseEntry(body, hash + 1, hash + 1 + commentStart(rest), lineno, index);
    return e && { ...e, enabled: false };
  } catch {
    return undefined;
  }
}

export function parseList(lines: readonly Line[]): ListEntry[] {
  const out: ListEntry[] = [];
  lines.forEach((l, index) => {
    const lineno = index + 1;
    const hash = commentStart(l.body);
    if (l.body.slice(0, hash).trim() === '') {
      const d = hash < l.body.length ? disabledEntry(l.body, hash, lineno, index) : undefined;
      if (d) out.push(d);
      return;
    }
    const e = parseEntry(l.body, 0, hash, lineno, index);
    if (e) out.push(e);
  });
  return out;
}
