import type { Layer } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { refuseBom } from '../edit/bom';
import { EditError, withPath } from '../edit/errors';
import { JSON_FORMAT, jsonParseStrict } from '../edit/json';
import { nvmSettingsRead } from '../edit/nvm-settings';
import { homeDir, localAppData, pathApi } from '../platform/paths';

import { exists, findExecutable, processEnv, readText } from './common';

/**
 * Which Node.js version managers are on this computer, and the mirror each one's own file names. Each is found
 * the way it finds itself: nvm-windows by NVM_HOME (its installer sets it for the user and the machine, and the
 * folder moved between installer versions, so it is never guessed), nvm by NVM_DIR or ~/.nvm/nvm.sh, fnm on
 * PATH, Volta by VOLTA_HOME or its default home (crates/volta-core/src/layout/{unix,windows}.rs).
 */
export interface NodeManagers {
  nvmWindows?: { settings: string };
  nvm?: { dir: string };
  fnm?: { exe: string };
  volta?: { hooks: string; exe?: string };
}

/** NVM_HOME as a new terminal sees it: this process, else the user's, else the machine's variable. */
async function nvmHome(ctx: Ctx): Promise<string | undefined> {
  const p = processEnv(ctx, 'NVM_HOME');
  if (p) return p;
  for (const scope of ['user', 'machine'] as const) {
    const v = ctx.envStore.supported ? await ctx.envStore.get('NVM_HOME', scope) : null;
    if (v) return v;
  }
  return undefined;
}

export async function findManagers(ctx: Ctx): Promise<NodeManagers> {
  const p = pathApi(ctx);
  const out: NodeManagers = {};
  if (ctx.platform === 'win32') {
    const home = await nvmHome(ctx);
    // nvm.go: filepath.Clean(os.Getenv("NVM_HOME") + "\\settings.txt")
    const settings = home ? p.join(home, 'settings.txt') : undefined;
    if (settings && (await exists(settings))) out.nvmWindows = { settings };
  } else {
    const dir = processEnv(ctx, 'NVM_DIR') ?? p.join(homeDir(ctx), '.nvm');
    if (await exists(p.join(dir, 'nvm.sh'))) out.nvm = { dir };
  }
  const fnm = await findExecutable(ctx, 'fnm');
  if (fnm) out.fnm = { exe: fnm };
  const voltaHome =
    processEnv(ctx, 'VOLTA_HOME') ??
    (ctx.platform === 'win32' ? p.join(localAppData(ctx), 'Volta') : p.join(homeDir(ctx), '.volta'));
  const volta = await findExecutable(ctx, 'volta');
  if (volta || (await exists(voltaHome)))
    out.volta = { hooks: p.join(voltaHome, 'hooks.json'), ...(volta ? { exe: volta } : {}) };
  return out;
}

/** nvm-windows' empty or `none` mirror means its default (web.SetMirrors). */
function setMirror(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v === 'none' ? undefined : v;
}

export interface NvmWindowsSettings {
  text: string | null;
  nodeMirror?: string;
  npmMirror?: string;
}

/** settings.txt as nvm-windows reads it (a file that is not UTF-8, such as UTF-16 from Notepad, is refused). */
export async function readNvmSettings(ctx: Ctx, file: string): Promise<NvmWindowsSettings> {
  const text = await readText(file);
  if (text === null) return { text };
  const keys = nvmSettingsRead(text, (name) => processEnv(ctx, name));
  const nodeMirror = setMirror(keys.node_mirror);
  const npmMirror = setMirror(keys.npm_mirror);
  return { text, ...(nodeMirror ? { nodeMirror } : {}), ...(npmMirror ? { npmMirror } : {}) };
}

export const VOLTA_HOOKS = ['index', 'latest', 'distro'] as const;
type VoltaHook = (typeof VOLTA_HOOKS)[number];

export interface VoltaHooks {
  text: string | null;
  /** The `node` member when it is an object (null or absent: Volta uses no node hooks). */
  node?: Record<string, unknown>;
  /** The mirror each node hook points at, when it is a template or prefix of the nodejs.org/dist layout. */
  mirrors: Partial<Record<VoltaHook, string>>;
}

/** The dist folder a hook names: `<base>/index.json`, `<base>/{{filename}}`, `<base>/v{{version}}/{{filename}}`, or a prefix. */
function hookBase(hook: Record<string, unknown>): string | undefined {
  if (typeof hook.prefix === 'string') return hook.prefix.replace(/\/+$/, '');
  if (typeof hook.template !== 'string') return undefined;
  const m = /^(.*?)\/+(?:index\.json|\{\{filename\}\}|v\{\{version\}\}\/\{\{filename\}\})$/.exec(hook.template);
  return m?.[1];
}

/**
 * hooks.json as Volta reads it (hook/mod.rs `from_file`, serde_json: strict JSON, no byte-order mark; each hook
 * has exactly one of prefix, template, bin — hook/serial.rs). What Volta would refuse is an error here too.
 */
export async function readVoltaHooks(file: string): Promise<VoltaHooks> {
  const text = await readText(file);
  if (text === null) return { text, mirrors: {} };
  try {
    refuseBom(text, JSON_FORMAT, 'Volta');
    const doc = jsonParseStrict(text) as Record<string, unknown>;
    const node = doc.node;
    if (node === undefined || node === null) return { text, mirrors: {} };
    if (typeof node !== 'object' || Array.isArray(node)) throw new EditError(JSON_FORMAT, '"node" is not an object');
    const mirrors: Partial<Record<VoltaHook, string>> = {};
    for (const name of VOLTA_HOOKS) {
      const hook = (node as Record<string, unknown>)[name];
      if (hook === undefined || hook === null) continue;
      if (typeof hook !== 'object' || Array.isArray(hook))
        throw new EditError(JSON_FORMAT, `"node.${name}" is not an object`);
      const h = hook as Record<string, unknown>;
      const set = ['prefix', 'template', 'bin'].filter((k) => h[k] !== undefined && h[k] !== null);
      if (set.length !== 1)
        throw new EditError(
          JSON_FORMAT,
          `"node.${name}" needs exactly one of prefix, template, bin (Volta refuses it)`,
        );
      const base = hookBase(h);
      if (base) mirrors[name] = base;
    }
    return { text, node: node as Record<string, unknown>, mirrors };
  } catch (e) {
    throw withPath(e, file);
  }
}

/** The layers the two files give: settings.txt's node_mirror, and Volta's index hook (distro as a fallback). */
export function fileLayers(
  nvmw: NvmWindowsSettings | undefined,
  nvmwFile: string | undefined,
  volta: VoltaHooks | undefined,
  voltaFile: string | undefined,
): Omit<Layer, 'effective'>[] {
  const out: Omit<Layer, 'effective'>[] = [];
  if (nvmw?.nodeMirror && nvmwFile)
    out.push({ origin: { kind: 'file', path: nvmwFile, key: 'node_mirror' }, value: nvmw.nodeMirror });
  const key = volta?.mirrors.index ? 'index' : volta?.mirrors.distro ? 'distro' : undefined;
  if (key && voltaFile)
    out.push({ origin: { kind: 'file', path: voltaFile, key: `node.${key}` }, value: volta!.mirrors[key]! });
  return out;
}
