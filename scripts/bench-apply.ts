// `npm run bench:apply [-- --runs N]`: plan + apply time for every target, verify commands off, in a sandboxed
// home with realistic existing config files. Prints the median, min and max (and plan and apply apart, to show
// where the time goes); target: under 150 ms median. N: --runs, else BENCH_RUNS, else 20.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { createCore } from '../electron/core/api';
import { createContext } from '../electron/core/context';
import { loadCatalog } from '../shared/catalog';
import { TARGET_IDS, TARGET_KIND, type TargetChoice } from '../shared/types/core';

/** A typo'd count must not silently become the default: the figures would claim runs that never happened. */
function runCount(): number {
  const at = process.argv.indexOf('--runs');
  const raw = at >= 0 ? process.argv[at + 1] : (process.env.BENCH_RUNS ?? '20');
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(
      `--runs / BENCH_RUNS 须为正整数，收到 "${raw}"。--runs / BENCH_RUNS must be a positive integer, got "${raw}".`,
    );
    process.exit(2);
  }
  return n;
}
const RUNS = runCount();

async function seed(root: string): Promise<Record<string, string>> {
  const home = path.join(root, 'home');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    CARGO_HOME: path.join(home, '.cargo'),
    MIRRORKIT_HOME: path.join(root, 'state'),
    MIRRORKIT_SYSROOT: path.join(root, 'sysroot'),
  };
  const files: Record<string, string> = {
    [path.join(env.XDG_CONFIG_HOME!, 'pip', 'pip.conf')]:
      '# company defaults\n[global]\ntimeout = 60\nindex-url = https://pypi.org/simple\n',
    [path.join(home, '.npmrc')]:
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n@corp:registry=https://npm.corp.example/\nregistry=https://registry.npmjs.org/\n',
    [path.join(env.XDG_CONFIG_HOME!, 'go', 'env')]:
      'GOPROXY=https://proxy.golang.org,direct\nGOPRIVATE=corp.example/*\n',
    [path.join(env.CARGO_HOME!, 'config.toml')]: '# my cargo config\n[net]\ngit-fetch-with-cli = true\n',
    [path.join(env.MIRRORKIT_SYSROOT!, 'etc', 'docker', 'daemon.json')]:
      '{\n  "features": { "buildkit": true },\n  "log-driver": "json-file"\n}\n',
    [path.join(env.MIRRORKIT_SYSROOT!, 'etc', 'apt', 'sources.list.d', 'debian.sources')]:
      'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n',
    // Fedora: a distribution both benchmarked presets (aliyun, tuna) serve.
    [path.join(env.MIRRORKIT_SYSROOT!, 'etc', 'os-release')]: 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=41\n',
    [path.join(env.MIRRORKIT_SYSROOT!, 'etc', 'yum.repos.d', 'fedora.repo')]:
      '[fedora]\nname=Fedora $releasever - $basearch\n#baseurl=http://download.example/pub/fedora/linux/releases/$releasever/Everything/$basearch/os/\nmetalink=https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch\nenabled=1\ngpgcheck=1\n',
  };
  for (const [f, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(f), { recursive: true });
    await fs.writeFile(f, text);
  }
  return env;
}

/**
 * The preset's mirror for every target; Docker Hub has no working public mirror in any preset, so the docker
 * target gets a registry mirror URL of the kind a company runs, to exercise every writer.
 */
function choices(presetId: string): TargetChoice[] {
  const catalog = loadCatalog();
  const preset = catalog.preset(presetId);
  return TARGET_IDS.map((target) => {
    const provider = preset?.choose[target];
    const entry = provider ? catalog.active(TARGET_KIND[target], provider) : undefined;
    return entry
      ? { target, provider: entry.provider, urls: [entry.url] }
      : { target, urls: ['https://registry-mirror.corp.example'] };
  });
}

/** The middle run (the upper one of an even count, as every earlier figure in docs/benchmarks). */
const middle = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const times: number[] = [];
const planTimes: number[] = [];
const applyTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-bench-'));
  const env = await seed(root);
  const core = createCore(createContext({ env, platform: 'linux', isAdmin: true }), { skipVerify: true });
  const t0 = performance.now();
  const plan = await core.plan({
    selection: { kind: 'choices', choices: choices(i % 2 === 0 ? 'aliyun' : 'tuna'), label: 'bench' },
    only: [...TARGET_IDS],
  });
  const t1 = performance.now();
  const result = await core.apply(plan);
  const t2 = performance.now();
  times.push(t2 - t0);
  planTimes.push(t1 - t0);
  applyTimes.push(t2 - t1);
  const changed = plan.targets.filter((t) => t.status === 'change').map((t) => t.target);
  if (i === 0) console.log(`targets changed: ${changed.join(', ')}; status ${result.status}`);
  if (result.status !== 'applied') throw new Error(`bench apply did not apply: ${JSON.stringify(result)}`);
  await fs.rm(root, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
console.log(
  `plan+apply, ${RUNS} runs, all ${TARGET_IDS.length} targets, no verify: median ${middle(times).toFixed(1)} ms, min ${times[0]?.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms (target < 150 ms)`,
);
console.log(
  `  of which plan: median ${middle(planTimes).toFixed(1)} ms; apply: median ${middle(applyTimes).toFixed(1)} ms`,
);
