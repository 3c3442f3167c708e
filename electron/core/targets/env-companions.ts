import { ENV_COMPANIONS } from '../../../shared/catalog/schema';
import type { MirrorKind } from '../../../shared/types/core';
import type { Ctx } from '../context';

/** What a tool configured by several variables gets for one chosen mirror URL. */
export interface CompanionValues {
  /** Each variable to write (null removes it); a variable not named here is left as it is. */
  set: Record<string, string | null>;
  /** Variables the chosen provider does not serve: removed, so the tool uses its default for them. */
  unserved: string[];
  /** Variables left as they are, because the URL is not a catalog mirror and nothing says what goes with it. */
  untouched: string[];
}

/**
 * `main` gets the URL (no trailing slash: these tools append `/path` themselves), the kind's other variables
 * (ENV_COMPANIONS) the catalog entry's values for them. The official choice removes every variable, so the
 * tool's built-in defaults apply again. A mirror the catalog does not know sets `main` only.
 */
export function companionValues(ctx: Ctx, kind: MirrorKind, main: string, url: string): CompanionValues {
  const names = ENV_COMPANIONS[kind] ?? [];
  const entry = ctx.catalog.match(kind, url);
  if (entry?.provider === 'official')
    return { set: Object.fromEntries([main, ...names].map((n) => [n, null])), unserved: [], untouched: [] };
  const set: Record<string, string | null> = { [main]: url.replace(/\/+$/, '') };
  if (!entry) return { set, unserved: [], untouched: [...names] };
  const unserved: string[] = [];
  for (const name of names) {
    const value = entry.env?.[name];
    set[name] = value ?? null;
    if (value === undefined) unserved.push(name);
  }
  return { set, unserved, untouched: [] };
}
