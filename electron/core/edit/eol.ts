/**
 * Line endings and line-wise editing shared by every editor. A file keeps its own line ending; the `eol`
 * option only decides the ending of a file that has none yet (a new pip.ini on Windows gets CRLF).
 */
export type Eol = '\r\n' | '\n';

export interface EolOptions {
  eol?: Eol;
}

/** The file's dominant line ending; `fallback` ('\n' unless given) when it has no line break at all. */
export function detectEol(text: string, fallback: Eol = '\n'): Eol {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  if (crlf === 0 && lf === 0) return fallback;
  return crlf > lf ? '\r\n' : '\n';
}

/** The ending to use for new lines in `text`. */
export function eolFor(text: string, opts?: EolOptions): Eol {
  return detectEol(text, opts?.eol ?? '\n');
}

/** One line and the terminator that followed it ('' for a last line without one). */
export interface Line {
  body: string;
  eol: string;
}

/** Split on CRLF and LF, keeping each terminator so that joinLines(splitLines(t)) === t. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r?\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ body: text.slice(start, m.index), eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ body: text.slice(start), eol: '' });
  return lines;
}

export function joinLines(lines: readonly Line[]): string {
  let out = '';
  for (const l of lines) out += l.body + l.eol;
  return out;
}

/**
 * Insert `bodies` as new lines after index `after` (-1 inserts at the top). A file whose last line had no
 * terminator still has none afterwards, so removing the same lines again gives back the original bytes.
 */
export function insertLines(lines: readonly Line[], after: number, bodies: readonly string[], eol: Eol): Line[] {
  const out = lines.map((l) => ({ ...l }));
  const added: Line[] = bodies.map((body) => ({ body, eol }));
  const last = out[out.length - 1];
  if (after === out.length - 1 && last && last.eol === '' && added.length > 0) {
    last.eol = eol;
    added[added.length - 1]!.eol = '';
  }
  out.splice(after + 1, 0, ...added);
  return out;
}

/** Remove the lines at `indexes`, keeping a missing final newline missing. */
export function removeLines(lines: readonly Line[], indexes: ReadonlySet<number>): Line[] {
  const out = lines.filter((_, i) => !indexes.has(i)).map((l) => ({ ...l }));
  const lastIndex = lines.length - 1;
  const tail = out[out.length - 1];
  if (indexes.has(lastIndex) && lines[lastIndex]?.eol === '' && tail) tail.eol = '';
  return out;
}

/** Replace line `at` by `bodies` (the first keeps the old line's terminator). */
export function replaceLine(lines: readonly Line[], at: number, bodies: readonly string[], eol: Eol): Line[] {
  const old = lines[at];
  if (!old || bodies.length === 0) return lines.slice();
  const out = lines.map((l) => ({ ...l }));
  const added = bodies.map((body, i) => ({ body, eol: i === bodies.length - 1 ? old.eol : eol }));
  out.splice(at, 1, ...added);
  return out;
}

/** The leading whitespace of a line. */
export function indentOf(body: string): string {
  return /^[ \t]*/.exec(body)?.[0] ?? '';
}
