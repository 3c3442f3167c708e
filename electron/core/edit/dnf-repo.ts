import { EditError } from './errors';
import { eolFor, joinLines, splitLines, type Line } from './eol';

/**
 * yum/dnf `.repo` files, read the way libdnf's ConfigParser reads them: `[id]` headers, `key=value` options
 * (whitespace around both trimmed), `#` and `;` comments, and continuation lines (indented) that add values
 * to the option above. An option before any header, or a line that is none of these, is refused the way dnf
 * refuses the file. Edits touch only the lines of `baseurl`, `mirrorlist` and `metalink`; every other byte
 * (comments, order, blank lines, line endings, `gpgcheck`, `gpgkey`) stays. Not ./ini: that one is Python
 * configparser's dialect (`:` delimiters, `index_url` ≡ `index-url`) and sets one key, while a .repo edit
 * comments keys out and reads the commented `#baseurl=` that records the distribution's tree.
 */
const FORMAT = 'dnf .repo';

interface Option {
  line: number;
  value: string;
  /** Indexes of the continuation lines that belong to it. */
  more: number[];
}

export interface RepoSection {
  id: string;
  /** baseurl/mirrorlist/metalink as dnf reads them (first URL of a list); undefined when absent. */
  baseurl?: string;
  mirrorlist?: string;
  metalink?: string;
  /** The distro's own commented-out `#baseurl=` (or `# baseurl=`), which documents its tree layout. */
  commentedBaseurl?: string;
  /** A commented-out `#metalink=` (CentOS Stream's only record of its tree once MirrorKit replaced it). */
  commentedMetalink?: string;
  enabled: boolean;
}

interface Parsed extends RepoSection {
  header: number;
  options: Map<string, Option>;
  commentedBaseurlLine?: number;
}

const COMMENTED_BASEURL = /^#\s*baseurl\s*=\s*(\S+)/;
const COMMENTED_METALINK = /^#\s*metalink\s*=\s*(\S+)/;

function firstUrl(v: string): string {
  return v.split(/[\s,]+/).find(Boolean) ?? '';
}

function parse(text: string): { lines: Line[]; sections: Parsed[] } {
  if (text.startsWith('\uFEFF')) throw new EditError(FORMAT, 'starts with a UTF-8 byte-order mark');
  const lines = splitLines(text);
  const sections: Parsed[] = [];
  let last: Option | undefined;
  lines.forEach((l, i) => {
    const n = i + 1;
    const raw = l.body;
    const t = raw.trim();
    if (t === '') return;
    if (/^\s/.test(raw) && last && !t.startsWith('#') && !t.startsWith(';')) {
      last.value = `${last.value} ${t}`;
      last.more.push(i);
      return;
    }
    if (t.startsWith('#') || t.startsWith(';')) {
      const cur = sections[sections.length - 1];
      const m = COMMENTED_BASEURL.exec(t);
      if (cur && m && cur.commentedBaseurlLine === undefined) {
        cur.commentedBaseurlLine = i;
        cur.commentedBaseurl = m[1];
      }
      const ml = COMMENTED_METALINK.exec(t);
      if (cur && ml && cur.commentedMetalink === undefined) cur.commentedMetalink = ml[1];
      return;
    }
    last = undefined;
    const h = /^\[([^\]]*)\]$/.exec(t);
    if (h) {
      const id = (h[1] ?? '').trim();
      if (id === '') throw new EditError(FORMAT, `line ${n}: empty section name`, n);
      if (sections.some((s) => s.id === id)) throw new EditError(FORMAT, `line ${n}: section [${id}] repeated`, n);
      sections.push({ id, header: i, options: new Map(), enabled: true });
      return;
    }
    const eq = t.indexOf('=');
    if (eq <= 0) throw new EditError(FORMAT, `line ${n}: expected key=value, a [section] or a comment`, n);
    const cur = sections[sections.length - 1];
    if (!cur) throw new EditError(FORMAT, `line ${n}: option before the first [section]`, n);
    last = { line: i, value: t.slice(eq + 1).trim(), more: [] };
    cur.options.set(t.slice(0, eq).trim().toLowerCase(), last);
  });
  for (const s of sections) {
    // baseurl is a list (whitespace or commas, as libdnf splits it); mirrorlist and metalink are one URL whose
    // query may hold commas (CentOS's `protocol=https,http`).
    for (const key of ['baseurl', 'mirrorlist', 'metalink'] as const) {
      const o = s.options.get(key);
      if (o && o.value !== '') s[key] = key === 'baseurl' ? firstUrl(o.value) : o.value;
    }
    const enabled = s.options.get('enabled')?.value.toLowerCase();
    s.enabled = !(enabled === '0' || enabled === 'false' || enabled === 'no' || enabled === 'off');
  }
  return { lines, sections };
}

/** The repositories a `.repo` file defines, in file order. Throws EditError when dnf would refuse the file. */
export function repoSections(text: string): RepoSection[] {
  return parse(text).sections.map(publicView);
}

function publicView(s: Parsed): RepoSection {
  const { id, enabled, baseurl, mirrorlist, metalink, commentedBaseurl, commentedMetalink } = s;
  return {
    id,
    enabled,
    ...(baseurl !== undefined ? { baseurl } : {}),
    ...(mirrorlist !== undefined ? { mirrorlist } : {}),
    ...(metalink !== undefined ? { metalink } : {}),
    ...(commentedBaseurl !== undefined ? { commentedBaseurl } : {}),
    ...(commentedMetalink !== undefined ? { commentedMetalink } : {}),
  };
}

/**
 * Point sections at a `baseurl`: `url(section)` gives the new value, or null to leave the section alone. As
 * the mirrors' own help pages do it: an active `mirrorlist=`/`metalink=` is commented out with `#` (kept, so a
 * reader sees what it was), the `baseurl=` value is replaced, or a new `baseurl=` line goes after the distro's
 * commented one (else after the mirrorlist/metalink line, else after the header). A section already in that
 * state is left byte for byte.
 */
export function repoSetBaseurl(text: string, url: (s: RepoSection) => string | null): string {
  const { lines, sections } = parse(text);
  const eol = eolFor(text);
  const body = new Map<number, string>();
  const drop = new Set<number>();
  const after = new Map<number, string>();
  const comment = (i: number) => body.set(i, `#${lines[i]?.body ?? ''}`);
  for (const s of sections) {
    const next = url(publicView(s));
    if (next === null) continue;
    for (const key of ['mirrorlist', 'metalink'] as const) {
      const o = s.options.get(key);
      if (o) [o.line, ...o.more].forEach(comment);
    }
    const base = s.options.get('baseurl');
    if (base) {
      const old = lines[base.line]?.body ?? '';
      const eq = old.indexOf('=');
      const lead = old.slice(0, eq + 1) + (/^=[ \t]/.test(old.slice(eq)) ? ' ' : '');
      body.set(base.line, `${lead}${next}`);
      // The continuation lines were more values of this same key: the mirror replaces them all.
      base.more.forEach((i) => drop.add(i));
      continue;
    }
    const anchors = ['mirrorlist', 'metalink'].flatMap((k) => {
      const o = s.options.get(k);
      return o ? [o.line, ...o.more] : [];
    });
    after.set(s.commentedBaseurlLine ?? Math.max(s.header, ...anchors), `baseurl=${next}`);
  }
  const out: Line[] = [];
  lines.forEach((l, i) => {
    if (!drop.has(i)) out.push({ body: body.get(i) ?? l.body, eol: l.eol });
    const add = after.get(i);
    if (add !== undefined) out.push({ body: add, eol });
  });
  // A file without a final newline keeps none: the terminator moves to the line that is now last.
  const lastEol = lines[lines.length - 1]?.eol;
  const tail = out[out.length - 1];
  if (lastEol === '' && tail && tail.eol !== '') {
    for (const l of out) if (l.eol === '') l.eol = eol;
    tail.eol = '';
  }
  return joinLines(out);
}
