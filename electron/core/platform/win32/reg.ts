import type { PersistentScope } from '../../../../shared/types/core';
import { MirrorKitError } from '../../errors';

import { system32 } from './search-path';

/**
 * `reg.exe` as a data source: argv builders and a parser of `reg query <key>` output. reg.exe is on every Windows
 * since XP, needs no COM or script host, and behaves the same under Wine, so the Windows lane tests the real thing.
 */

/** Where persistent environment variables live; the same keys `setx` and the System Properties dialog write. */
export const ENV_KEYS: Readonly<Record<PersistentScope, string>> = {
  user: 'HKCU\\Environment',
  machine: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment',
};

export const REG_TYPES = [
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_MULTI_SZ',
  'REG_DWORD',
  'REG_QWORD',
  'REG_BINARY',
  'REG_NONE',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
] as const;
export type RegType = (typeof REG_TYPES)[number];

export interface RegValue {
  name: string;
  type: RegType;
  /** The data exactly as reg prints it (REG_EXPAND_SZ unexpanded, DWORD as 0x…). */
  data: string;
}

const VALUE_LINE = new RegExp(`^ {4}(.*?) {4}(${REG_TYPES.join('|')})(?: {4}(.*))?$`);

/**
 * Parse `reg query <key>`: the values directly under the key (subkey listings and the key header are skipped).
 * The type token anchors the split, so a name or value containing runs of spaces still parses.
 */
export function parseRegQuery(stdout: string): RegValue[] {
  const values: RegValue[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    const m = VALUE_LINE.exec(raw.replace(/\r$/, ''));
    if (!m) continue;
    values.push({ name: m[1] ?? '', type: m[2] as RegType, data: m[3] ?? '' });
  }
  return values;
}

/** Windows environment names are case-insensitive: `GoProxy` and `GOPROXY` are the same variable. */
export function findValue(values: readonly RegValue[], name: string): RegValue | undefined {
  const n = name.toUpperCase();
  return values.find((v) => v.name.toUpperCase() === n);
}

/** The string an environment value holds, or a clear error when someone stored a DWORD or a multi-string there. */
export function stringData(v: RegValue, key: string): string {
  if (v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ') return v.data;
  throw new MirrorKitError('windows.unexpected-reg-type', { name: v.name, type: v.type, key });
}

export function regQueryArgv(key: string): string[] {
  return ['query', key];
}

export function regAddArgv(key: string, name: string, type: 'REG_SZ' | 'REG_EXPAND_SZ', data: string): string[] {
  return ['add', key, '/v', name, '/t', type, '/d', data, '/f'];
}

export function regDeleteArgv(key: string, name: string): string[] {
  return ['delete', key, '/v', name, '/f'];
}

export function regExe(env: Readonly<Record<string, string | undefined>>): string {
  return system32(env, 'reg.exe');
}
