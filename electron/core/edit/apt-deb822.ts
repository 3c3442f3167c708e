import { EditError, editErrorAt } from './errors';
import type { AptEntry } from './apt-entry';
import type { Line } from './eol';
import { APT_TYPES, type Span } from './apt-list';

/**
 * deb822 `*.sources` stanzas, parsed as apt's ParseFileDeb822 / ParseStanza do: stanzas separated by blank
 * lines, `Field: value` with continuation lines starting with a space or tab (Signed-By may embed a whole
 * key), '#' comment lines, field names case-insensitive. Types is required in every stanza; a stanza with
 * `Enabled: no` needs nothing else, an enabled one needs URIs, Suites and (for suites not ending in '/')
 * Components.
 */

export const DEB822_FORMAT = 'deb822';

export interface Deb822Entry extends AptEntry {
  uriSpans: Span[];
}

interface Word {
  text: string;
  span: Span;
}

interface Field {
  name: string;
  words: Word[];
}

interface Stanza {
  line: number;
  fields: Map<string, Field>;
}

const FALSE = /^(no|false|without|off|disable|0)$/i;

function addWords(field: Field, body: string, from: number, line: number): void {
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(body); m; m = re.exec(body))
    field.words.push({ text: m[0], span: { line, start: m.index, end: m.index + m[0].length } });
}

function entryOf(st: Stanza): Deb822Entry {
  const where = `stanza at line ${st.line}`;
  const fail = (what: string) => new EditError(DEB822_FORMAT, `${where}: ${what}`, st.line);
  const list = (name: string) => (st.fields.get(name)?.words ?? []).map((w) => w.text);
  if (!st.fields.has('types')) throw fail('no Types field');
  const types = list('types');
  for (const t of types) if (!APT_TYPES.has(t)) throw fail(`unknown type '${t}' (expected deb or deb-src)`);
  const enabledWord = list('enabled')[0];
  const enabled = enabledWord === undefined || !FALSE.test(enabledWord);
  const uriWords = st.fields.get('uris')?.words ?? [];
  const suites = list('suites');
  const components = list('components');
  if (enabled) {
    if (types.length === 0) throw fail('the Types field is empty');
    if (uriWords.length === 0) throw fail('no URIs');
    for (const u of uriWords) if (!u.text.includes(':')) throw fail(`'${u.text}' is not a URI`);
    if (suites.length === 0) throw fail('no Suites');
    if (suites.some((s) => !s.endsWith('/')) && components.length === 0) throw fail('no Components');
    if (suites.some((s) => s.endsWith('/')) && components.length > 0)
      throw fail('a suite ending in / takes no Components');
  }
  return {
    types,
    uris: uriWords.map((w) => w.text),
    suites,
    components,
    enabled,
    line: st.line,
    uriSpans: uriWords.map((w) => w.span),
  };
}

export function parseDeb822(lines: readonly Line[]): Deb822Entry[] {
  const out: Deb822Entry[] = [];
  let stanza: Stanza | undefined;
  let field: Field | undefined;
  const close = () => {
    if (stanza) out.push(entryOf(stanza));
    stanza = undefined;
    field = undefined;
  };
  lines.forEach((l, index) => {
    const lineno = index + 1;
    const body = l.body;
    if (body.trim() === '') return close();
    if (body.startsWith('#')) return;
    if (/^[ \t]/.test(body)) {
      if (!field) throw editErrorAt(DEB822_FORMAT, lineno, 'a continuation line outside any field');
      return addWords(field, body, 0, index);
    }
    const m = /^([^\s:]+):/.exec(body);
    if (!m)
      throw editErrorAt(
        DEB822_FORMAT,
        lineno,
        `'${body.length > 40 ? `${body.slice(0, 37)}…` : body}' is not 'Field: value'`,
      );
    stanza ??= { line: lineno, fields: new Map() };
    const key = m[1]!.toLowerCase();
    if (stanza.fields.has(key)) throw editErrorAt(DEB822_FORMAT, lineno, `field '${m[1]}' appears twice in one stanza`);
    field = { name: m[1]!, words: [] };
    stanza.fields.set(key, field);
    addWords(field, body, m[0].length, index);
  });
  close();
  return out;
}
