import { visit } from 'jsonc-parser';

import { MirrorKitError } from '../errors';

/**
 * A profile's JSON, read strictly. A UTF-8 byte-order mark is allowed (PowerShell 5.1's `-Encoding UTF8` writes
 * one); a key given twice in one object is refused, since JSON.parse would silently keep the last and a
 * reviewer reading the file may see the first.
 */
export function parseProfileJson(text: string, name: string): unknown {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (e) {
    throw new MirrorKitError('error.malformed-config', { path: name, format: 'JSON', reason: (e as Error).message });
  }
  const open: Set<string>[] = [];
  let duplicate: string | undefined;
  visit(body, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (key, _offset, _length, _line, _column, pathSupplier) => {
      const keys = open[open.length - 1];
      if (keys?.has(key) && duplicate === undefined) duplicate = [...pathSupplier().map(String), key].join('.');
      keys?.add(key);
    },
  });
  if (duplicate !== undefined)
    throw new MirrorKitError('error.bad-profile', { path: name, where: duplicate, reason: 'profile.duplicate-key' });
  return raw;
}
