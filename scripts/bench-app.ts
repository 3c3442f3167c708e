/**
 * `npm run bench:app [-- --no-build] [--runs N]`: the two numbers the app is held to.
 *   1. The renderer bundle, gzip-compressed (target ≤ 250 KB).
 *   2. Launch to an interactive Detect page in the harness (target ≤ 1 s): from starting the harness process to
 *      the page showing every tool with its buttons enabled, in an already running Chromium, on a sandboxed
 *      home with the real core. Median of N runs. The page first shows the tools as found (a quick look that
 *      runs none of them), then their versions: the time until every version is shown is printed beside it.
 *   3. One click to Review (target ≤ 300 ms): from clicking Detect's recommended preset, once every version is
 *      shown, to the Review page showing the plan. Planning reuses what Detect found and runs no tool again.
 *   4. Detection in the engine, on this machine's own environment and tools (read only): the quick look (tools
 *      found, their files read, nothing run; target ≤ 300 ms) and the full detection with every version (target
 *      ≤ 2 s, JVM tools included). Median of N, in process, after one warm-up.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { createCore } from '../electron/core/api';
import { createContext } from '../electron/core/context';
import { TARGET_IDS } from '../shared/types/core';
import { createSandbox } from '../test/helpers/sandbox';

const root = path.resolve(import.meta.dirname, '..');
const BUNDLE_TARGET = 250 * 1024;
const LAUNCH_TARGET_MS = 1000;
const REVIEW_TARGET_MS = 300;
const QUICK_TARGET_MS = 300;
const FULL_TARGET_MS = 2000;

/** Detection as the app's first page asks for it, on the real environment: nothing is written. */
async function engineDetection(runs: number): Promise<{ quick: number[]; full: number[]; found: number }> {
  const core = createCore(createContext());
  const time = async (quick: boolean): Promise<number> => {
    const t0 = performance.now();
    await core.status(undefined, { quick });
    return performance.now() - t0;
  };
  await time(true);
  await time(false);
  const quick: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < runs; i++) {
    quick.push(await time(true));
    full.push(await time(false));
  }
  const found = (await core.status(undefined, { quick: true })).filter((t) => t.detection.installed).length;
  return { quick, full, found };
}

function bundleSize(): { files: { name: string; raw: number; gzip: number }[]; gzip: number } {
  const dir = path.join(root, 'out', 'renderer');
  const names = ['index.html', ...readdirSync(path.join(dir, 'assets')).map((n) => path.join('assets', n))];
  const files = names.map((name) => {
    const data = readFileSync(path.join(dir, name));
    return { name, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  });
  return { files, gzip: files.reduce((s, f) => s + f.gzip, 0) };
}

interface Timing {
  serveMs: number;
  shellMs: number;
  interactiveMs: number;
  /** Every tool's version shown (the full detection done, after the quick first look). */
  fullMs: number;
  /** Detect's one-click preset to the Review page. */
  reviewMs: number;
}

/**
 * Recorded inside the page, against the wall clock: when the page's first heading exists, and when the tool
 * cards are shown with the Detect page's main button enabled. (Waiting from outside would add Playwright's own
 * polling delay to the figure.)
 */
const MARKS = `(() => {
  const at = () => performance.timeOrigin + performance.now();
  const check = () => {
    if (!window.__shellAt && document.querySelector('.page-head h1')) window.__shellAt = at();
    if (!window.__readyAt && document.querySelector('.tool-card') && document.querySelector('[data-action="one-click"]:not([disabled])')) window.__readyAt = at();
    if (!window.__fullAt && document.querySelector('.tool-card') && !document.querySelector('.tool-card[data-pending]')) window.__fullAt = at();
    if (window.__clickAt && !window.__reviewAt && document.querySelector('.review-card')) window.__reviewAt = at();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-action="one-click"]')) window.__clickAt = at();
  }, true);
})()`;

async function launchOnce(browser: import('playwright-core').Browser): Promise<Timing> {
  const sandbox = createSandbox('mk-bench-');
  const page = await browser.newPage();
  await page.addInitScript(MARKS);
  const t0 = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'out', 'harness.cjs'), '--port', '0'], {
    cwd: root,
    env: sandbox.env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /MirrorKit wizard: (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`harness exited with ${code}`)));
    });
    const serveMs = Date.now() - t0;
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('[data-action="one-click"]:not([disabled])').waitFor();
    // Polled from outside: the page's CSP forbids the string evaluation waitForFunction would use.
    for (let i = 0; i < 400 && !(await page.evaluate('window.__fullAt !== undefined')); i++)
      await new Promise((r) => setTimeout(r, 25));
    await page.locator('[data-action="one-click"]').click();
    await page.locator('.review-card').first().waitFor();
    for (let i = 0; i < 40 && !(await page.evaluate('window.__reviewAt !== undefined')); i++)
      await new Promise((r) => setTimeout(r, 25));
    const [shellAt, readyAt, fullAt, clickAt, reviewAt] = (await page.evaluate(
      '[window.__shellAt, window.__readyAt, window.__fullAt, window.__clickAt, window.__reviewAt]',
    )) as [number, number, number, number, number];
    return {
      serveMs,
      shellMs: shellAt - t0,
      interactiveMs: readyAt - t0,
      fullMs: fullAt - t0,
      reviewMs: reviewAt - clickAt,
    };
  } finally {
    await page.close();
    child.kill('SIGTERM');
    sandbox.cleanup();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
  if (!args.includes('--no-build')) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'all'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }

  const size = bundleSize();
  console.log('Renderer bundle (out/renderer):');
  for (const f of size.files)
    console.log(
      `  ${f.name.padEnd(36)} ${(f.raw / 1024).toFixed(1).padStart(7)} KB raw  ${(f.gzip / 1024).toFixed(1).padStart(6)} KB gzip`,
    );
  const sizeOk = size.gzip <= BUNDLE_TARGET;
  console.log(
    `  total gzip ${(size.gzip / 1024).toFixed(1)} KB (target ≤ ${BUNDLE_TARGET / 1024} KB): ${sizeOk ? 'ok' : 'OVER'}`,
  );

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const timings: Timing[] = [];
  try {
    await launchOnce(browser); // warm the file cache, as a second launch of an installed app would be
    for (let i = 0; i < runs; i++) timings.push(await launchOnce(browser));
  } finally {
    await browser.close();
  }
  const m = {
    serve: median(timings.map((t) => t.serveMs)),
    shell: median(timings.map((t) => t.shellMs)),
    ready: median(timings.map((t) => t.interactiveMs)),
  };
  const launchOk = m.ready <= LAUNCH_TARGET_MS;
  console.log(`\nLaunch to interactive Detect (harness, median of ${runs}):`);
  console.log(`  harness listening  ${m.serve.toFixed(0)} ms`);
  console.log(`  wizard shell shown ${m.shell.toFixed(0)} ms`);
  console.log(
    `  Detect interactive ${m.ready.toFixed(0)} ms (target ≤ ${LAUNCH_TARGET_MS} ms): ${launchOk ? 'ok' : 'OVER'}`,
  );
  console.log(`  runs: ${timings.map((t) => t.interactiveMs.toFixed(0)).join(', ')} ms`);
  console.log(
    `  every version shown ${median(timings.map((t) => t.fullMs)).toFixed(0)} ms (the full detection, after the quick first look)`,
  );
  const review = median(timings.map((t) => t.reviewMs));
  const reviewOk = review <= REVIEW_TARGET_MS;
  console.log(`\nOne-click preset to Review (median of ${runs}):`);
  console.log(
    `  preset click → Review ${review.toFixed(0)} ms (target ≤ ${REVIEW_TARGET_MS} ms): ${reviewOk ? 'ok' : 'OVER'}`,
  );
  console.log(`  runs: ${timings.map((t) => t.reviewMs.toFixed(0)).join(', ')} ms`);

  const d = await engineDetection(runs);
  const quickOk = median(d.quick) <= QUICK_TARGET_MS;
  const fullOk = median(d.full) <= FULL_TARGET_MS;
  console.log(
    `\nDetection in the engine (this machine: ${d.found} of ${TARGET_IDS.length} tools found; median of ${runs}):`,
  );
  console.log(
    `  quick look ${median(d.quick).toFixed(0)} ms (target ≤ ${QUICK_TARGET_MS} ms): ${quickOk ? 'ok' : 'OVER'}`,
  );
  console.log(
    `  full detection ${median(d.full).toFixed(0)} ms (target ≤ ${FULL_TARGET_MS} ms): ${fullOk ? 'ok' : 'OVER'}`,
  );
  console.log(
    `  runs: quick ${d.quick.map((x) => x.toFixed(0)).join(', ')} ms; full ${d.full.map((x) => x.toFixed(0)).join(', ')} ms`,
  );
  process.exit(sizeOk && launchOk && reviewOk && quickOk && fullOk ? 0 : 1);
}

void main();
