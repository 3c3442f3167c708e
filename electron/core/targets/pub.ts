import fs from 'node:fs/promises';
import path from 'node:path';

import { pub as pubSpec } from '../../../shared/targets/pub';
import type { Detection, Message, Reading, Verification } from '../../../shared/types/core';
import { mirrorUrl } from '../elevate/values';

import { catalogWarnings, findExecutable, foundOnly, readText, windowsEnvWarnings } from './common';
import { companionValues } from './env-companions';
import { readBack } from './env-readback';
import { envVarLayers, planEnvVars, runAsNewShell } from './env-tool';
import { targetPlan } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, verdict } from './verdict';

const HOSTED = 'PUB_HOSTED_URL';
const STORAGE = 'FLUTTER_STORAGE_BASE_URL';
export const PUB_DEFAULT = 'https://pub.dev';

/**
 * The SDK's version from its own files, without starting the Dart VM (`flutter --version` may download the Dart
 * SDK first): Flutter's bin/cache/flutter.version.json (older SDKs: the `version` file), the Dart SDK's `version`.
 */
async function sdkVersion(exe: string, flutter: boolean): Promise<string | undefined> {
  let root: string;
  try {
    root = path.dirname(path.dirname(await fs.realpath(exe)));
  } catch {
    return undefined;
  }
  if (flutter) {
    const json = await readText(path.join(root, 'bin', 'cache', 'flutter.version.json'));
    try {
      const v = json === null ? undefined : (JSON.parse(json) as { frameworkVersion?: unknown }).frameworkVersion;
      if (typeof v === 'string') return v;
    } catch {
      // a half-written cache file: fall back to the version file
    }
  }
  return (await readText(path.join(root, 'version')))?.trim().split(/\s/)[0] || undefined;
}

/** A value stored with its quotes breaks pub (flutter/flutter#114764): name it. */
function quoted(name: string, value: string | undefined): Message[] {
  return value !== undefined && /^["'“”‘’]|["'“”‘’]$/.test(value)
    ? [{ code: 'pub.quoted', params: { name, value } }]
    : [];
}

const norm = (u: string | null) => (u ?? PUB_DEFAULT).replace(/\/+$/, '').toLowerCase();

export const pub: TargetModule = {
  ...pubSpec,
  machineEnv: { PUB_HOSTED_URL: mirrorUrl, FLUTTER_STORAGE_BASE_URL: mirrorUrl },

  async detect(ctx, opts): Promise<Detection> {
    const flutter = await findExecutable(ctx, 'flutter');
    const exe = flutter ?? (await findExecutable(ctx, 'dart'));
    if (opts?.quick || !exe) return foundOnly('pub', exe);
    const version = await sdkVersion(exe, flutter !== undefined);
    return { target: 'pub', supported: true, installed: true, ...(version ? { version } : {}), executable: exe };
  },

  async read(ctx): Promise<Reading> {
    const { layers } = await envVarLayers(ctx, HOSTED);
    const storage = (await envVarLayers(ctx, STORAGE)).layers[0]?.value;
    const value = layers[0]?.value ?? null;
    const cw = catalogWarnings(ctx, 'pub', value);
    return {
      target: 'pub',
      value,
      origin: layers[0]?.origin ?? { kind: 'default' },
      layers,
      warnings: [
        ...cw.warnings,
        ...quoted(HOSTED, value ?? undefined),
        ...quoted(STORAGE, storage),
        ...(await windowsEnvWarnings(ctx, HOSTED)),
      ],
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? PUB_DEFAULT;
    const { set, unserved, untouched } = companionValues(ctx, 'pub', HOSTED, url);
    const { layers } = await envVarLayers(ctx, HOSTED);
    const { changes, warnings } = await planEnvVars(ctx, 'pub', set, opts.envScope);
    const notes: Message[] = [{ code: 'pub.new-shells' }];
    if (unserved.length > 0) notes.push({ code: 'pub.storage-not-served' });
    if (untouched.length > 0) notes.push({ code: 'pub.storage-untouched' });
    return targetPlan(
      'pub',
      layers[0]?.value ?? null,
      set[HOSTED] ?? null,
      changes,
      [...notes, ...warnings],
      choice.provider,
    );
  },

  /**
   * `flutter doctor -v` prints `• Pub download mirror <url>` when PUB_HOSTED_URL is set (flutter_tools'
   * FlutterValidator). Without Flutter (Dart alone has no such command) the variable is read back as a new
   * terminal would see it.
   */
  async verify(ctx, expected): Promise<Verification> {
    const flutter = await findExecutable(ctx, 'flutter');
    if (flutter) {
      const { command, result: r } = await runAsNewShell(ctx, flutter, ['doctor', '-v'], 180_000);
      const observed = /Pub download mirror (\S+)/.exec(r.stdout)?.[1] ?? null;
      if (r.code !== 0 && observed === null) return failedToRun('pub', command, r);
      return verdict('pub', command, norm(observed) === norm(expected), observed, {
        tool: 'flutter',
        observed: observed ?? PUB_DEFAULT,
        expected: expected ?? PUB_DEFAULT,
      });
    }
    const back = await readBack(ctx, HOSTED);
    if (back.failed) return failedToRun('pub', back.command, back.failed);
    return verdict('pub', back.command, norm(back.value) === norm(expected), back.value, {
      tool: HOSTED,
      observed: back.value ?? PUB_DEFAULT,
      expected: expected ?? PUB_DEFAULT,
    });
  },
};
