import fs from 'node:fs/promises';

import { wsl as wslSpec } from '../../../shared/targets/wsl';
import type { Change, Layer, Message, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError, toMessage } from '../errors';
import { listDistros, wslExecutable } from '../platform/wsl';

import { currentArchive, rewriteSources } from './apt-sources';
import { catalogWarnings, foundOnly } from './common';
import { distroFile, failed, skipped, targetPlan } from './plan-helpers';
import type { TargetModule } from './types';
import { lookAtDistros, type DistroLook } from './wsl-distros';
import { verifyDistros, writtenByDistro } from './wsl-verify';

/** The distros' looks, or the one reason there are none (wsl.exe missing, or unable to list them). */
async function looks(ctx: Ctx, opts: { runningOnly?: boolean } = {}): Promise<DistroLook[] | Message> {
  try {
    return await lookAtDistros(ctx, opts);
  } catch (err) {
    if (err instanceof MirrorKitError) return toMessage(err);
    throw err;
  }
}

function problems(all: DistroLook[]): Message[] {
  return all.flatMap((l) => (l.status === 'apt' ? [] : [l.reason]));
}

export const wsl: TargetModule = {
  ...wslSpec,
  machineEnv: {},
  quickRead: 'never',

  async detect(ctx, opts) {
    if (ctx.platform !== 'win32') return { target: 'wsl', supported: false, installed: false };
    const exe = wslExecutable(ctx);
    if (opts?.quick) {
      const there = await fs.access(exe).then(
        () => true,
        () => false,
      );
      return foundOnly('wsl', there ? exe : undefined);
    }
    // The list alone (wsl.exe answers it without starting any distro): looking inside is for read and plan.
    const names = await listDistros(ctx).catch((err: unknown) => {
      if (err instanceof MirrorKitError) return [];
      throw err;
    });
    const installed = names.length > 0;
    return { target: 'wsl', supported: true, installed, ...(installed ? { executable: exe } : {}) };
  },

  async read(ctx): Promise<Reading> {
    const none: Reading = { target: 'wsl', value: null, origin: { kind: 'default' }, layers: [], warnings: [] };
    if (ctx.platform !== 'win32') return none;
    // A reading never starts a stopped distro; the plan looks inside every one.
    const all = await looks(ctx, { runningOnly: true });
    if (!Array.isArray(all)) return { ...none, warnings: [all] };
    // Each distro has its own apt: one layer per distro, each the value that distro's apt uses.
    const layers: Layer[] = all.flatMap((l) => {
      const cur = l.status === 'apt' ? currentArchive(l.files) : undefined;
      return cur ? [{ origin: { kind: 'file', path: cur.path, key: 'URIs' }, value: cur.uri, effective: true }] : [];
    });
    const first = layers[0];
    const cw = catalogWarnings(ctx, 'apt', first?.value ?? null);
    return {
      target: 'wsl',
      value: first?.value ?? null,
      origin: first?.origin ?? { kind: 'default' },
      layers,
      warnings: [...problems(all), ...cw.warnings],
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice) {
    if (ctx.platform !== 'win32') return skipped('wsl', { code: 'skip.not-supported', params: { target: 'wsl' } });
    const all = await looks(ctx);
    if (!Array.isArray(all)) return failed('wsl', all);
    const warnings: Message[] = [{ code: 'warn.apt-security-kept' }, ...problems(all)];
    const changes: Change[] = [];
    let before: string | null = null;
    let after: string | null = null;
    let handled = 0;
    let rewriteError: Message | undefined;
    for (const l of all) {
      if (l.status !== 'apt') continue;
      let afters: string[];
      try {
        afters = rewriteSources(ctx, l.files, choice, warnings, `wsl ${l.distro}`);
      } catch (err) {
        // This distro's bad input stays its own: reported, nothing of it planned, the others go on.
        if (!(err instanceof MirrorKitError)) throw err;
        warnings.push(toMessage(err));
        rewriteError ??= toMessage(err);
        continue;
      }
      l.files.forEach((f, i) => changes.push(distroFile('wsl', l.distro, f.linuxPath, f.text, afters[i] ?? f.text)));
      if (handled++ === 0) {
        before = currentArchive(l.files)?.uri ?? null;
        after = currentArchive(l.files.map((f, i) => ({ ...f, text: afters[i] ?? f.text })))?.uri ?? null;
      }
    }
    if (handled === 0) {
      const failure = all.find((l) => l.status === 'failed');
      const error = rewriteError ?? (failure?.status === 'failed' ? failure.reason : undefined);
      if (error) return { ...failed('wsl', error), warnings };
      return { ...skipped('wsl', { code: 'wsl.no-apt-distro' }), warnings: problems(all) };
    }
    return targetPlan('wsl', before, after, changes, warnings, choice.provider);
  },

  async verify(ctx, _expected, plan): Promise<Verification> {
    // Each distro has its own archive (…/ubuntu, …/debian): apt in each must print what was written there.
    let expected = writtenByDistro(plan);
    if (expected.size === 0) {
      const all = await looks(ctx);
      const apt = Array.isArray(all) ? all.flatMap((l) => (l.status === 'apt' ? [l] : [])) : [];
      expected = new Map(apt.map((l) => [l.distro, [currentArchive(l.files)?.uri].filter((u) => u !== undefined)]));
    }
    return verifyDistros(ctx, expected);
  },
};
