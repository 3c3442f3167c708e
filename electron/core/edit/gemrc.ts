import { isDeepStrictEqual } from 'node:util';

import { parseDocument } from 'yaml';

import { eolFor, type EolOptions } from './eol';
import { EditError } from './errors';

/**
 * RubyGems' ~/.gemrc: YAML whose source list is the symbol key `:sources:` (a list of URLs, tried in order).
 * Edits go through the `yaml` library's Document API, which keeps comments, key order and every other setting
 * (`gem:` flags, `:backtrace:` …); line endings are put back as the file had them. The result must read back.
 */

export const GEMRC_FORMAT = 'YAML';
const KEY = ':sources';

type Mapping = Record<string, unknown>;

function parse(text: string) {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const doc = parseDocument(body);
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new EditError(
      GEMRC_FORMAT,
      `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${err.message.split('\n')[0]}`,
      pos?.line,
    );
  }
  const data: unknown = doc.toJS();
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data)))
    throw new EditError(GEMRC_FORMAT, 'the top level is not a mapping of settings');
  return { doc, data: (data ?? {}) as Mapping };
}

/** The `:sources:` list, or undefined when the file does not set it. A non-list is refused, as gem refuses it. */
export function gemSources(text: string): string[] | undefined {
  const v = parse(text).data[KEY];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new EditError(GEMRC_FORMAT, "':sources:' must be a list of URLs");
  return v;
}

/** Set `:sources:` to exactly `sources`; null removes the key (RubyGems then uses https://rubygems.org/). */
export function gemSetSources(text: string, sources: string[] | null, opts: EolOptions = {}): string {
  const { doc, data } = parse(text);
  gemSources(text);
  const expected: Mapping = { ...data };
  if (sources === null) delete expected[KEY];
  else expected[KEY] = sources;
  if (isDeepStrictEqual(data, expected)) return text;
  if (sources === null) doc.delete(KEY);
  else doc.set(KEY, doc.createNode(sources));
  // A new file starts as RubyGems writes one (`---`), so `gem` and people reading it see the usual shape.
  const lf = doc.contents === null ? '' : (text.trim() === '' ? '---\n' : '') + String(doc);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const eol = eolFor(text, opts);
  const out = bom + (eol === '\r\n' ? lf.replace(/\r?\n/g, '\r\n') : lf);
  if (!isDeepStrictEqual(parse(out).data, expected))
    throw new EditError(GEMRC_FORMAT, 'the edited file would not read back as intended');
  return out;
}
