import { isDeepStrictEqual } from 'node:util';

import { patch } from '@decimalturn/toml-patch';

import { eolFor, type EolOptions } from './eol';
import { EditError } from './errors';
import { TOML_FORMAT, tomlParse, tomlSet } from './toml';

/**
 * uv's default index in a uv.toml: the `[[index]]` entry marked `default = true`, or the legacy top-level
 * `index-url` uv still reads. Only that one value is ever changed; every other index (a company's internal one
 * included), comment and key stays as it is.
 */

type Table = Record<string, unknown>;

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function indexes(doc: Table): Table[] {
  const v = doc.index;
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isTable))
    throw new EditError(TOML_FORMAT, "'index' must be an array of tables ([[index]])");
  return v;
}

/** The default index uv reads from this file, and where it is written; undefined when the file sets none. */
export function uvDefaultIndex(text: string): { url: string; key: string } | undefined {
  const doc = tomlParse(text) as Table;
  const d = indexes(doc).find((i) => i.default === true);
  if (d && typeof d.url === 'string') return { url: d.url, key: 'index.default.url' };
  if (typeof doc['index-url'] === 'string') return { url: doc['index-url'], key: 'index-url' };
  return undefined;
}

/** Make `url` uv's default index: edit the entry (or legacy key) that is the default, else add one `[[index]]`. */
export function uvSetDefaultIndex(text: string, url: string, opts: EolOptions = {}): string {
  const doc = tomlParse(text) as Table;
  const list = indexes(doc);
  const pos = list.findIndex((i) => i.default === true);
  if (pos < 0 && typeof doc['index-url'] === 'string')
    return tomlSet(text, [{ path: ['index-url'], value: url }], opts);
  if (pos >= 0) {
    if (list[pos]!.url === url) return text;
    // A second parse, not a clone: the parser's tables have their own prototype, and the read-back compares it.
    const want = tomlParse(text) as Table;
    (want.index as Table[])[pos]!.url = url;
    const out = patch(text, want);
    if (!isDeepStrictEqual(tomlParse(out), want))
      throw new EditError(TOML_FORMAT, 'the edited file would not read back as intended');
    return out;
  }
  const eol = eolFor(text, opts);
  const sep = text === '' || text.endsWith('\n') ? '' : eol;
  const gap = text.trim() === '' ? '' : eol;
  // JSON string syntax is TOML basic-string syntax for every character a validated URL may hold.
  const out = `${text}${sep}${gap}[[index]]${eol}url = ${JSON.stringify(url)}${eol}default = true${eol}`;
  const read = uvDefaultIndex(out);
  if (read?.url !== url) throw new EditError(TOML_FORMAT, 'the edited file would not read back as intended');
  return out;
}
