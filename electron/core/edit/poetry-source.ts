import { isDeepStrictEqual } from 'node:util';

import { TomlDocument } from '@decimalturn/toml-patch';

import { eolFor, insertLines, joinLines, removeLines, splitLines, type EolOptions } from './eol';
import { EditError } from './errors';
import { TOML_FORMAT, tomlParse } from './toml';
import { encodeTomlString } from './toml-text';

/**
 * The one `[[tool.poetry.source]]` entry MirrorKit owns in a project's pyproject.toml, found by its name. The
 * user's own sources, comments, key order and line endings are never touched: MirrorKit's entry is a block of
 * lines of its own, added at the end of the file and removed again with the blank line that introduced it.
 */

export const MIRRORKIT_SOURCE = 'mirrorkit';

/** How the installed Poetry marks the source that replaces PyPI: `priority` from 1.5, `default = true` before. */
export type SourceStyle = 'priority' | 'default';

type Table = Record<string, unknown>;

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function child(t: unknown, key: string): unknown {
  return isTable(t) ? t[key] : undefined;
}

export interface PyProject {
  sources: Table[];
  /** A `[tool.poetry]` table, or a `[project]` one whose build backend is poetry-core. */
  poetryManaged: boolean;
  hasProject: boolean;
}

/** What Poetry reads from a pyproject.toml (throws EditError when it is not TOML Poetry could read). */
export function readPyProject(text: string): PyProject {
  const doc = tomlParse(text);
  const poetry = child(child(doc, 'tool'), 'poetry');
  const v = child(poetry, 'source');
  let sources: Table[] = [];
  if (v !== undefined) {
    if (!Array.isArray(v) || !v.every(isTable))
      throw new EditError(TOML_FORMAT, "'tool.poetry.source' must be an array of tables ([[tool.poetry.source]])");
    sources = v;
  }
  const backend = child(child(doc, 'build-system'), 'build-backend');
  const hasProject = isTable(child(doc, 'project'));
  const poetryBackend = typeof backend === 'string' && backend.startsWith('poetry.');
  return { sources, poetryManaged: isTable(poetry) || (hasProject && poetryBackend), hasProject };
}

/** Poetry ≥ 1.5 treats a source with no priority (and no legacy flag) as primary. */
export function isPrimary(s: Table, style: SourceStyle): boolean {
  if (style === 'default') return s.default === true;
  if (typeof s.priority === 'string') return s.priority === 'primary' || s.priority === 'default';
  return s.default === true || s.secondary !== true;
}

interface Block {
  first: number;
  last: number;
}

/** The lines (0-based, inclusive) of each `[[tool.poetry.source]]` block, in file order. */
function sourceBlocks(text: string, count: number): Block[] {
  const cst: unknown = (new TomlDocument(text) as unknown as { cst?: unknown }).cst;
  const nodes = Array.isArray(cst)
    ? (cst as {
        type: string;
        key?: { item?: { value?: string[] } };
        loc: { start: { line: number }; end: { line: number } };
      }[])
    : [];
  const blocks = nodes
    .filter((n) => n.type === 'TableArray' && isDeepStrictEqual(n.key?.item?.value, ['tool', 'poetry', 'source']))
    .map((n) => ({ first: n.loc.start.line - 1, last: n.loc.end.line - 1 }));
  // Sources written another way ([tool.poetry] source = [...]) hold no block of ours to edit.
  if (blocks.length !== count)
    throw new EditError(TOML_FORMAT, "'tool.poetry.source' is not written as [[tool.poetry.source]] tables");
  return blocks;
}

function entryLines(url: string, style: SourceStyle): string[] {
  return [
    '[[tool.poetry.source]]',
    `name = "${MIRRORKIT_SOURCE}"`,
    `url = ${encodeTomlString(url)}`,
    style === 'priority' ? 'priority = "primary"' : 'default = true',
  ];
}

function ours(sources: Table[]): number {
  return sources.findIndex((s) => s.name === MIRRORKIT_SOURCE);
}

/**
 * Point MirrorKit's source at `url` (added if absent), or remove it (`url` null: back to PyPI). Every other
 * source must read back exactly as before, or nothing is returned.
 */
export function poetrySetSource(text: string, url: string | null, style: SourceStyle, opts: EolOptions = {}): string {
  const { sources } = readPyProject(text);
  const at = ours(sources);
  if (at < 0 && url === null) return text;
  const blocks = sourceBlocks(text, sources.length);
  const eol = eolFor(text, opts);
  let lines = splitLines(text);
  if (at >= 0) {
    const cur = sources[at]!;
    const styled = style === 'priority' ? cur.priority === 'primary' : cur.default === true;
    if (url !== null && cur.url === url && styled) return text;
    const b = blocks[at]!;
    const drop = new Set<number>();
    for (let i = b.first; i <= b.last; i++) drop.add(i);
    // The blank line MirrorKit put before its block goes with it.
    if (url === null && b.first > 0 && lines[b.first - 1]!.body.trim() === '') drop.add(b.first - 1);
    lines = removeLines(lines, drop);
    if (url !== null) lines = insertLines(lines, b.first - 1, entryLines(url, style), eol);
  } else {
    const gap = text.trim() === '' ? [] : [''];
    lines = insertLines(lines, lines.length - 1, [...gap, ...entryLines(url!, style)], eol);
  }
  const out = joinLines(lines);
  const after = readPyProject(out).sources;
  const others = (list: Table[]) => list.filter((s) => s.name !== MIRRORKIT_SOURCE);
  const mine = after.find((s) => s.name === MIRRORKIT_SOURCE);
  if (!isDeepStrictEqual(others(after), others(sources)) || (mine?.url ?? null) !== url)
    throw new EditError(TOML_FORMAT, 'the edited file would not read back as intended');
  return out;
}
