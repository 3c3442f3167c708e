import { TomlDocument } from '@decimalturn/toml-patch';

import { indentOf, insertLines, joinLines, removeLines, splitLines, type Eol } from './eol';

/**
 * Line-precise TOML edits located through toml-patch's concrete syntax tree (positions of every key, value,
 * table header and comment). The result is always re-parsed and checked by toml.ts; a layout this module
 * does not handle (keys inside inline tables, dotted-key tables) returns undefined so the caller can fall back.
 */

interface Pos {
  line: number;
  column: number;
}
interface Loc {
  start: Pos;
  end: Pos;
}
interface CNode {
  type: string;
  loc: Loc;
  raw?: string;
  key?: { value?: string[]; item?: { value: string[] }; loc: Loc };
  value?: CNode;
  items?: CNode[];
  item?: CNode;
}

interface Found {
  kv: CNode;
  inline: boolean;
  /** The `[table]` block holding the key, when it is written under a header. */
  table?: CNode;
}

function cstOf(text: string): CNode[] | undefined {
  const cst: unknown = (new TomlDocument(text) as unknown as { cst?: unknown }).cst;
  return Array.isArray(cst) ? (cst as CNode[]) : undefined;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length < path.length && prefix.every((x, i) => x === path[i]);
}

function matchKv(prefix: string[], kv: CNode, path: readonly string[], inline: boolean): Found | undefined {
  const full = [...prefix, ...(kv.key?.value ?? [])];
  if (samePath(full, path)) return { kv, inline };
  if (kv.value?.type === 'InlineTable' && startsWith(path, full)) {
    for (const it of kv.value.items ?? []) {
      if (it.item?.type !== 'KeyValue') continue;
      const f = matchKv(full, it.item, path, true);
      if (f) return f;
    }
  }
  return undefined;
}

function tableKey(block: CNode): string[] {
  return block.key?.item?.value ?? [];
}

function findKv(cst: CNode[], path: readonly string[]): Found | undefined {
  for (const block of cst) {
    if (block.type === 'KeyValue') {
      const f = matchKv([], block, path, false);
      if (f) return f;
    } else if (block.type === 'Table') {
      for (const item of block.items ?? []) {
        if (item.type !== 'KeyValue') continue;
        const f = matchKv(tableKey(block), item, path, false);
        if (f) return { ...f, table: block };
      }
    }
  }
  return undefined;
}

function offsetOf(text: string, pos: Pos): number {
  let start = 0;
  for (let line = 1; line < pos.line; line++) start = text.indexOf('\n', start) + 1;
  return start + pos.column;
}

/** Control characters TOML strings cannot hold raw (tab is allowed). */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || code === 0x7f;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

/** A TOML string for `value`, keeping a literal ('…') style when the old value used it and it still fits. */
export function encodeTomlString(value: string, oldRaw?: string): string {
  const chars = [...value];
  const literal = oldRaw?.startsWith("'") && !oldRaw.startsWith("'''");
  if (literal && !chars.some((c) => c === "'" || isControl(c.charCodeAt(0)))) return `'${value}'`;
  const body = chars
    .map((c) => {
      const code = c.charCodeAt(0);
      if (NAMED_ESCAPES[c]) return NAMED_ESCAPES[c];
      return isControl(code) ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : c;
    })
    .join('');
  return `"${body}"`;
}

export function encodeTomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : encodeTomlString(key);
}

/** Where a new `key = value` line of table `table` goes: [line index to insert after, indentation]. */
function insertionPoint(
  cst: CNode[],
  lines: ReturnType<typeof splitLines>,
  table: readonly string[],
): [number, string] | undefined {
  const lastKvLine = (items: CNode[]) => {
    const kvs = items.filter((i) => i.type === 'KeyValue');
    const last = kvs[kvs.length - 1];
    return last ? last.loc.end.line - 1 : undefined;
  };
  if (table.length === 0) {
    const after = lastKvLine(cst);
    if (after !== undefined) return [after, indentOf(lines[after]?.body ?? '')];
    const first = cst.find((b) => b.type === 'Table' || b.type === 'TableArray');
    if (!first) return [lines.length - 1, ''];
    // Before the first table, and before the comment block that introduces it.
    let at = first.loc.start.line - 1;
    while (at > 0 && /^\s*#/.test(lines[at - 1]!.body)) at--;
    return [at - 1, ''];
  }
  const block = cst.find((b) => b.type === 'Table' && samePath(tableKey(b), table));
  if (!block) return undefined;
  const after = lastKvLine(block.items ?? []);
  if (after !== undefined) return [after, indentOf(lines[after]?.body ?? '')];
  return [block.key!.loc.end.line - 1, ''];
}

function addRange(set: Set<number>, loc: Loc): void {
  for (let l = loc.start.line; l <= loc.end.line; l++) set.add(l - 1);
}

/**
 * The key's lines; when it was the only key of its `[table]`, the header and one blank line next to it too:
 * cargo rejects a `[source.x]` table with no location, and this undoes exactly what adding the table did.
 */
function linesToDelete(found: Found, lines: ReturnType<typeof splitLines>): Set<number> {
  const drop = new Set<number>();
  addRange(drop, found.kv.loc);
  const table = found.table;
  if (!table || (table.items ?? []).filter((i) => i.type === 'KeyValue').length !== 1) return drop;
  addRange(drop, table.key!.loc);
  const before = table.key!.loc.start.line - 2;
  const after = found.kv.loc.end.line;
  const blank = (i: number) => lines[i] !== undefined && lines[i]!.body.trim() === '' && !drop.has(i);
  if (blank(before)) drop.add(before);
  else if (blank(after)) drop.add(after);
  return drop;
}

/**
 * Apply one string update as a text edit, or return undefined when the layout needs the library's patch().
 * `text` has no BOM.
 */
export function editTomlText(
  text: string,
  path: readonly string[],
  value: string | null,
  eol: Eol,
): string | undefined {
  const cst = cstOf(text);
  if (!cst) return undefined;
  const found = findKv(cst, path);
  const lines = splitLines(text);
  if (found) {
    if (value === null) return found.inline ? undefined : joinLines(removeLines(lines, linesToDelete(found, lines)));
    const v = found.kv.value!;
    const from = offsetOf(text, v.loc.start);
    const to = offsetOf(text, v.loc.end);
    return text.slice(0, from) + encodeTomlString(value, v.type === 'String' ? v.raw : undefined) + text.slice(to);
  }
  if (value === null) return text;
  const key = path[path.length - 1]!;
  const table = path.slice(0, -1);
  const line = `${encodeTomlKey(key)} = ${encodeTomlString(value)}`;
  const point = insertionPoint(cst, lines, table);
  if (point) return joinLines(insertLines(lines, point[0], [point[1] + line], eol));
  const last = lines[lines.length - 1];
  const gap = last && last.body.trim() !== '' ? [''] : [];
  return joinLines(
    insertLines(lines, lines.length - 1, [...gap, `[${table.map(encodeTomlKey).join('.')}]`, line], eol),
  );
}
