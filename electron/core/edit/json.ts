import { isDeepStrictEqual } from 'node:util';

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

import { EditError } from './errors';
import { eolFor, type Eol, type EolOptions } from './eol';
import { formatJson, indentUnitOf, lineIndentAt } from './json-format';

/**
 * Docker's daemon.json: strict JSON (dockerd refuses comments and trailing commas, so they are errors here
 * too) whose top level is an object. Edits are made as text at the positions jsonc-parser reports, so other
 * keys keep their exact bytes; new members follow the file's indentation (tabs or N spaces, default 2) and
 * line ending. A UTF-8 BOM is kept (dockerd ≥ 23 ignores it, moby#44770; 20.10 still refuses it). Empty or
 * whitespace-only text counts as `{}` (dockerd itself refuses an empty file; writing through jsonSet fixes it).
 */

export const JSON_FORMAT = 'JSON';
export type JsonPath = (string | number)[];

function splitBom(text: string): [string, string] {
  return text.startsWith('\uFEFF') ? ['\uFEFF', text.slice(1)] : ['', text];
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function describe(text: string, err: ParseError): EditError {
  const { line, column } = position(text, err.offset);
  const code = printParseErrorCode(err.error);
  const prev = text.slice(0, err.offset).trimEnd();
  const here = text[err.offset];
  let what: string;
  if (code === 'InvalidCommentToken') what = 'comments are not allowed in strict JSON';
  else if (prev.endsWith(',') && (here === '}' || here === ']')) what = `trailing comma before '${here}'`;
  else if (code === 'EndOfFileExpected') what = 'unexpected text after the end of the JSON value';
  else
    what = `${code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}${here === undefined ? ' at end of file' : ` at '${here}'`}`;
  return new EditError(JSON_FORMAT, `line ${line}, column ${column}: ${what}`, line);
}

function strictTree(body: string): Node {
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors[0]) throw describe(body, errors[0]);
  if (!tree || tree.type !== 'object') {
    throw new EditError(
      JSON_FORMAT,
      `the top level is ${tree ? `a${tree.type === 'array' ? 'n' : ''} ${tree.type}` : 'empty'}, not an object`,
      1,
    );
  }
  return tree;
}

/** Parse strictly (throws EditError naming the error and its line). Empty text is `{}`. */
export function jsonParseStrict(text: string): unknown {
  const body = splitBom(text)[1];
  if (body.trim() === '') return {};
  strictTree(body);
  // Validated as strict JSON: JSON.parse reads it as dockerd does (last duplicate wins) into plain objects.
  return JSON.parse(body) as unknown;
}

/** The member node for `seg` in a container, honouring "last duplicate key wins" like Go's decoder. */
function child(node: Node, seg: string | number): Node | undefined {
  if (node.type === 'object') {
    const props = (node.children ?? []).filter((p) => p.children?.[0]?.value === seg);
    return props[props.length - 1];
  }
  if (node.type === 'array' && typeof seg === 'number') return node.children?.[seg];
  return undefined;
}

function valueOf(member: Node): Node {
  return member.type === 'property' ? member.children![1]! : member;
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

function removal(parent: Node, member: Node): Edit {
  const kids = parent.children ?? [];
  const i = kids.indexOf(member);
  const end = (n: Node) => n.offset + n.length;
  if (kids.length === 1) return { from: parent.offset + 1, to: end(parent) - 1, text: '' };
  if (i < kids.length - 1) return { from: member.offset, to: kids[i + 1]!.offset, text: '' };
  return { from: end(kids[i - 1]!), to: end(member), text: '' };
}

function insertion(body: string, parent: Node, key: string | undefined, value: unknown, unit: string, eol: Eol): Edit {
  const kids = parent.children ?? [];
  const close = parent.offset + parent.length - 1;
  const label = key === undefined ? '' : `${JSON.stringify(key)}: `;
  const last = kids[kids.length - 1];
  if (!last) {
    const base = lineIndentAt(body, parent.offset);
    const member = label + formatJson(value, base + unit, unit, eol, true);
    return { from: parent.offset + 1, to: close, text: `${eol}${base}${unit}${member}${eol}${base}` };
  }
  const multiline = spans(body, parent);
  const indent = lineIndentAt(body, last.offset);
  const member = label + formatJson(value, indent, unit, eol, multiline);
  const at = last.offset + last.length;
  return { from: at, to: at, text: multiline ? `,${eol}${indent}${member}` : `, ${member}` };
}

const spans = (body: string, n: Node) => /\n/.test(body.slice(n.offset, n.offset + n.length));

/**
 * Whether a replacement value is spread over lines: a non-empty array or object keeps the style of the one
 * it replaces; otherwise a container follows its parent (multi-line in a pretty-printed file), like
 * JSON.stringify(…, null, indent) would write it.
 */
function spreads(body: string, parent: Node, old: Node, value: unknown): boolean {
  if ((old.type === 'array' || old.type === 'object') && (old.children ?? []).length > 0) return spans(body, old);
  const container = typeof value === 'object' && value !== null && Object.keys(value).length > 0;
  return container && spans(body, parent);
}

function planEdit(body: string, tree: Node, path: JsonPath, value: unknown, unit: string, eol: Eol): Edit | undefined {
  let node = tree;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (node.type !== 'object' && node.type !== 'array') {
      throw new EditError(
        JSON_FORMAT,
        `${JSON.stringify(path.slice(0, i).join('.'))} is a ${node.type}, not an object`,
      );
    }
    const member = child(node, seg);
    if (member && i === path.length - 1) {
      const target = valueOf(member);
      if (value === undefined) return removal(node, member);
      if (isDeepStrictEqual(JSON.parse(body.slice(target.offset, target.offset + target.length)), value))
        return undefined;
      const text = formatJson(value, lineIndentAt(body, target.offset), unit, eol, spreads(body, node, target, value));
      return { from: target.offset, to: target.offset + target.length, text };
    }
    if (member) {
      node = valueOf(member);
      continue;
    }
    if (value === undefined) return undefined;
    const rest = path.slice(i + 1);
    if (rest.some((s) => typeof s === 'number'))
      throw new RangeError(`cannot create array elements on the way to ${path.join('.')}`);
    const nested = rest.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value);
    if (node.type === 'object' && typeof seg === 'string') return insertion(body, node, seg, nested, unit, eol);
    if (node.type === 'array' && seg === (node.children ?? []).length)
      return insertion(body, node, undefined, nested, unit, eol);
    throw new RangeError(`cannot set ${JSON.stringify(path)} in this document`);
  }
  throw new RangeError('empty JSON path: the top level must stay an object');
}

function at(doc: unknown, path: JsonPath): unknown {
  let node = doc;
  for (const seg of path) {
    const own = typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, seg);
    node = own ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  return node;
}

/** Set the value at `path` (undefined deletes it). Returns `text` itself when nothing changes. */
export function jsonSet(text: string, path: JsonPath, value: unknown, opts?: EolOptions): string {
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (value !== undefined && json === undefined) throw new RangeError('value is not representable in JSON');
  // Compare and write the value as JSON sees it (plain objects, no undefined members).
  const want: unknown = json === undefined ? undefined : JSON.parse(json);
  const [bom, original] = splitBom(text);
  const empty = original.trim() === '';
  const body = empty ? '{}' : original;
  const tree = strictTree(body);
  const eol = eolFor(original, opts);
  const edit = planEdit(body, tree, path, want, indentUnitOf(body), eol);
  if (!edit) return text;
  const out = body.slice(0, edit.from) + edit.text + body.slice(edit.to);
  if (!isDeepStrictEqual(at(jsonParseStrict(out), path), want))
    throw new Error(`internal: JSON edit of ${path.join('.')} did not read back`);
  return bom + out + (empty ? eol : '');
}
