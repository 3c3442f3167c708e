import fs from 'node:fs/promises';

import { hasNoControls } from '../../../shared/text/escape';
import type { Change, CorporateSetting, Message, TargetId, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError } from '../errors';
import { pathApi } from '../platform/paths';
import { shellEnvPaths } from '../platform/shell-env';
import { exists, processEnv, readText } from '../targets/common';
import { planEnvVars } from '../targets/env-tool';

import { stateFileChange } from './file';
import { parseCaBundle, type CaCert } from './pem';
import { caFiles, stateFile, type Corporate, corporateFor } from './settings';
import type { StateFile } from './types';

export const NODE_EXTRA = 'NODE_EXTRA_CA_CERTS';

/**
 * Tools that run on Node.js and fetch over https in ways npm's `cafile` does not reach: pnpm 11 and yarn 2+ do
 * not read it, electron's @electron/get and node-gyp run as install scripts. NODE_EXTRA_CA_CERTS adds to Node's
 * own roots, so it points at the company's certificates alone.
 */
export const NODE_FAMILY: readonly TargetId[] = ['npm', 'pnpm', 'yarn', 'electron'];

/** First line of a combined file: whose file it copies, so a later apply combines from the original again. */
const HEADER = '# NODE_EXTRA_CA_CERTS before MirrorKit: ';
/** The user's own file is read whole; Debian's full system bundle is ~220 KB. */
const MAX_THEIRS = 4 * 1024 * 1024;

/** The value new terminals get now: the persistent one (Windows user, then machine; MirrorKit's env.sh), else this process's. */
async function currentValue(ctx: Ctx): Promise<string | undefined> {
  if (ctx.envStore.supported) {
    const v = (await ctx.envStore.get(NODE_EXTRA, 'user')) || (await ctx.envStore.get(NODE_EXTRA, 'machine'));
    if (v) return v;
  } else {
    const sh = await readText((await shellEnvPaths(ctx, exists)).sh);
    const m = new RegExp(`^export ${NODE_EXTRA}='([^']*)'$`, 'm').exec(sh ?? '');
    if (m?.[1]) return m[1];
  }
  return processEnv(ctx, NODE_EXTRA);
}

/** The user's own file behind the current value: itself, or the one a combined file of ours names. */
async function theirsOf(ctx: Ctx, value: string | undefined): Promise<string | undefined> {
  if (!value) return undefined;
  const p = pathApi(ctx);
  const ours = p.join(ctx.stateDir, 'corporate') + p.sep;
  if (!value.startsWith(ours)) return value;
  const first = (await readText(value))?.split('\n', 1)[0] ?? '';
  return first.startsWith(HEADER) ? first.slice(HEADER.length) : undefined;
}

async function readTheirs(ctx: Ctx, file: string): Promise<CaCert[] | string> {
  if (!hasNoControls(file)) return 'the value holds control or invisible characters';
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return 'not a regular file';
    if (st.size > MAX_THEIRS) return `larger than ${MAX_THEIRS} bytes`;
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(file));
    return parseCaBundle(text, file, ctx.now(), { anyCertificate: true });
  } catch (e) {
    return e instanceof MirrorKitError ? String(e.params.reason) : (e as Error).message;
  }
}

function combined(ctx: Ctx, theirs: string, their: CaCert[], company: CaCert[]): StateFile {
  const seen = new Set<string>();
  const all = [...their, ...company].filter((c) => !seen.has(c.fingerprint256) && seen.add(c.fingerprint256));
  const text = `${HEADER}${theirs}\n${all.map((x) => `# ${x.subject}\n${x.pem}\n`).join('')}`;
  return stateFile(ctx, 'node-extra-ca', text);
}

interface NodeExtraPlan {
  changes: Change[];
  warnings: Message[];
  setting?: CorporateSetting;
}

/**
 * NODE_EXTRA_CA_CERTS for the company CA: a Windows user variable, or MirrorKit's env files elsewhere. Node reads
 * one file only, so a value the user has already is never replaced silently: their file's certificates are copied,
 * followed by the company's, into a file of ours the variable then names (both keep working, the plan says so,
 * and the restore puts their value back). A value that cannot be read as certificates is left alone, with the
 * reason.
 */
export async function planNodeExtraCa(ctx: Ctx, tp: TargetPlan, certs: CaCert[]): Promise<NodeExtraPlan> {
  const { certsFile } = caFiles(ctx, certs);
  const now = await currentValue(ctx);
  const theirs = await theirsOf(ctx, now);
  let file = certsFile;
  const warnings: Message[] = [];
  if (theirs) {
    const their = await readTheirs(ctx, theirs);
    if (typeof their === 'string')
      return {
        changes: [await stateFileChange(tp, certsFile)],
        warnings: [{ code: 'corp.node-extra-ca-kept', params: { value: theirs, reason: their, path: certsFile.path } }],
      };
    file = combined(ctx, theirs, their, certs);
    warnings.push({
      code: 'corp.node-extra-ca-combined',
      params: { value: theirs, count: their.length, path: file.path },
    });
  } else warnings.push({ code: 'corp.node-extra-ca', params: { path: file.path } });
  const env = await planEnvVars(ctx, tp.target, { [NODE_EXTRA]: file.path }, 'user');
  const where = ctx.envStore.supported ? 'HKCU\\Environment' : (await shellEnvPaths(ctx, exists)).sh;
  return {
    changes: [await stateFileChange(tp, file), ...env.changes],
    warnings: [...warnings, ...env.warnings],
    setting: { key: NODE_EXTRA, path: where, actual: now ?? null, expected: file.path },
  };
}

/** Every company certificate meant for one of the Node-based tools planned (each once). */
export function nodeFamilyCerts(ctx: Ctx, plans: readonly TargetPlan[], corp: Corporate): CaCert[] {
  const seen = new Set<string>();
  return plans
    .filter((tp) => NODE_FAMILY.includes(tp.target) && tp.status !== 'skipped' && tp.status !== 'error')
    .flatMap((tp) => corporateFor(ctx, corp, tp.target).ca?.certs ?? [])
    .filter((c) => !seen.has(c.fingerprint256) && seen.add(c.fingerprint256));
}
