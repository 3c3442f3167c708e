import fs from 'node:fs/promises';

import { apt as aptSpec } from '../../../shared/targets/apt';
import { normalizeMirrorUrl } from '../../../shared/catalog';
import type { Change, Message, Origin, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { pathApi, systemPath } from '../platform/paths';

import {
  currentArchive,
  printedArchives,
  rewriteSources,
  sourcePartFormat,
  type Format,
  type SourceFile,
} from './apt-sources';
import { catalogWarnings, findExecutable, rank, readText } from './common';
import { skipped, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

async function sourceFiles(ctx: Ctx): Promise<SourceFile[]> {
  const p = pathApi(ctx);
  const main = systemPath(ctx, '/etc/apt/sources.list');
  const partsDir = systemPath(ctx, '/etc/apt/sources.list.d');
  const candidates: { path: string; format: Format }[] = [{ path: main, format: 'list' }];
  const names = await fs.readdir(partsDir).catch(() => [] as string[]);
  for (const n of names.sort()) {
    const format = sourcePartFormat(n);
    if (format) candidates.push({ path: p.join(partsDir, n), format });
  }
  const out: SourceFile[] = [];
  for (const c of candidates) {
    const text = await readText(c.path);
    if (text !== null) out.push({ ...c, text });
  }
  return out;
}

export const apt: TargetModule = {
  ...aptSpec,
  machineEnv: {},

  async detect(ctx) {
    if (ctx.platform !== 'linux') return { target: 'apt', supported: false, installed: false };
    const exe = await findExecutable(ctx, 'apt-get');
    return { target: 'apt', supported: true, installed: exe !== undefined, ...(exe ? { executable: exe } : {}) };
  },

  async read(ctx): Promise<Reading> {
    const files = ctx.platform === 'linux' ? await sourceFiles(ctx) : [];
    const cur = currentArchive(files);
    const origin: Origin = cur ? { kind: 'file', path: cur.path, key: 'URIs' } : { kind: 'default' };
    const cw = catalogWarnings(ctx, 'apt', cur?.uri ?? null);
    return {
      target: 'apt',
      value: cur?.uri ?? null,
      origin,
      layers: rank(cur ? [{ origin, value: cur.uri }] : []),
      warnings: cw.warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice) {
    if (ctx.platform !== 'linux') return skipped('apt', { code: 'skip.not-supported', params: { target: 'apt' } });
    const files = await sourceFiles(ctx);
    const warnings: Message[] = [{ code: 'warn.apt-security-kept' }];
    const afters = rewriteSources(ctx, files, choice, warnings, 'apt');
    const changes: Change[] = files.map((f, i) => writeFile('apt', f.path, f.text, afters[i] ?? f.text, true));
    const before = currentArchive(files)?.uri ?? null;
    const afterFiles = files.map((f, i) => ({ ...f, text: afters[i] ?? f.text }));
    return targetPlan('apt', before, currentArchive(afterFiles)?.uri ?? null, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'apt-get');
    const p = pathApi(ctx);
    // apt's own resolution of the sources, without downloading anything: the URIs `update` would fetch.
    const args = [
      '-o',
      `Dir::Etc::SourceList=${systemPath(ctx, '/etc/apt/sources.list')}`,
      '-o',
      `Dir::Etc::SourceParts=${systemPath(ctx, '/etc/apt/sources.list.d')}`,
      '-o',
      `Dir::State::Lists=${p.join(ctx.stateDir, 'apt-lists')}`,
      '-o',
      'Debug::NoLocking=1',
      '--print-uris',
      'update',
    ];
    const command = [exe ?? 'apt-get', ...args];
    if (!exe) return notInstalled('apt', command);
    await fs.mkdir(p.join(ctx.stateDir, 'apt-lists', 'partial'), { recursive: true });
    const r = await ctx.exec(exe, args, { env: { ...ctx.env }, timeoutMs: 30_000 });
    if (r.code !== 0) {
      return failedToRun('apt', command, r);
    }
    const uris = printedArchives(r.stdout);
    const want = expected ? normalizeMirrorUrl(expected) : null;
    const ok = want === null || uris.some((u) => normalizeMirrorUrl(u) === want);
    const observed = uris[0] ?? null;
    return verdict('apt', command, ok, observed, {
      tool: 'apt-get',
      observed: observed ?? '-',
      expected: expected ?? '-',
    });
  },
};
