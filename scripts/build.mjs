#!/usr/bin/env node
// Build with esbuild: the CLI (also the packaged app's --cli and the elevated helper), the Electron main process
// and the sandboxed preload (one CJS file each, as a sandboxed preload must be), and the renderer with Vite.
// Usage: node scripts/build.mjs core|all
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const what = process.argv[2] ?? 'all';
const out = path.join(root, 'out');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  // Smaller bundles load faster at every launch (the source map keeps stack traces readable).
  minify: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // Prefer packages' ESM builds: jsonc-parser's UMD build hides its requires from the bundler.
  mainFields: ['module', 'main'],
  // checkCatalog below has validated the catalog these bundles carry; loadCatalog then skips it at launch.
  define: { MIRRORKIT_CATALOG_CHECKED: 'true' },
};

/**
 * The mirror catalog (its files, as shared/catalog/source.ts composes them) is validated here, once, instead of at
 * every launch of every bundle: it must pass the schema and come out of validation unchanged (zod drops unknown
 * keys), so the bundles may use it as it is.
 */
async function checkCatalog() {
  const contents = `
    import { isDeepStrictEqual } from 'node:util';
    import { z } from 'zod';
    import { CATALOG_SOURCE as data } from './shared/catalog/source';
    import { CatalogSchema } from './shared/catalog/schema';
    const r = CatalogSchema.safeParse(data);
    if (!r.success) throw new Error('the catalog (shared/catalog/*.json) is not valid:\\n' + z.prettifyError(r.error));
    if (!isDeepStrictEqual(r.data, data)) throw new Error('the catalog (shared/catalog/*.json) holds keys the catalog schema does not know');
  `;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-catalog-check-'));
  try {
    const outfile = path.join(dir, 'check.cjs');
    await build({
      ...common,
      define: {},
      minify: false,
      sourcemap: false,
      stdin: { contents, resolveDir: root, loader: 'ts' },
      outfile,
    });
    createRequire(import.meta.url)(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await checkCatalog();

/** Leaves the harness server's `import('./engine')` to load out/harness-engine.cjs at run time. */
const engineApart = {
  name: 'harness-engine-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/engine$/ }, (a) =>
      a.importer.endsWith(path.join('electron', 'harness', 'server.ts'))
        ? { path: './harness-engine.cjs', external: true }
        : undefined,
    );
  },
};

const entries = [{ entry: 'electron/cli/main.ts', outfile: 'cli.cjs' }];
if (what === 'all') {
  entries.push({ entry: 'electron/main/index.ts', outfile: 'main.cjs', external: ['electron'] });
  entries.push({ entry: 'electron/preload/index.ts', outfile: 'preload.cjs', external: ['electron'] });
  // The harness runs from the checkout, beside node_modules: the probe's HTTP client and the Windows code-page
  // tables load from there when first needed instead of being parsed at every start (~25 ms here).
  // The harness's engine is a bundle of its own, which the server loads once it is listening (electron/harness/engine.ts).
  entries.push({
    entry: 'electron/harness/engine.ts',
    outfile: 'harness-engine.cjs',
    external: ['undici', 'iconv-lite'],
  });
  // import() stays require(): Node's ESM loader would first scan the whole engine for its exports (~0.3 s here).
  entries.push({
    entry: 'electron/harness/server.ts',
    outfile: 'harness.cjs',
    plugins: [engineApart],
    supported: { 'dynamic-import': false },
  });
}

for (const e of entries) {
  if (!existsSync(path.join(root, e.entry))) {
    console.log(`build: ${e.entry} does not exist yet, skipped`);
    continue;
  }
  await build({
    ...common,
    entryPoints: [e.entry],
    outfile: path.join(out, e.outfile),
    external: e.external ?? [],
    plugins: e.plugins ?? [],
    supported: e.supported ?? {},
  });
}

/** Group Policy / Intune templates generated from the policy schema: out/policy/MirrorKit.admx, <culture>/MirrorKit.adml. */
async function writePolicyTemplates() {
  const contents = `
    import fs from 'node:fs';
    import path from 'node:path';
    import { templateFiles } from './electron/core/policy/admx';
    for (const [rel, text] of Object.entries(templateFiles())) {
      const file = path.join(${JSON.stringify(path.join(out, 'policy'))}, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  `;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-admx-'));
  try {
    const outfile = path.join(dir, 'admx.cjs');
    await build({
      ...common,
      minify: false,
      sourcemap: false,
      stdin: { contents, resolveDir: root, loader: 'ts' },
      outfile,
    });
    createRequire(import.meta.url)(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (what === 'all') await writePolicyTemplates();

if (what === 'all' && existsSync(path.join(root, 'renderer', 'index.html'))) {
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const r = spawnSync(vite, ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
