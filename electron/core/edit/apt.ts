import { DEB822_FORMAT, parseDeb822 } from './apt-deb822';
import { LIST_FORMAT, parseList, type Span } from './apt-list';
import { refuseBom } from './bom';
import type { AptEntry } from './apt-entry';
import { joinLines, splitLines } from './eol';

export type { AptEntry } from './apt-entry';

/**
 * apt sources in both formats: one-line `sources.list` and deb822 `*.sources`. Reading reports every entry;
 * rewriting swaps archive URIs in place and leaves every other byte (options, Signed-By keys, comments,
 * commented-out `# deb …` lines, blank lines, line endings) untouched. Malformed entries throw EditError
 * naming the line, as apt itself would refuse them.
 */

export type AptFormat = 'list' | 'deb822';

interface Located extends AptEntry {
  spans: Span[];
}

function located(text: string, format: AptFormat): Located[] {
  const lines = splitLines(text);
  if (format === 'list') {
    return parseList(lines).map(({ uriSpan, ...e }) => ({ ...e, spans: [uriSpan] }));
  }
  return parseDeb822(lines).map(({ uriSpans, ...e }) => ({ ...e, spans: uriSpans }));
}

export function aptEntries(text: string, format: AptFormat): AptEntry[] {
  refuseBom(text, format === 'list' ? LIST_FORMAT : DEB822_FORMAT, 'apt');
  return located(text, format).map(({ spans: _spans, ...e }) => e);
}

/**
 * A URI apt reads as one word: a scheme, then no space, quote or `#`; brackets only around an IPv6 literal host,
 * which apt accepts (`http://[::1]:3142/debian`) in both formats.
 */
const APT_URI = /^[a-z][a-z0-9+.-]*:(?:\/\/\[[0-9a-f:.]+\])?[^\s#"[\]]*$/i;

/**
 * Replace archive URIs. `map(uri, suites)` is called once per URI of each enabled entry and returns the new
 * URI, or null to leave it. It receives all the suites of the entry: a deb822 stanza listing
 * `noble noble-updates noble-security` is rewritten as a whole or not at all, so a caller that wants
 * security updates to stay on the official host must return null for such a stanza (or split it itself)
 * rather than have it half-rewritten. Disabled entries are never rewritten.
 */
export function aptRewrite(
  text: string,
  format: AptFormat,
  map: (uri: string, suites: string[]) => string | null,
): string {
  refuseBom(text, format === 'list' ? LIST_FORMAT : DEB822_FORMAT, 'apt');
  const edits: (Span & { text: string })[] = [];
  for (const e of located(text, format)) {
    if (!e.enabled) continue;
    e.uris.forEach((uri, i) => {
      const next = map(uri, [...e.suites]);
      if (next === null || next === uri) return;
      if (!APT_URI.test(next)) throw new RangeError(`not a URI apt can read: ${JSON.stringify(next)}`);
      edits.push({ ...e.spans[i]!, text: next });
    });
  }
  if (edits.length === 0) return text;
  const lines = splitLines(text);
  edits.sort((a, b) => b.line - a.line || b.start - a.start);
  for (const ed of edits) {
    const l = lines[ed.line]!;
    l.body = l.body.slice(0, ed.start) + ed.text + l.body.slice(ed.end);
  }
  return joinLines(lines);
}
