import { isDeepStrictEqual } from 'node:util';

import { CST, Parser, parseAllDocuments, parseDocument } from 'yaml';

import { EditError } from './errors';
import { eolFor, type EolOptions } from './eol';

/**
 * Top-level string settings of a YAML config file (pnpm's config.yaml, yarn berry's .yarnrc.yml). Reads go
 * through the `yaml` library's parser (YAML 1.2, full validation). A value is changed in the library's concrete
 * syntax tree, which keeps every other byte — comments, quoting, blank lines, CRLF — and a new key is appended
 * as one line; every result is re-parsed and must read as the expected document. A layout those two cannot
 * handle (a flow mapping at the top, an indented top-level mapping) goes through the library's Document API,
 * which keeps comments and order but may respace the file.
 */

export const YAML_FORMAT = 'YAML';

type Mapping = Record<string, unknown>;

function splitBom(text: string): [string, string] {
  return text.startsWith('\uFEFF') ? ['\uFEFF', text.slice(1)] : ['', text];
}

function isMapping(v: unknown): v is Mapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The file as data: a mapping, or {} for an empty file. Throws EditError with the parser's line, column and message. */
export function yamlParse(text: string): Mapping {
  const body = splitBom(text)[1];
  const docs = parseAllDocuments(body);
  if (!Array.isArray(docs)) return {};
  if (docs.length > 1)
    throw new EditError(YAML_FORMAT, `${docs.length} YAML documents in one file; a config file holds one`);
  const doc = docs[0];
  if (!doc) return {};
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const message = err.message.split('\n')[0] ?? err.code;
    throw pos
      ? new EditError(YAML_FORMAT, `line ${pos.line}, column ${pos.col}: ${message}`, pos.line)
      : new EditError(YAML_FORMAT, message);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return {};
  if (!isMapping(data)) throw new EditError(YAML_FORMAT, 'the top level is not a mapping of settings');
  return data;
}

/** A top-level string setting, or undefined when absent (or null). Any other value type is refused. */
export function yamlGet(text: string, key: string): string | undefined {
  const data = yamlParse(text);
  if (!Object.prototype.hasOwnProperty.call(data, key)) return undefined;
  const v = data[key];
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string')
    throw new EditError(YAML_FORMAT, `'${key}' is a ${Array.isArray(v) ? 'list' : typeof v}, not a string`);
  return v;
}

function readsAs(text: string, expected: Mapping): boolean {
  try {
    return isDeepStrictEqual(yamlParse(text), expected);
  } catch {
    return false;
  }
}

/** Replace the value of `key` in a top-level block mapping, in the syntax tree; undefined when that layout is not there. */
function replaceInTree(body: string, key: string, value: string): string | undefined {
  let out = '';
  let done = false;
  for (const token of new Parser().parse(body)) {
    if (!done && token.type === 'document' && token.value?.type === 'block-map') {
      const item = token.value.items.find(
        (i) => i.key && CST.isScalar(i.key) && CST.resolveAsScalar(i.key).value === key,
      );
      if (item) {
        if (!item.value || !CST.isScalar(item.value)) return undefined;
        // The scalar keeps its own style (plain, '…' or "…"); the library re-quotes when the value needs it.
        CST.setScalarValue(item.value, value);
        done = true;
      }
    }
    out += CST.stringify(token);
  }
  return done ? out : undefined;
}

/** Add `key: "value"` as the file's last line. */
function appendLine(body: string, key: string, value: string, opts?: EolOptions): string {
  const eol = eolFor(body, opts);
  const sep = body === '' || body.endsWith('\n') ? '' : eol;
  return `${body}${sep}${key}: ${JSON.stringify(value)}${eol}`;
}

/**
 * Set a top-level string setting. An existing value is replaced where it stands; a new key goes at the end.
 * A no-op returns `text` itself.
 */
export function yamlSet(text: string, key: string, value: string, opts?: EolOptions): string {
  const [bom, body] = splitBom(text);
  const before = yamlParse(body);
  if (before[key] === value) return text;
  const expected = { ...before, [key]: value };
  const hasKey = Object.prototype.hasOwnProperty.call(before, key);
  let out = hasKey ? replaceInTree(body, key, value) : appendLine(body, key, value, opts);
  if (out === undefined || !readsAs(out, expected)) {
    const doc = parseDocument(body);
    doc.set(key, value);
    out = doc.toString();
    if (!readsAs(out, expected)) throw new Error('internal: YAML edit did not read back as intended');
  }
  return bom + out;
}
