import { isDeepStrictEqual } from 'node:util';

import { isMap, parseDocument } from 'yaml';

import { eolFor, type EolOptions } from './eol';
import { EditError } from './errors';

/**
 * conda's .condarc: the mirror is a base URL (…/anaconda/) from which `default_channels` (pkgs/main, r, msys2)
 * and the `custom_channels` of conda-forge and pytorch (…/cloud) are derived, as the mirrors' own guides write
 * them. Edits go through the `yaml` library's Document API, which keeps comments, key order and every other
 * setting; line endings are put back as the file had them. The result is re-parsed and must read as intended.
 */

export const CONDARC_FORMAT = 'YAML';
const DEFAULTS = ['pkgs/main', 'pkgs/r', 'pkgs/msys2'];
const CLOUD = ['conda-forge', 'pytorch'];

type Mapping = Record<string, unknown>;

function parse(text: string) {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const doc = parseDocument(body, { keepSourceTokens: false });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new EditError(
      CONDARC_FORMAT,
      `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${err.message.split('\n')[0]}`,
      pos?.line,
    );
  }
  const data: unknown = doc.toJS();
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data)))
    throw new EditError(CONDARC_FORMAT, 'the top level is not a mapping of settings');
  return { doc, data: (data ?? {}) as Mapping };
}

function strings(v: unknown, key: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new EditError(CONDARC_FORMAT, `'${key}' must be a list of URLs`);
  return v;
}

function slash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}

/** The mirror base this file points conda at (from default_channels, else conda-forge), or undefined. */
export function condaMirrorBase(text: string): string | undefined {
  const { data } = parse(text);
  const first = strings(data.default_channels, 'default_channels')?.[0];
  const fromDefaults = first !== undefined ? /^(.*\/)pkgs\/main\/?$/.exec(first)?.[1] : undefined;
  if (fromDefaults) return fromDefaults;
  const custom = data.custom_channels;
  if (custom !== undefined && custom !== null && (typeof custom !== 'object' || Array.isArray(custom)))
    throw new EditError(CONDARC_FORMAT, "'custom_channels' must be a mapping");
  const forge = (custom as Mapping | undefined)?.['conda-forge'];
  return typeof forge === 'string' ? (/^(.*\/)cloud\/?$/.exec(forge)?.[1] ?? undefined) : first;
}

/** Point conda at `base` (a mirror's …/anaconda/), or back at Anaconda's own servers when `base` is null. */
export function condaSetMirror(text: string, base: string | null, opts: EolOptions = {}): string {
  const { doc, data } = parse(text);
  // Reading first refuses the shapes conda would refuse (a string where a list belongs …).
  const mine = condaMirrorBase(text);
  // An empty file (or one holding only comments) has no mapping to edit yet.
  if (doc.contents === null) {
    if (base === null) return text;
    // parseDocument types its contents as parsed nodes; a created mapping is the same node kind at run time.
    doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  }
  const expected: Mapping = structuredClone(data);
  const custom = (isMap(doc.get('custom_channels')) ? (expected.custom_channels as Mapping) : undefined) ?? {};
  if (base === null) {
    doc.delete('default_channels');
    delete expected.default_channels;
    for (const c of CLOUD) {
      if (mine && custom[c] === `${mine}cloud`) {
        doc.deleteIn(['custom_channels', c]);
        delete custom[c];
      }
    }
    if (Object.keys(custom).length === 0 && expected.custom_channels !== undefined) {
      doc.delete('custom_channels');
      delete expected.custom_channels;
    }
  } else {
    const b = slash(base);
    const defaults = DEFAULTS.map((d) => `${b}${d}`);
    if (!isDeepStrictEqual(data.default_channels, defaults)) doc.set('default_channels', defaults);
    expected.default_channels = defaults;
    if (!isMap(doc.get('custom_channels')) && doc.has('custom_channels'))
      throw new EditError(CONDARC_FORMAT, "'custom_channels' must be a mapping");
    for (const c of CLOUD) {
      if (custom[c] !== `${b}cloud`) doc.setIn(['custom_channels', c], `${b}cloud`);
      custom[c] = `${b}cloud`;
    }
    expected.custom_channels = custom;
    // A new file (or one without channels) needs `defaults` for default_channels to be used at all.
    if (!doc.has('channels')) {
      doc.set('channels', ['defaults']);
      expected.channels = ['defaults'];
    }
    if (!doc.has('show_channel_urls')) {
      doc.set('show_channel_urls', true);
      expected.show_channel_urls = true;
    }
  }
  const lf = doc.contents === null && base === null ? '' : String(doc);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const eol = eolFor(text, opts);
  const out = bom + (eol === '\r\n' ? lf.replace(/\r?\n/g, '\r\n') : lf);
  if (isDeepStrictEqual(data, expected)) return text;
  if (!isDeepStrictEqual(parse(out).data, expected))
    throw new EditError(CONDARC_FORMAT, 'the edited file would not read back as intended');
  return out;
}
