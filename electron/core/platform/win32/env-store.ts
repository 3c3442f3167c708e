import type { PersistentScope } from '../../../../shared/types/core';
import { EXIT, MirrorKitError } from '../../errors';
import type { EnvStore } from '../env-store';
import type { Exec, ExecResult } from '../exec';

import { broadcastEnvironmentChange } from './broadcast';
import { checkEnvName, checkEnvValue } from './env-rules';
import {
  ENV_KEYS,
  findValue,
  parseRegQuery,
  regAddArgv,
  regDeleteArgv,
  regExe,
  regQueryArgv,
  stringData,
  type RegValue,
} from './reg';

export interface Win32EnvStoreOptions {
  /** The environment used to locate reg.exe and PowerShell (default: this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Send WM_SETTINGCHANGE after each write, as setx does (default true). */
  broadcast?: boolean;
}

/**
 * The user (HKCU\Environment) and machine (HKLM\…\Session Manager\Environment) environment, with setx semantics:
 * the registry value, then the WM_SETTINGCHANGE broadcast. Reads go through `reg query <key>` of the whole key,
 * never `/v name`, because reg's "value not found" is a localized sentence with the same exit code as "access
 * denied"; a key listing either works (exit 0) or is an error.
 *
 * Writes keep an existing REG_EXPAND_SZ a REG_EXPAND_SZ (so a restore gives the same type back) and create REG_SZ,
 * as setx does. A value of any other type is refused rather than overwritten.
 */
export function createWin32EnvStore(exec: Exec, opts: Win32EnvStoreOptions = {}): EnvStore {
  const env = opts.env ?? process.env;
  const reg = regExe(env);

  const run = async (args: string[], key: string, name: string): Promise<ExecResult> => {
    const r = await exec(reg, args, { env: { ...env }, timeoutMs: 15_000 });
    if (r.code !== 0) {
      const reason = (r.stderr.trim() || r.stdout.trim() || r.failureDetail || `exit ${r.code}`).replace(
        /^ERROR:\s*/i,
        '',
      );
      throw new MirrorKitError('windows.reg-failed', { key, name, reason }, EXIT.targetFailed);
    }
    return r;
  };

  const lookup = async (name: string, scope: PersistentScope): Promise<RegValue | undefined> => {
    const key = ENV_KEYS[scope];
    const r = await run(regQueryArgv(key), key, name);
    return findValue(parseRegQuery(r.stdout), name);
  };

  return {
    supported: true,

    async get(name, scope) {
      const v = await lookup(name, scope);
      return v ? stringData(v, ENV_KEYS[scope]) : null;
    },

    async set(name, value, scope) {
      checkEnvName(name);
      if (value !== null) checkEnvValue(name, value);
      const key = ENV_KEYS[scope];
      const current = await lookup(name, scope);
      const currentData = current ? stringData(current, key) : null;
      if (currentData === value) return;
      if (value === null) {
        // Delete under the name the registry has, so `GoProxy` set by hand is the one removed.
        await run(regDeleteArgv(key, current?.name ?? name), key, name);
      } else {
        const type = current?.type === 'REG_EXPAND_SZ' ? 'REG_EXPAND_SZ' : 'REG_SZ';
        await run(regAddArgv(key, current?.name ?? name, type, value), key, name);
      }
      if (opts.broadcast !== false) await broadcastEnvironmentChange(exec, env);
    },
  };
}
