import path from 'node:path';

import { docker as dockerSpec } from '../../../shared/targets/docker';
import type { Change, Message, Origin, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { jsonParseStrict, jsonSet } from '../edit/json';
import { dockerEngineFile } from '../elevate/files';
import { homeDir, pathApi, programData, systemPath, xdgConfigHome } from '../platform/paths';
import { dockerDesktopPaths, dockerDesktopRestartArgv, dockerDesktopStatus } from '../platform/win32/docker-desktop';

import { catalogWarnings, exists, findExecutable, foundOnly, processEnv, rank, readText, toolVersion } from './common';
import { targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { verdict } from './verdict';

const KEY = 'registry-mirrors';

export interface DaemonFile {
  path: string;
  /** System-wide (/etc/docker): root is needed to write it. */
  admin: boolean;
  desktop: boolean;
}

/**
 * Docker Desktop (Windows, macOS) keeps the engine settings in ~/.docker/daemon.json; a Linux engine reads
 * /etc/docker/daemon.json, or ~/.config/docker/daemon.json when it runs rootless.
 */
export async function dockerDaemonFile(ctx: Ctx): Promise<DaemonFile> {
  const p = pathApi(ctx);
  if (ctx.platform !== 'linux')
    return { path: p.join(homeDir(ctx), '.docker', 'daemon.json'), admin: false, desktop: true };
  const rootless = p.join(xdgConfigHome(ctx), 'docker', 'daemon.json');
  const host = processEnv(ctx, 'DOCKER_HOST') ?? '';
  if ((await exists(rootless)) || /^unix:\/\/\/run\/user\//.test(host))
    return { path: rootless, admin: false, desktop: false };
  return { path: systemPath(ctx, '/etc/docker/daemon.json'), admin: true, desktop: false };
}

function mirrorsOf(doc: unknown): string[] {
  const v = (doc as Record<string, unknown>)[KEY];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

async function analyze(ctx: Ctx) {
  const file = await dockerDaemonFile(ctx);
  const text = await readText(file.path);
  let mirrors: string[] = [];
  if (text !== null) {
    try {
      mirrors = mirrorsOf(jsonParseStrict(text));
    } catch (e) {
      throw withPath(e, file.path);
    }
  }
  return { file, text, mirrors };
}

function same(a: string, b: string): boolean {
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}

export const docker: TargetModule = {
  ...dockerSpec,
  machineEnv: {},
  adminFiles: (ctx) =>
    ctx.platform === 'win32'
      ? [dockerEngineFile(path.win32.join(programData(ctx), 'docker', 'config', 'daemon.json'), programData(ctx))]
      : [],

  async detect(ctx, opts) {
    if (ctx.platform === 'win32' && (await exists(dockerDesktopPaths(ctx).exe))) {
      return { target: 'docker', supported: true, installed: true, executable: dockerDesktopPaths(ctx).exe };
    }
    const exe = (await findExecutable(ctx, 'dockerd')) ?? (await findExecutable(ctx, 'docker'));
    if (opts?.quick) return foundOnly('docker', exe);
    const version = exe ? await toolVersion(ctx, exe, ['--version'], /version ([^\s,]+)/) : undefined;
    return {
      target: 'docker',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      ...(exe ? { executable: exe } : {}),
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    const value = a.mirrors.length > 0 ? a.mirrors.join(' ') : null;
    const origin: Origin = value ? { kind: 'file', path: a.file.path, key: KEY } : { kind: 'default' };
    const layers = rank(value ? [{ origin, value }] : []);
    const warnings: Message[] = [];
    for (const m of a.mirrors) warnings.push(...catalogWarnings(ctx, 'docker', m).warnings);
    const match = a.mirrors[0] ? catalogWarnings(ctx, 'docker', a.mirrors[0]).match : undefined;
    return { target: 'docker', value, origin, layers, warnings, ...(match ? { match } : {}) };
  },

  async plan(ctx, choice, opts) {
    const a = await analyze(ctx);
    const official =
      choice.urls.length === 0 || choice.urls.every((u) => ctx.catalog.match('docker', u)?.provider === 'official');
    // Merge: the chosen mirrors first, then the user's own ones that still work; known-dead ones go.
    const kept = a.mirrors.filter(
      (m) => !choice.urls.some((u) => same(u, m)) && ctx.catalog.match('docker', m)?.status !== 'dead',
    );
    const next = official ? kept : [...choice.urls, ...kept];
    const warnings: Message[] = [{ code: 'warn.docker-hub-only' }];
    // The daemon reads mirrors only from its file: --env-scope still writes the file.
    if (opts.envScope) warnings.push({ code: 'warn.env-scope-file-only', params: { target: 'docker' } });
    let after: string;
    try {
      after = jsonSet(a.text ?? '', [KEY], next.length > 0 ? next : undefined, {
        eol: ctx.platform === 'win32' ? '\r\n' : '\n',
      });
    } catch (e) {
      throw withPath(e, a.file.path);
    }
    const changes: Change[] =
      a.text === null && next.length === 0 ? [] : [writeFile('docker', a.file.path, a.text, after, a.file.admin)];
    if (changes.length > 0 && ctx.platform === 'win32') {
      // Docker Desktop reads the file only when it (re)starts; offer the restart when it runs, and say when an
      // administrator's lock makes the setting ineffective.
      const desktop = await dockerDesktopStatus(ctx);
      warnings.push(...desktop.warnings);
      if (desktop.running) {
        const { command, args } = dockerDesktopRestartArgv(ctx);
        changes.push({
          kind: 'runTool',
          target: 'docker',
          argv: [command, ...args],
          admin: false,
          reason: { code: 'warn.docker-desktop-restart' },
          optional: true,
        });
      }
    } else if (changes.length > 0) {
      warnings.push({ code: a.file.desktop ? 'warn.docker-desktop-restart' : 'warn.docker-restart' });
      const reload = await reloadStep(ctx, a.file);
      if (reload) changes.push(reload);
    }
    const before = a.mirrors.length > 0 ? a.mirrors.join(' ') : null;
    return targetPlan('docker', before, next.length > 0 ? next.join(' ') : null, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'docker');
    const args = ['info', '--format', '{{json .RegistryConfig.Mirrors}}'];
    const command = [exe ?? 'docker', ...args];
    const a = await analyze(ctx);
    const inFile = a.mirrors.join(' ') || null;
    if (!exe || !(await daemonReachable(ctx))) {
      // No daemon to ask: the file itself is what the daemon will read when it starts.
      const ok = inFile === expected;
      return {
        target: 'docker',
        ok,
        observed: inFile,
        command,
        ...(ok ? { skipped: { code: 'verify.daemon-not-running' } } : {}),
      };
    }
    const r = await ctx.exec(exe, args, { env: { ...ctx.env }, timeoutMs: 20_000 });
    if (r.code !== 0)
      return {
        target: 'docker',
        ok: inFile === expected,
        observed: inFile,
        command,
        skipped: { code: 'verify.daemon-not-running' },
      };
    let list: string[] = [];
    try {
      list = JSON.parse(r.stdout.trim()) as string[];
    } catch {
      list = [];
    }
    const observed = list.length > 0 ? list.join(' ') : null;
    const ok = (expected ?? '')
      .split(' ')
      .filter(Boolean)
      .every((u) => list.some((m) => same(m, u)));
    return verdict('docker', command, ok, observed, {
      tool: 'docker',
      observed: observed ?? '[]',
      expected: expected ?? '[]',
    });
  },
};

/**
 * On a Linux engine that is running, a reload (SIGHUP via systemd) makes it read the new mirrors without
 * stopping containers. Never for a sandboxed root (MIRRORKIT_SYSROOT): that daemon is not the machine's.
 */
async function reloadStep(ctx: Ctx, file: DaemonFile): Promise<Change | undefined> {
  if (ctx.platform !== 'linux' || ctx.sysroot || !file.admin) return undefined;
  const systemctl = await findExecutable(ctx, 'systemctl');
  if (!systemctl) return undefined;
  const active = await ctx.exec(systemctl, ['is-active', '--quiet', 'docker'], { timeoutMs: 5_000 });
  if (active.code !== 0) return undefined;
  return {
    kind: 'runTool',
    target: 'docker',
    argv: [systemctl, 'reload', 'docker'],
    admin: true,
    reason: { code: 'change.docker-reload' },
    optional: true,
  };
}

/** Is there a daemon where the docker client would look (DOCKER_HOST or the default socket)? */
async function daemonReachable(ctx: Ctx): Promise<boolean> {
  const host = processEnv(ctx, 'DOCKER_HOST');
  if (host) return true;
  if (ctx.platform === 'win32') return true;
  return exists(systemPath(ctx, '/var/run/docker.sock'));
}
