import fs from 'node:fs/promises';
import path from 'node:path';

import {
  POLICIES,
  POLICY_KEY,
  RECOMMENDED_SUBKEY,
  type PolicyDef,
  type PolicyName,
} from '../../../shared/policy/schema';
import type { Message } from '../../../shared/types/base';
import type { TargetId } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { systemPath } from '../platform/paths';
import { parseRegQuery, regExe, regQueryArgv, type RegValue } from '../platform/win32/reg';

/**
 * Policies set by the IT department (issue 18), read the way Chrome and VS Code read theirs. Precedence per value:
 * HKLM mandatory → HKCU mandatory → HKLM Recommended → HKCU Recommended (Windows); managed → recommended JSON
 * folders (Linux, macOS). A value of the wrong type is ignored and reported, and the next layer is used.
 */
export type PolicyLevel = 'mandatory' | 'recommended';
export type PolicyValue = string | string[] | number | boolean;

export interface PolicyEntry {
  name: string;
  /** The value as found (reg's text, or the JSON value), for display. */
  raw: unknown;
  value?: PolicyValue;
  /** The registry key or the JSON file. */
  source: string;
  scope: 'machine' | 'user';
  level: PolicyLevel;
  /** applied: this layer wins; superseded: a higher layer sets it too; invalid: wrong type or value; unknown: no such policy. */
  status: 'applied' | 'superseded' | 'invalid' | 'unknown';
  /** Why an invalid value or source is ignored (policy.reason.*, in both languages). */
  reason?: Message;
}

export interface Policy {
  entries: PolicyEntry[];
  effective: Partial<Record<PolicyName, { value: PolicyValue; level: PolicyLevel; source: string }>>;
}

/** A value of the wrong type: ignored and reported. */
class Wrong {
  readonly reason: Message;
  constructor(code: string, params?: Message['params']) {
    this.reason = { code: `policy.reason.${code}`, ...(params ? { params } : {}) };
  }
}

interface Layer {
  source: string;
  scope: 'machine' | 'user';
  level: PolicyLevel;
  values: { name: string; raw: unknown; convert: (def: PolicyDef) => PolicyValue | Wrong }[];
  /** The whole source is unusable (a policy file that is not a JSON object). */
  error?: Message;
}

/** A one-string list (NoProxy as REG_SZ), split as NO_PROXY is. */
function commaList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** A registry value as the policy's type, or the reason it is not. */
function fromReg(v: RegValue, def: PolicyDef): PolicyValue | Wrong {
  switch (def.type) {
    case 'string':
      return v.type === 'REG_SZ' ? v.data : new Wrong('reg-type', { expected: 'REG_SZ', found: v.type });
    case 'list':
      // reg query prints a multi-string's items joined by a literal `\0`.
      if (v.type === 'REG_MULTI_SZ') return v.data.split('\\0').filter((s) => s !== '');
      if (v.type === 'REG_SZ' && def.commaString) return commaList(v.data);
      return new Wrong('reg-type', { expected: 'REG_MULTI_SZ', found: v.type });
    case 'number':
    case 'boolean': {
      if (v.type !== 'REG_DWORD') return new Wrong('reg-type', { expected: 'REG_DWORD', found: v.type });
      const n = Number.parseInt(v.data, 16);
      if (def.type === 'number') return n;
      return n === 0 || n === 1 ? n === 1 : new Wrong('dword-bool');
    }
  }
}

function fromJson(v: unknown, def: PolicyDef): PolicyValue | Wrong {
  switch (def.type) {
    case 'string':
      return typeof v === 'string' ? v : new Wrong('json-string');
    case 'list':
      if (typeof v === 'string' && def.commaString) return commaList(v);
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : new Wrong('json-list');
    case 'number':
      return typeof v === 'number' ? v : new Wrong('json-number');
    case 'boolean':
      return typeof v === 'boolean' ? v : new Wrong('json-boolean');
  }
}

async function registryLayers(ctx: Ctx): Promise<Layer[]> {
  const order: [string, 'machine' | 'user', PolicyLevel][] = [
    [`HKLM\\${POLICY_KEY}`, 'machine', 'mandatory'],
    [`HKCU\\${POLICY_KEY}`, 'user', 'mandatory'],
    [`HKLM\\${POLICY_KEY}\\${RECOMMENDED_SUBKEY}`, 'machine', 'recommended'],
    [`HKCU\\${POLICY_KEY}\\${RECOMMENDED_SUBKEY}`, 'user', 'recommended'],
  ];
  const reg = regExe(ctx.env);
  return Promise.all(
    order.map(async ([key, scope, level]) => {
      const r = await ctx.exec(reg, regQueryArgv(key), { env: { ...ctx.env }, timeoutMs: 15_000 });
      // An absent key is the common case (no policy): reg exits 1. Nothing is read from it either way.
      const values = r.code === 0 ? parseRegQuery(r.stdout) : [];
      return {
        source: key,
        scope,
        level,
        values: values.map((v) => ({ name: v.name, raw: v.data, convert: (d: PolicyDef) => fromReg(v, d) })),
      };
    }),
  );
}

async function jsonLayer(dir: string, level: PolicyLevel): Promise<Layer[]> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (n): Promise<Layer> => {
      const file = path.join(dir, n);
      let data: unknown;
      try {
        data = JSON.parse(await fs.readFile(file, 'utf8'));
      } catch (e) {
        return {
          source: file,
          scope: 'machine',
          level,
          values: [],
          error: { code: 'policy.reason.json-unreadable', params: { detail: (e as Error).message } },
        };
      }
      if (!data || typeof data !== 'object' || Array.isArray(data))
        return { source: file, scope: 'machine', level, values: [], error: { code: 'policy.reason.json-object' } };
      return {
        source: file,
        scope: 'machine',
        level,
        values: Object.entries(data).map(([name, raw]) => ({ name, raw, convert: (d: PolicyDef) => fromJson(raw, d) })),
      };
    }),
  );
}

/** The policy folders below MIRRORKIT_SYSROOT (Chrome's layout: files in name order, the first one wins). */
export function policyDir(ctx: Ctx, level: 'managed' | 'recommended'): string {
  return systemPath(ctx, `/etc/mirrorkit/policies/${level}`);
}

export async function readPolicy(ctx: Ctx): Promise<Policy> {
  const layers =
    ctx.platform === 'win32'
      ? await registryLayers(ctx)
      : [
          ...(await jsonLayer(policyDir(ctx, 'managed'), 'mandatory')),
          ...(await jsonLayer(policyDir(ctx, 'recommended'), 'recommended')),
        ];
  const entries: PolicyEntry[] = [];
  const effective: Policy['effective'] = {};
  for (const layer of layers) {
    if (layer.error !== undefined)
      entries.push({
        name: '*',
        raw: null,
        source: layer.source,
        scope: layer.scope,
        level: layer.level,
        status: 'invalid',
        reason: layer.error,
      });
    for (const v of layer.values) {
      const base = { name: v.name, raw: v.raw, source: layer.source, scope: layer.scope, level: layer.level };
      const def = (POLICIES as readonly PolicyDef[]).find((p) => p.name.toLowerCase() === v.name.toLowerCase());
      if (!def) {
        entries.push({ ...base, status: 'unknown' });
        continue;
      }
      const converted = v.convert(def);
      const refusal = converted instanceof Wrong ? converted.reason : def.check(converted);
      if (refusal !== null || converted instanceof Wrong) {
        entries.push({
          ...base,
          name: def.name,
          status: 'invalid',
          reason: refusal ?? { code: 'policy.reason.invalid' },
        });
        continue;
      }
      const name = def.name as PolicyName;
      const taken = effective[name] !== undefined;
      if (!taken) effective[name] = { value: converted, level: layer.level, source: layer.source };
      entries.push({ ...base, name, value: converted, status: taken ? 'superseded' : 'applied' });
    }
  }
  return { entries, effective };
}

/** Tools an administrator locked: only a mandatory LockedTargets locks (a recommendation is only a default). */
export function lockedTargets(p: Policy): TargetId[] {
  const e = p.effective.LockedTargets;
  return e && e.level === 'mandatory' ? (e.value as TargetId[]) : [];
}
