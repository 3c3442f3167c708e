import { isDeepStrictEqual } from 'node:util';

import { parse, patch } from '@decimalturn/toml-patch';

import { EditError } from './errors';
import { eolFor, type Eol, type EolOptions } from './eol';
import { editTomlText } from './toml-text';

/**
 * cargo's config.toml. Reads go through @decimalturn/toml-patch's parser (TOML 1.0/1.1, full validation).
 * Edits are made as text at the exact positions the library's syntax tree reports, so comments, key order,
 * quoting of other keys, blank lines, a BOM and CRLF stay byte-identical; every result is re-parsed and must
 * equal the expected document. Layouts the text editor does not handle (keys inside inline tables, tables
 * made of dotted keys) go through the library's patch(), fed LF text and given CRLF back.
 */

export const TOML_FORMAT = 'TOML';

export interface TomlUpdate {
  path: string[];
  /** A string value; null deletes the key. */
  value: string | null;
}

type Table = Record<string, unknown>;

function splitBom(text: string): [string, string] {
  return text.startsWith('\uFEFF') ? ['\uFEFF', text.slice(1)] : ['', text];
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Parse (throws EditError with the parser's line, column and message). */
export function tomlParse(text: string): unknown {
  try {
    return parse(splitBom(text)[1]);
  } catch (e) {
    const err = e as { line?: unknown; column?: unknown; message?: unknown };
    const message =
      String(err.message ?? e)
        .split('\n')
        .pop() ?? '';
    if (typeof err.line === 'number' && typeof err.column === 'number') {
      throw new EditError(TOML_FORMAT, `line ${err.line}, column ${err.column + 1}: ${message}`, err.line);
    }
    throw new EditError(TOML_FORMAT, message);
  }
}

/** The value at `path` (a table comes back as an object), or undefined. */
export function tomlGet(text: string, path: readonly string[]): unknown {
  let node: unknown = tomlParse(text);
  for (const k of path) {
    if (!isTable(node) || !Object.prototype.hasOwnProperty.call(node, k)) return undefined;
    node = node[k];
  }
  return node;
}

/** The table that holds the last key of `path`, created on the way when `create`; undefined when absent. */
function parentOf(doc: Table, path: readonly string[], create: boolean): Table | undefined {
  let node = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    if (!Object.prototype.hasOwnProperty.call(node, k)) {
      if (!create) return undefined;
      // Null-prototype tables, like the parser's: keys such as 'constructor' or '__proto__' stay plain keys.
      node[k] = Object.create(null) as Table;
    }
    const next = node[k];
    if (!isTable(next)) throw new EditError(TOML_FORMAT, `'${path.slice(0, i + 1).join('.')}' is a value, not a table`);
    node = next;
  }
  return node;
}

/** Apply the updates to a parsed document, as the edited file must read back. */
function expectedAfter(doc: Table, updates: readonly TomlUpdate[]): Table {
  for (const { path, value } of updates) {
    if (path.length === 0) throw new RangeError('empty TOML path');
    const parent = parentOf(doc, path, value !== null);
    if (!parent) continue;
    const last = path[path.length - 1]!;
    if (isTable(parent[last])) throw new EditError(TOML_FORMAT, `'${path.join('.')}' is a table, not a value`);
    if (value === null) delete parent[last];
    else parent[last] = value;
  }
  return doc;
}

/**
 * A comparable copy: the parser makes null-prototype tables and Date subclasses, the updates plain objects.
 * Empty tables are dropped: removing a key may remove the `[table]` it leaves empty, which configures nothing.
 */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Date) return { date: v.constructor.name, iso: v.toISOString() };
  if (!isTable(v)) return v;
  const out = Object.create(null) as Table;
  for (const [k, x] of Object.entries(v)) {
    const p = plain(x);
    if (!(isTable(p) && Object.keys(p).length === 0)) out[k] = p;
  }
  return out;
}

function sameDoc(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(plain(a), plain(b));
}

function readsAs(text: string, expected: unknown): boolean {
  try {
    return sameDoc(parse(text), expected);
  } catch {
    return false;
  }
}

/** The library's patch() writes LF: give it LF and put CRLF back when that is the file's (only) ending. */
function viaLibrary(body: string, expected: unknown, eol: Eol): string {
  const crlf = eol === '\r\n' && !/(^|[^\r])\n/.test(body);
  const out = patch(crlf ? body.replace(/\r\n/g, '\n') : body, expected);
  return crlf ? out.replace(/\n/g, '\r\n') : out;
}

/**
 * Set string values (null deletes the key). An existing value is replaced where it stands (a '…' literal
 * stays literal when it can), a new key goes after the last key of its `[table]`, a missing table is added as
 * a standard `[a.b]` table at the end. A no-op returns `text` itself.
 */
export function tomlSet(text: string, updates: readonly TomlUpdate[], opts?: EolOptions): string {
  const [bom, body] = splitBom(text);
  const before = tomlParse(body);
  const expected = expectedAfter(tomlParse(body) as Table, updates);
  if (sameDoc(before, expected)) return text;

  const eol = eolFor(body, opts);
  let out: string | undefined = body;
  try {
    for (const u of updates) out = out === undefined ? undefined : editTomlText(out, u.path, u.value, eol);
  } catch {
    out = undefined;
  }
  if (out === undefined || !readsAs(out, expected)) {
    out = viaLibrary(body, expected, eol);
    if (!readsAs(out, expected)) throw new Error('internal: TOML edit did not read back as intended');
  }
  return bom + out;
}
